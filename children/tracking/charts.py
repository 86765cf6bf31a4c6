"""Results against targets: a bar for each subject's latest result with its target
beside it, drawn with the shared chart frame (vsh.core.charts) so it keeps the same
accessible SVG conventions."""

import re
from html import escape

from django.utils.safestring import SafeString, mark_safe

from vsh.core.charts import PALETTE, TEXT, _fmt, _frame

RESULT_COLOUR = PALETTE[0]
TARGET_COLOUR = PALETTE[1]


def results_chart(
    labels: list[str],
    results: list[float | None],
    targets: list[float | None],
    *,
    title: str,
    minimum: float,
    maximum: float,
    standard: float | None = None,
    value_labels: dict[float, str] | None = None,
    notes: list[str] | None = None,
    width: int = 640,
) -> SafeString:
    """Horizontal pairs of bars (result, target) per label on a scale from `minimum`
    to `maximum`, with an optional dashed line at the national standard. `notes`
    add a word to a result, such as "predicted"."""
    # Room for the longest label at about 7 pixels a character (12px Arial).
    label_width = min(300, 16 + 7 * max((len(label) for label in labels), default=0))
    bar, pair_gap, top = 14, 12, 10
    notes = notes or [""] * len(labels)
    plot = width - label_width - 50
    span = (maximum - minimum) or 1
    named = value_labels or {}

    def length(value: float) -> float:
        return max(2.0, plot * (value - minimum) / span)

    def shown(value: float) -> str:
        return named.get(value, _fmt(value))

    body = []
    pair = 2 * bar + 2
    rows = zip(labels, results, targets, notes, strict=True)
    for i, (label, result, target, note) in enumerate(rows):
        y = top + i * (pair + pair_gap)
        body.append(
            f'<text x="{label_width - 8}" y="{y + pair * 0.6:.1f}" text-anchor="end" '
            f'fill="{TEXT}">{escape(label)}</text>'
        )
        for offset, value, colour, name, extra in (
            (0, result, RESULT_COLOUR, "result", f" ({note})" if note else ""),
            (bar + 2, target, TARGET_COLOUR, "target", ""),
        ):
            if value is None:
                body.append(
                    f'<text x="{label_width + 4}" y="{y + offset + bar - 3}" fill="{TEXT}" '
                    f'font-size="11">no {name}</text>'
                )
                continue
            size = length(value)
            body.append(
                f'<rect x="{label_width}" y="{y + offset}" width="{size:.1f}" '
                f'height="{bar}" fill="{colour}"/>'
                f'<text x="{label_width + size + 4:.1f}" y="{y + offset + bar - 3}" '
                f'fill="{TEXT}" font-size="11">{escape(shown(value) + extra)}</text>'
            )
    bottom = top + len(labels) * (pair + pair_gap)
    if standard is not None:
        x = label_width + plot * (standard - minimum) / span
        body.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{bottom - pair_gap + 4}" '
            f'stroke="{TEXT}" stroke-width="1.5" stroke-dasharray="4 3"/>'
            f'<text x="{x:.1f}" y="{bottom + 10}" text-anchor="middle" fill="{TEXT}">'
            f"standard {escape(shown(standard))}</text>"
        )
    key_y = bottom + 22
    body.append(
        f'<rect x="{label_width}" y="{key_y}" width="12" height="12" fill="{RESULT_COLOUR}"/>'
        f'<text x="{label_width + 16}" y="{key_y + 10}" fill="{TEXT}">Result</text>'
        f'<rect x="{label_width + 90}" y="{key_y}" width="12" height="12" '
        f'fill="{TARGET_COLOUR}"/>'
        f'<text x="{label_width + 106}" y="{key_y + 10}" fill="{TEXT}">Target</text>'
    )
    described = "; ".join(
        f"{label}: result {'none' if r is None else shown(r)}{f' ({n})' if n else ''}, "
        f"target {'none' if t is None else shown(t)}"
        for label, r, t, n in zip(labels, results, targets, notes, strict=True)
    )
    if standard is not None:
        described += f". The national standard is {shown(standard)}."
    return _frame(width, key_y + 20, title, described, body)


def with_room_on_the_right(svg: SafeString, extra: int = 24) -> SafeString:
    """Widen a chart's canvas on the right, so the label of its last point, centred
    on the right edge of the plot, is not cut off."""

    def widen(match: re.Match) -> str:
        width, height = int(match.group(1)), match.group(2)
        wider = width + extra
        return f'viewBox="0 0 {wider} {height}" width="{wider}"'

    return mark_safe(re.sub(r'viewBox="0 0 (\d+) (\d+)" width="\d+"', widen, str(svg), count=1))  # noqa: S308 - the chart's own markup, already escaped
