"""Charts drawn on the server as SVG, so the same chart appears in a page and in a
PDF, needs no script, and keeps to the Content Security Policy (presentation
attributes only, no style attributes). Every chart has a title and a description
for screen readers; pages should also show the figures in a table."""

import itertools
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

# GOV.UK colour palette: distinguishable and with enough contrast on white.
PALETTE = ["#1d70b8", "#f47738", "#00703c", "#d4351c", "#4c2c92", "#b58840", "#5694ca"]
TEXT = "#0b0c0c"
GRID = "#b1b4b6"
TARGET = "#d4351c"
# Unique ids for each chart's title and description within a page.
_ids = itertools.count(1)


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float | None]


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _frame(width: int, height: int, title: str, description: str, body: list[str]) -> SafeString:
    ident = next(_ids)
    labelled_by = f"chart-t{ident} chart-d{ident}"
    return mark_safe(  # noqa: S308 - every text value below is escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" class="vsh-chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{labelled_by}" '
        f'font-family="Arial, sans-serif" font-size="12">'
        f'<title id="chart-t{ident}">{escape(title)}</title>'
        f'<desc id="chart-d{ident}">{escape(description)}</desc>' + "".join(body) + "</svg>"
    )


def bar_chart(
    labels: list[str],
    values: list[float | None],
    *,
    title: str,
    maximum: float | None = None,
    target: float | None = None,
    unit: str = "",
    width: int = 560,
    bar_height: int = 22,
    colour: str = PALETTE[0],
) -> SafeString:
    """Horizontal bars, one per label, with an optional target line."""
    label_width, gap, top = 170, 8, 10
    plot = width - label_width - 60
    peak = maximum or max([v for v in values if v is not None] + [target or 0, 1])
    height = top + len(labels) * (bar_height + gap) + 24
    body = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + i * (bar_height + gap)
        body.append(
            f'<text x="{label_width - 8}" y="{y + bar_height * 0.7:.1f}" text-anchor="end" '
            f'fill="{TEXT}">{escape(label)}</text>'
        )
        if value is None:
            body.append(
                f'<text x="{label_width + 4}" y="{y + bar_height * 0.7:.1f}" fill="{TEXT}">'
                "no data</text>"
            )
            continue
        length = max(0.0, plot * value / peak)
        body.append(
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" '
            f'fill="{colour}"/>'
        )
        body.append(
            f'<text x="{label_width + length + 4:.1f}" y="{y + bar_height * 0.7:.1f}" '
            f'fill="{TEXT}">{_fmt(value)}{escape(unit)}</text>'
        )
    if target is not None:
        x = label_width + plot * target / peak
        bottom = top + len(labels) * (bar_height + gap)
        body.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{bottom}" stroke="{TARGET}" '
            'stroke-width="2" stroke-dasharray="4 3"/>'
        )
        body.append(
            f'<text x="{x:.1f}" y="{bottom + 14}" text-anchor="middle" fill="{TARGET}">'
            f"target {_fmt(target)}{escape(unit)}</text>"
        )
    described = "; ".join(
        f"{label}: {'no data' if v is None else _fmt(v) + unit}"
        for label, v in zip(labels, values, strict=True)
    )
    if target is not None:
        described += f". Target {_fmt(target)}{unit}."
    return _frame(width, height, title, described, body)


def line_chart(
    periods: list[str],
    series: list[Series],
    *,
    title: str,
    minimum: float = 0,
    maximum: float = 100,
    target: float | None = None,
    unit: str = "%",
    width: int = 560,
    height: int = 220,
) -> SafeString:
    """Lines over periods (terms, weeks), one per series, with an optional target."""
    left, right, top, bottom = 40, 40, 12, 48
    plot_w, plot_h = width - left - right, height - top - bottom
    span = (maximum - minimum) or 1

    def y_of(value: float) -> float:
        return top + plot_h * (1 - (value - minimum) / span)

    def x_of(i: int) -> float:
        return left + (plot_w * i / (len(periods) - 1) if len(periods) > 1 else plot_w / 2)

    body = []
    for tick in range(5):
        value = minimum + span * tick / 4
        y = y_of(value)
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}" '
            'stroke-width="1"/>'
        )
        body.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{TEXT}">'
            f"{_fmt(value)}</text>"
        )
    for i, period in enumerate(periods):
        body.append(
            f'<text x="{x_of(i):.1f}" y="{height - bottom + 16}" text-anchor="middle" '
            f'fill="{TEXT}">{escape(period)}</text>'
        )
    if target is not None:
        y = y_of(target)
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{TARGET}" '
            'stroke-width="2" stroke-dasharray="4 3"/>'
        )
    for n, line in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        points = [(x_of(i), y_of(v)) for i, v in enumerate(line.values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            body.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="3"/>'
            )
        for x, y in points:
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>')
        key_x = left + n * 150
        body.append(
            f'<rect x="{key_x}" y="{height - 18}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{key_x + 16}" y="{height - 8}" fill="{TEXT}">{escape(line.label)}</text>'
        )
    described = " ".join(
        f"{line.label}: "
        + ", ".join(
            f"{p} {'no data' if v is None else _fmt(v) + unit}"
            for p, v in zip(periods, line.values, strict=True)
        )
        + "."
        for line in series
    )
    return _frame(width, height, title, described, body)
