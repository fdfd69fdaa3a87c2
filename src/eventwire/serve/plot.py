"""The dashboard's dyad timeline as a static image, for reports (matplotlib, no display needed)."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# The dashboard's QuadClass colours: cooperation in blues/greens, conflict in oranges/reds.
QUAD_COLOURS = {"1": "#4e79a7", "2": "#59a14f", "3": "#f28e2b", "4": "#e15759"}


def image_formats() -> list[str]:
    """The file suffixes an image can be written as (without the dot), as matplotlib's renderer offers them."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    return sorted(FigureCanvasAgg.get_supported_filetypes())


def draw_dyad(data: dict[str, Any], output: Path) -> Path:
    """Draw a :func:`eventwire.serve.relations.dyad` result: mean Goldstein over time above, counts by QuadClass below.

    The image format follows the file suffix (.png, .svg, .pdf).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    series = data["series"]
    periods = [dt.date.fromisoformat(p["period"]) for p in series]
    width = 6 if data["interval"] == "week" else 20
    pair = data["actor"] + (f" – {data['recipient']}" if data.get("recipient") else "")
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(10, 6), sharex=True, gridspec_kw={"height_ratios": [1, 1.3]})
    fig.suptitle(f"{pair}: {data['events']} events ({data['undated']} undated, not drawn), by {data['interval']}")
    top.axhline(0, color="#999999", linewidth=0.8)
    if periods:
        top.plot(periods, [p["goldstein_mean"] for p in series], marker="o", color="#333333")
    top.set_ylabel("mean Goldstein")
    top.set_ylim(-10.5, 10.5)
    bottoms = [0] * len(series)
    for quad, label in data["quads"].items():
        counts = [p["quad"][quad] for p in series]
        bottom.bar(periods, counts, width=width, bottom=bottoms, color=QUAD_COLOURS.get(quad), label=label)
        bottoms = [b + c for b, c in zip(bottoms, counts, strict=True)]
    bottom.set_ylabel("events")
    bottom.legend(loc="upper left", fontsize="small", ncols=2)
    if not periods:
        bottom.text(0.5, 0.5, "no dated events", transform=bottom.transAxes, ha="center", va="center")
    fig.autofmt_xdate()
    fig.tight_layout()
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(output, dpi=120)
    plt.close(fig)
    log.info("dyad plot of %s -> %s", pair, output)
    return output
