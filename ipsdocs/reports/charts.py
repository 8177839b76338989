"""The program reports' charts, drawn with matplotlib.

Why matplotlib: it is the well-kept standard for static charts in Python, draws SVG without a
browser or a JavaScript runtime (Plotly's static export needs Kaleido and Chromium; Vega-Lite needs
vl-convert), and draws hatches, greys and text labels exactly, which is what a chart printed in black
and white needs. The same figure gives SVG for the PDF and PNG for Word.

How: a bare ``matplotlib.figure.Figure`` (no pyplot, so no global state and no display: the Agg and
SVG canvases only). The SVG is deterministic (``svg.hashsalt``, no date) and keeps its text as text
(``svg.fonttype: none``), so pdftotext reads the figures; the font is DejaVu Sans, matplotlib's own
and the one the report pages use. Each bar has its figure written beside it; a bar on the wrong side
of its anchor is hatched as well as darker, so the difference survives a photocopier.

The PDFs put the SVG inline (``<svg>`` in the page): WeasyPrint draws it with its own SVG renderer,
text as text in DejaVu Sans. An ``<img src="data:...">`` is not an option: the PDF path's restricted
fetcher (``render.pdf``) refuses every URL but a file in the template folder, so the chart is dropped.

matplotlib is imported only inside these functions (``import ipsdocs.cli`` must stay light).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

FONT = "DejaVu Sans"
WIDTH_IN = 7.2
"""The text width of a letter page with the reports' margins, in inches."""
GOOD, SHORT = "#c8c8c8", "#6e6e6e"
HATCH = "////"
RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "ipsdocs",
    "font.family": "sans-serif",
    "font.sans-serif": [FONT],
    "font.size": 7,
    "hatch.color": "black",
    "hatch.linewidth": 0.6,
    "axes.linewidth": 0.6,
    "text.parse_math": False,  # a "$" in a specialist's name is text, not mathematics
}


def plain(text: str) -> str:
    """Text fit for a chart: no control characters (SVG is XML, which forbids most of them)."""
    return "".join(ch if ch.isprintable() else " " for ch in text)


@dataclass(frozen=True)
class Anchor:
    """A reference line: its value, its name, and which side of it is short of it."""

    value: float
    label: str
    short_below: bool = True

    def short(self, value: float) -> bool:
        return value < self.value if self.short_below else value > self.value


@dataclass(frozen=True)
class Chart:
    """One drawn chart: SVG markup to put inline in a page, alt text, and the figure for a PNG (Word)."""

    svg: str
    alt: str
    figure: Any

    def png(self) -> bytes:
        """The same figure at 200 dpi, drawn only when asked (the PDFs need none)."""
        with _rc():
            data = io.BytesIO()
            self.figure.savefig(data, format="png", dpi=200, bbox_inches="tight", pad_inches=0.02)
            return data.getvalue()


def _rc() -> Any:
    from matplotlib import rc_context

    return rc_context(RC)


def _draw(figure: Any, alt: str) -> Chart:
    svg = io.StringIO()
    figure.savefig(svg, format="svg", metadata={"Date": None}, bbox_inches="tight", pad_inches=0.02)
    text = svg.getvalue()
    return Chart(text[text.index("<svg") :], alt, figure)  # inline: no XML declaration or DOCTYPE


def hbar(
    labels: Sequence[str],
    values: Sequence[float],
    shown: Sequence[str],
    *,
    title: str,
    axis: str,
    anchor: Anchor | None = None,
    limit: float | None = None,
    width: float = WIDTH_IN,
) -> Chart:
    """Horizontal bars, the first label on top, ``shown`` written beside each bar; ``anchor`` drawn as a line."""
    from matplotlib.figure import Figure

    with _rc():
        figure = Figure(figsize=(width, 0.6 + 0.2 * max(len(labels), 1)))
        axes = figure.subplots()
        top = max([*values, anchor.value if anchor else 0, 1e-9])
        right = limit if limit is not None else top * 1.25
        for row, (value, text) in enumerate(zip(values, shown, strict=True)):
            short = anchor is not None and anchor.short(value)
            axes.barh(row, value, height=0.7, color=SHORT if short else GOOD, edgecolor="black", linewidth=0.5,
                      hatch=HATCH if short else None)  # fmt: skip
            axes.text(value + right * 0.01, row, plain(text), va="center", ha="left", zorder=3,
                      bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.3})  # fmt: skip
        if anchor is not None:
            axes.axvline(anchor.value, color="black", linestyle=(0, (4, 2)), linewidth=0.9)
            axes.text(anchor.value, -0.9, anchor.label, ha="center", va="bottom")
        axes.set_yticks(range(len(labels)), [plain(label) for label in labels])
        axes.set_ylim(len(labels) - 0.5, -1.3 if anchor else -0.6)
        axes.set_xlim(0, right * (1.12 if limit is not None else 1))
        axes.set_xlabel(axis)
        axes.set_title(title, loc="left", fontsize=8, fontweight="bold")
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        alt = f"{title}. " + "; ".join(f"{label}: {text}" for label, text in zip(labels, shown, strict=True))
        return _draw(figure, alt + (f". Line: {anchor.label}." if anchor else "."))


def rate_trend(
    quarters: Sequence[str], rates: Sequence[float | None], shown: Sequence[str], lines: Sequence[tuple[float, str]]
) -> Chart:
    """The employment rate per quarter as bars (0-100 %), each with its figure, and the named benchmark lines."""
    from matplotlib.figure import Figure

    with _rc():
        figure = Figure(figsize=(WIDTH_IN, 2.3))
        axes = figure.subplots()
        for column, (rate, text) in enumerate(zip(rates, shown, strict=True)):
            value = 100 * (rate or 0.0)
            below = rate is not None and rate < min(least for least, _ in lines)
            axes.bar(column, value, width=0.55, color=SHORT if below else GOOD, edgecolor="black", linewidth=0.5,
                     hatch=HATCH if below else None)  # fmt: skip
            # at the bar's foot, below every benchmark line (the lowest is 31 %); a short bar's above it
            box = {"facecolor": "white", "edgecolor": "none", "pad": 0.8}
            axes.text(column, 1.5 if value >= 8 else value + 1.5, plain(text), ha="center", va="bottom",
                      fontweight="bold", zorder=3, bbox=box)  # fmt: skip
        for least, name in lines:
            axes.axhline(100 * least, color="black", linestyle=(0, (4, 2)), linewidth=0.8)
            axes.text(len(quarters) - 0.36, 100 * least, f"{least:.0%} {name}", va="center", ha="left")
        axes.set_xticks(range(len(quarters)), quarters)
        axes.set_xlim(-0.6, len(quarters) - 0.4)
        axes.set_ylim(0, max(60, 100 * max((r or 0.0) for r in [*rates, 0.0]) + 10))
        axes.set_ylabel("people served with a competitive job (%)")
        axes.set_title("Competitive employment rate by quarter", loc="left", fontsize=8, fontweight="bold")
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        alt = "Competitive employment rate by quarter: " + "; ".join(
            f"{q} {t}" for q, t in zip(quarters, shown, strict=True)
        )
        return _draw(figure, alt + ". Benchmark lines: " + ", ".join(f"{v:.0%} {n}" for v, n in lines) + ".")
