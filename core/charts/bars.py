"""Bar charts: one horizontal bar per value, and bars stacked from several series."""
from collections.abc import Sequence

from markupsafe import Markup

from core.charts.svg import (DEFAULT_DESC, MUTED, NOT_SHOWN, NOTHING_YET, PAD, PALETTE, WIDTH, _INK_ON,
                              _axes, _cut, _empty, _labelled, _legend, _rect, _svg, _text, _x_labels, chart_id,
                              nice_ticks, number, text_width, with_unit)


# --- Horizontal bars -------------------------------------------------------------------------------

def bars(items: Sequence[tuple[str, float | int | None]], *, title, unit: str = "", max_value=None,
         hidden_text=NOT_SHOWN, desc=DEFAULT_DESC, empty_text=NOTHING_YET, id: str | None = None) -> Markup:
    """One horizontal bar per (label, value), the label above its bar and the value at its end.

    None: no bar, `hidden_text` where the value would be; a text ("5 or more"): no bar, that text.
    `max_value` (say 100 for percentages) sets the length of a full bar; by default the largest value fills
    the width.
    """
    items = [(str(label), str(value) if value is not None and not isinstance(value, (int, float)) else value)
             for label, value in items]
    ident = id or chart_id(title, "bars", items)
    if not items:
        return _empty(ident, title, desc, empty_text)
    top = max_value if max_value is not None else max((value for _, value in items if isinstance(value, (int, float))),
                                                      default=0)
    top = top or 1
    track = WIDTH - 2 * PAD - 90  # room for the value after the longest bar
    body, y = [], 36
    for label, value in items:
        body.append(_text(PAD, y + 13, _cut(label)))
        if value is None or isinstance(value, str):
            body.append(_text(PAD, y + 31, hidden_text if value is None else value, fill=MUTED, font_style="italic"))
        else:
            length = track * min(value, top) / top
            shown = with_unit(value, unit)
            body.append(_rect(PAD, y + 18, length, 16, PALETTE[0], tooltip=_labelled(label, shown)))
            body.append(_text(PAD + length + 6, y + 31, shown, font_weight="bold"))
        y += 42
    return _svg(ident, title, desc, y + PAD, body)


# --- Stacked bars -----------------------------------------------------------------------------------

def stacked_bars(categories: Sequence[str], series: Sequence[tuple[str, Sequence[int | None]]], *, title,
                 horizontal: bool | None = None, desc=DEFAULT_DESC, empty_text=NOTHING_YET,
                 id: str | None = None) -> Markup:
    """Bars made of one segment per series: series[i] = (name, one value per category).

    Columns over the categories (days, weeks) unless their labels are long (event names): then one row
    per category, as `bars` draws. `horizontal` forces either. None counts as 0 (nothing drawn).
    """
    categories = [str(category) for category in categories]
    series = [(str(name), [values[index] if index < len(values) else None for index in range(len(categories))])
              for name, values in series]
    ident = id or chart_id(title, "stacked", categories, series)
    if not categories or not series:
        return _empty(ident, title, desc, empty_text)
    if horizontal is None:
        horizontal = max(len(category) for category in categories) > 12
    legend, legend_height = _legend([name for name, _ in series], 32)
    top = 32 + legend_height + 6
    totals = [sum(values[index] or 0 for _, values in series) for index in range(len(categories))]
    draw = _stacked_rows if horizontal else _stacked_columns
    body, height = draw(categories, series, totals, top)
    return _svg(ident, title, desc, height, legend + body)


def _segment_label(value, x, y, width, height, colour) -> str:
    shown = number(value)
    if height < 13 or width < text_width(shown, 11) + 4:
        return ""
    return _text(x + width / 2, y + height / 2 + 4, shown, font_size=11, text_anchor="middle",
                 fill=_INK_ON.get(colour, "#000000"))


def _segments(series, index: int) -> int:
    """How many series have something in the bar of category `index`."""
    return sum(1 for _name, values in series if values[index])


def _stacked_rows(categories, series, totals, top):
    track = WIDTH - 2 * PAD - 70
    scale = track / (max(totals) or 1)
    body, y = [], top
    for index, category in enumerate(categories):
        body.append(_text(PAD, y + 13, _cut(category)))
        x = PAD
        # A bar of one segment has its number once, at its end, as its total: not inside it again.
        several = _segments(series, index) > 1
        for series_index, (name, values) in enumerate(series):
            value = values[index] or 0
            if not value:
                continue
            colour = PALETTE[series_index % len(PALETTE)]
            width = value * scale
            body.append(_rect(x, y + 18, width, 18, colour, tooltip=_labelled(f"{category}, {name}", number(value)),
                              stroke="#ffffff", stroke_width="1"))
            if several:
                body.append(_segment_label(value, x, y + 18, width, 18, colour))
            x += width
        body.append(_text(x + 6, y + 32, number(totals[index]), font_weight="bold"))
        y += 44
    return body, y + PAD


def _stacked_columns(categories, series, totals, top):
    left, right, plot_height = PAD + 44, WIDTH - PAD, 220
    top += 14  # room for the total over the tallest column
    ticks = nice_ticks(max(totals), integer=True)
    body, y_of = _axes(ticks, top, plot_height, left, right)
    band = (right - left) / len(categories)
    width = min(band * 0.72, 56)

    def centre_of(index):
        return left + band * (index + 0.5)

    for index, category in enumerate(categories):
        x, base = centre_of(index) - width / 2, top + plot_height
        several = _segments(series, index) > 1
        for series_index, (name, values) in enumerate(series):
            value = values[index] or 0
            if not value:
                continue
            colour = PALETTE[series_index % len(PALETTE)]
            height = plot_height * value / (ticks[-1] or 1)
            body.append(_rect(x, base - height, width, height, colour,
                              tooltip=_labelled(f"{category}, {name}", number(value)), stroke="#ffffff",
                              stroke_width="1"))
            if several:
                body.append(_segment_label(value, x, base - height, width, height, colour))
            base -= height
        if totals[index] and band >= text_width(number(totals[index]), 11):
            body.append(_text(centre_of(index), base - 4, number(totals[index]), font_size=11,
                              text_anchor="middle", font_weight="bold"))
    body += _x_labels(categories, centre_of, band, top + plot_height + 16)
    return body, top + plot_height + 28
