"""Average scores on a scale (1 to 5), one row per question."""
from collections.abc import Sequence

from markupsafe import Markup, escape

from core.charts.svg import (DEFAULT_DESC, GRID, MUTED, NOT_SHOWN, NOTHING_YET, PAD, PALETTE, WIDTH, _attrs,
                              _cut, _empty, _f, _labelled, _rect, _svg, _text, _x, chart_id, number)


# --- Scores -----------------------------------------------------------------------------------------

def scores(items: Sequence[tuple[str, float | None]], *, title, low: int = 1, high: int = 5, low_label: str = "",
           high_label: str = "", hidden_text=NOT_SHOWN, desc=DEFAULT_DESC, empty_text=NOTHING_YET,
           id: str | None = None) -> Markup:
    """Average scores on a `low`–`high` scale, one row per (label, score): a bar from `low` to the score,
    a mark at the score and its value. None: no mark, `hidden_text` instead (too few answers).

    `low_label` and `high_label` name the ends of the scale ("Strongly disagree").
    """
    items = [(str(label), value) for label, value in items]
    ident = id or chart_id(title, "scores", items, low, high)
    if not items:
        return _empty(ident, title, desc, empty_text)
    left, right = PAD + 6, WIDTH - PAD - 50
    span = (high - low) or 1

    def x_of(value):
        return left + (right - left) * (min(max(value, low), high) - low) / span

    body, y = [], 40
    for step in range(low, high + 1):
        body.append(_text(x_of(step), y + 8, number(step), font_size=11, text_anchor="middle", fill=MUTED))
    if low_label or high_label:
        body.append(_text(left - 6, y + 24, low_label, font_size=11, fill=MUTED))
        body.append(_text(right + 6, y + 24, high_label, font_size=11, fill=MUTED, text_anchor="end"))
        y += 16
    y += 16
    rows_top = y
    for label, value in items:
        body.append(_text(PAD, y + 13, _cut(label)))
        if value is None:
            body.append(_text(PAD, y + 33, hidden_text, fill=MUTED, font_style="italic"))
        else:
            shown = number(value, "0" if isinstance(value, int) else "0.0")  # an int: given to the whole point
            body.append(_rect(left, y + 21, x_of(value) - left, 10, PALETTE[0], tooltip=_labelled(label, shown),
                              opacity="0.35"))
            body.append(f'<circle cx="{_f(_x(x_of(value)))}" cy="{_f(y + 26)}" r="6" fill="{PALETTE[0]}" '
                        f'stroke="#ffffff" stroke-width="1.5"><title>{escape(label)}: {escape(shown)}</title>'
                        f'</circle>')
            body.append(_text(x_of(value) + 10, y + 30, shown, font_weight="bold"))
        y += 44
    grid = [f'<line x1="{_f(_x(x_of(step)))}" y1="{_f(rows_top + 16)}" x2="{_f(_x(x_of(step)))}" y2="{_f(y - 6)}" '
            f'stroke="{GRID}" stroke-width="1"{_attrs({"stroke_dasharray": "" if step in (low, high) else "3 3"})}/>'
            for step in range(low, high + 1)]
    return _svg(ident, title, desc, y + PAD, grid + body)
