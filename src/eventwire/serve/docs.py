"""The API's documentation pages, Swagger UI at ``/docs`` and ReDoc at ``/redoc``, served with no network.

FastAPI's own pages load their scripts and styles from a CDN, so they stay
blank on a machine without internet. Here the assets come from the
``fastapi-offline`` package (in the ``serve`` extra), which ships Swagger UI
and ReDoc, and are served by the app itself under ``/docs-assets``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from eventwire.errors import StoreError

ASSETS_URL = "/docs-assets"
PACKAGE = "fastapi_offline"
# Both pages run inline set-up scripts; ReDoc links a logo from its vendor's CDN, which this keeps from loading.
POLICY = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:")


def assets_folder() -> Path:
    """The folder of Swagger UI's and ReDoc's files in the installed package.

    Raises:
        StoreError: the package is not installed, saying how to install it.
    """
    spec = importlib.util.find_spec(PACKAGE)
    folder = Path(spec.origin).parent / "static" if spec and spec.origin else None
    if folder is None or not (folder / "swagger-ui-bundle.js").is_file():
        raise StoreError("Serving the API docs needs the fastapi-offline package: pip install 'eventwire[serve]'")
    return folder


def add_docs(app: FastAPI) -> None:
    """Add ``/docs`` and ``/redoc`` to an app built with ``docs_url=None, redoc_url=None``."""
    app.mount(ASSETS_URL, StaticFiles(directory=assets_folder()), name="docs-assets")
    title = f"{app.title} API"

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return _local(get_swagger_ui_html(
            openapi_url=app.openapi_url, title=title, swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_URL}/swagger-ui.css", swagger_favicon_url=f"{ASSETS_URL}/favicon.png"))

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return _local(get_redoc_html(openapi_url=app.openapi_url, title=title, redoc_js_url=f"{ASSETS_URL}/redoc.standalone.js",
                                     redoc_favicon_url=f"{ASSETS_URL}/favicon.png", with_google_fonts=False))


def _local(page: HTMLResponse) -> HTMLResponse:
    page.headers["Content-Security-Policy"] = POLICY
    return page
