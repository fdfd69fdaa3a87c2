"""Serving a store over HTTP: the JSON/CSV API, the dashboard, and the same views as plots."""
