"""Charts drawn on the server as inline SVG: they need no script, work offline and print in PDFs.

Every chart goes with a table of its numbers (the chart says so in its <desc>); it is a picture of them,
not the only place they are. So that nobody needs to tell colours apart, values are written on the bars,
multi-series charts have a legend in words, lines have their own marker shape and dash, and colours
come from the Okabe–Ito palette, which readers with any common colour-vision deficiency can tell apart.

The markup holds presentation attributes only (fill=, font-size=...): the site's Content Security
Policy forbids inline styles, and WeasyPrint (the PDF) reads the attributes as Chromium does. Each chart
has a viewBox and no fixed size, so it scales to the width of its page or column. Charts are not
mirrored on right-to-left pages: axes and numbers read left to right in every language (the root says
direction="ltr"), while each label keeps the direction of its own script.

Hidden values: a value of None (a small group, a score from too few answers) draws no bar or mark and
is labelled with `hidden_text` instead of a number, so the chart shows that something is withheld.
"""
from collections.abc import Sequence
import hashlib
import math

from flask_babel import format_decimal, format_percent, gettext as _, lazy_gettext as _l
from markupsafe import Markup, escape

#: Okabe & Ito (2008), the order chosen so that the first colours also contrast well with white.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
#: The colour of text written on each palette colour (WCAG contrast of 4.5:1 or more).
_INK_ON = {"#0072B2": "#ffffff", "#000000": "#ffffff"}
#: Each line of a line chart also has its own dash pattern and marker, in this order.
_DASHES = ("", "7 4", "2 3", "10 3 2 3")
_MARKERS = ("circle", "square", "triangle", "diamond")

NOTHING_YET = _l("Nothing to count yet.")
DEFAULT_DESC = _l("The numbers of this chart are in the table that goes with it.")
NOT_SHOWN = _l("not shown")

WIDTH = 640
PAD = 8
FONT = "'Noto Sans', 'Noto Sans Arabic', 'Noto Sans CJK SC', system-ui, sans-serif"
TEXT_COLOUR = "#1a1a1a"
MUTED = "#595959"  # 7:1 on white
GRID = "#d0d0d0"
#: Labels longer than this are cut (with an ellipsis): the table gives them in full.
LABEL_CHARS = 80
#: An estimate of the width of a character at font-size 12, for laying out legends and axis labels.
CHAR_WIDTH = 6.6


# --- Numbers and text --------------------------------------------------------------------------------

def number(value, format="#,##0.#") -> str:
    """A value as the page's language writes it (1,234.5 / 1 234,5)."""
    return format_decimal(value, format=format)


def with_unit(value, unit: str = "") -> str:
    if unit == "%":
        # "45.5%", "45,5 %", "%45.5": where the sign goes, and with what space, is the language's business.
        return format_percent(0).replace("0", number(value), 1)
    return f"{number(value)}\u00a0{unit}" if unit else number(value)


def _cut(label, limit: int = LABEL_CHARS) -> str:
    label = str(label)
    return label if len(label) <= limit else label[:limit - 1].rstrip() + "…"


def _f(value: float) -> str:
    """A coordinate, short."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _attrs(attributes: dict) -> str:
    return "".join(f' {name.rstrip("_").replace("_", "-")}="{escape(value)}"'
                   for name, value in attributes.items() if value is not None and value != "")


def _text(x, y, content, **attributes) -> str:
    attributes.setdefault("fill", TEXT_COLOUR)
    return f'<text x="{_f(x)}" y="{_f(y)}"{_attrs(attributes)}>{escape(content)}</text>'


def _labelled(label, value) -> str:
    """"Africa: 6", punctuated as the page's language writes it ("Afrique : 6")."""
    return _("%(action)s: %(item)s", action=label, item=value)


def _rect(x, y, width, height, fill, tooltip: str = "", **attributes) -> str:
    inner = f"<title>{escape(tooltip)}</title>" if tooltip else ""
    return (f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(max(width, 0))}" height="{_f(max(height, 0))}" '
            f'fill="{fill}"{_attrs(attributes)}>{inner}</rect>')


def text_width(content, size: float = 12) -> float:
    return len(str(content)) * CHAR_WIDTH * size / 12


def chart_id(title, *data) -> str:
    """An id for the chart's elements, the same for the same chart: one page may hold many charts."""
    digest = hashlib.sha1(repr((str(title),) + data).encode()).hexdigest()[:10]
    return f"chart-{digest}"


def _svg(ident: str, title, desc, height: float, body: list[str]) -> Markup:
    ident = escape(ident)
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {WIDTH} {_f(height)}" '
            f'width="100%" role="img" aria-labelledby="{ident}-title" aria-describedby="{ident}-desc" '
            f'direction="ltr" font-family="{escape(FONT)}" font-size="12">'
            f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(desc)}</desc>')
    visible_title = _text(PAD, 20, _cut(title, 90), font_size=15, font_weight="bold", aria_hidden="true")
    return Markup(head + visible_title + "".join(body) + "</svg>")


def _empty(ident, title, desc, empty_text) -> Markup:
    return _svg(ident, title, desc, 64, [_text(PAD, 48, empty_text, fill=MUTED, font_style="italic")])


def nice_ticks(top: float, count: int = 5, integer: bool = False) -> list[float]:
    """Round tick values from 0 to at least `top` (0, 5, 10... or 0, 200, 400...); whole numbers only
    when `integer` (counts of people: no tick at 2.5)."""
    if top <= 0:
        return [0, 1]
    raw = top / max(count - 1, 1)
    if integer:
        raw = max(raw, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    steps = (1, 2, 5, 10) if integer else (1, 2, 2.5, 5, 10)
    step = next(m * magnitude for m in steps if m * magnitude >= raw)
    if float(step).is_integer():
        step = int(step)
    ticks = [0]
    while ticks[-1] < top:
        ticks.append(ticks[-1] + step)
    return ticks


def _legend(names: Sequence[str], y: float, kind: str = "box") -> tuple[list[str], float]:
    """A legend in words, wrapped over as many lines as it needs; returns its markup and its height."""
    parts, x, line = [], PAD, 0
    for index, name in enumerate(names):
        name = _cut(name, 40)
        item_width = 22 + text_width(name) + 16
        if x > PAD and x + item_width > WIDTH - PAD:
            x, line = PAD, line + 1
        top = y + line * 20
        colour = PALETTE[index % len(PALETTE)]
        if kind == "line":
            parts.append(_line_sample(x, top + 7, index, colour))
        else:
            parts.append(_rect(x, top, 14, 14, colour, stroke=TEXT_COLOUR, stroke_width="0.5"))
        parts.append(_text(x + 20, top + 11.5, name))
        x += item_width
    return parts, (line + 1) * 20


# --- Horizontal bars -------------------------------------------------------------------------------

def bars(items: Sequence[tuple[str, float | int | None]], *, title, unit: str = "", max_value=None,
         hidden_text=NOT_SHOWN, desc=DEFAULT_DESC, empty_text=NOTHING_YET, id: str | None = None) -> Markup:
    """One horizontal bar per (label, value), the label above its bar and the value at its end.

    None: no bar, `hidden_text` where the value would be. `max_value` (say 100 for percentages) sets
    the length of a full bar; by default the largest value fills the width.
    """
    items = [(str(label), value) for label, value in items]
    ident = id or chart_id(title, "bars", items)
    if not items:
        return _empty(ident, title, desc, empty_text)
    top = max_value if max_value is not None else max((value or 0 for _, value in items), default=0)
    top = top or 1
    track = WIDTH - 2 * PAD - 90  # room for the value after the longest bar
    body, y = [], 36
    for label, value in items:
        body.append(_text(PAD, y + 13, _cut(label)))
        if value is None:
            body.append(_text(PAD, y + 31, hidden_text, fill=MUTED, font_style="italic"))
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


def _stacked_rows(categories, series, totals, top):
    track = WIDTH - 2 * PAD - 70
    scale = track / (max(totals) or 1)
    body, y = [], top
    for index, category in enumerate(categories):
        body.append(_text(PAD, y + 13, _cut(category)))
        x = PAD
        for series_index, (name, values) in enumerate(series):
            value = values[index] or 0
            if not value:
                continue
            colour = PALETTE[series_index % len(PALETTE)]
            width = value * scale
            body.append(_rect(x, y + 18, width, 18, colour, tooltip=_labelled(f"{category}, {name}", number(value)),
                              stroke="#ffffff", stroke_width="1"))
            body.append(_segment_label(value, x, y + 18, width, 18, colour))
            x += width
        body.append(_text(x + 6, y + 32, number(totals[index]), font_weight="bold"))
        y += 44
    return body, y + PAD


def _axes(ticks, top, plot_height, left, right, unit=""):
    """Horizontal grid lines with their values on the left; returns markup and value -> y."""
    high = ticks[-1] or 1

    def y_of(value):
        return top + plot_height * (1 - value / high)

    body = []
    for tick in ticks:
        y = y_of(tick)
        body.append(f'<line x1="{_f(left)}" y1="{_f(y)}" x2="{_f(right)}" y2="{_f(y)}" stroke="{GRID}" '
                    f'stroke-width="1"/>')
        body.append(_text(left - 6, y + 4, with_unit(tick, unit), font_size=11, text_anchor="end", fill=MUTED))
    body.append(f'<line x1="{_f(left)}" y1="{_f(top + plot_height)}" x2="{_f(right)}" '
                f'y2="{_f(top + plot_height)}" stroke="{MUTED}" stroke-width="1"/>')
    return body, y_of


def _x_labels(categories, centre_of, band, y) -> list[str]:
    """The categories under the axis, every n-th one when they would not all fit."""
    widest = max(text_width(_cut(category, 14), 11) for category in categories) + 8
    every = max(1, math.ceil(widest / max(band, 1)))
    body = []
    for index, category in enumerate(categories):
        if index % every == 0 or (index == len(categories) - 1 and every == 1):
            body.append(_text(centre_of(index), y, _cut(category, 14), font_size=11, text_anchor="middle",
                              fill=MUTED))
    return body


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
        for series_index, (name, values) in enumerate(series):
            value = values[index] or 0
            if not value:
                continue
            colour = PALETTE[series_index % len(PALETTE)]
            height = plot_height * value / (ticks[-1] or 1)
            body.append(_rect(x, base - height, width, height, colour,
                              tooltip=_labelled(f"{category}, {name}", number(value)), stroke="#ffffff",
                              stroke_width="1"))
            body.append(_segment_label(value, x, base - height, width, height, colour))
            base -= height
        if totals[index] and band >= text_width(number(totals[index]), 11):
            body.append(_text(centre_of(index), base - 4, number(totals[index]), font_size=11,
                              text_anchor="middle", font_weight="bold"))
    body += _x_labels(categories, centre_of, band, top + plot_height + 16)
    return body, top + plot_height + 28


# --- Lines ------------------------------------------------------------------------------------------

def _marker(kind: str, x: float, y: float, colour: str, tooltip: str = "") -> str:
    inner = f"<title>{escape(tooltip)}</title>" if tooltip else ""
    if kind == "circle":
        return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="4" fill="{colour}">{inner}</circle>'
    if kind == "square":
        return _rect(x - 3.5, y - 3.5, 7, 7, colour, tooltip=tooltip)
    if kind == "triangle":
        points = f"{_f(x)},{_f(y - 5)} {_f(x + 4.5)},{_f(y + 3.5)} {_f(x - 4.5)},{_f(y + 3.5)}"
    else:
        points = f"{_f(x)},{_f(y - 5)} {_f(x + 5)},{_f(y)} {_f(x)},{_f(y + 5)} {_f(x - 5)},{_f(y)}"
    return f'<polygon points="{points}" fill="{colour}">{inner}</polygon>'


def _line_sample(x, y, index, colour) -> str:
    dash = _DASHES[index % len(_DASHES)]
    return (f'<line x1="{_f(x)}" y1="{_f(y)}" x2="{_f(x + 16)}" y2="{_f(y)}" stroke="{colour}" stroke-width="2.5"'
            f'{_attrs({"stroke_dasharray": dash})}/>' + _marker(_MARKERS[index % len(_MARKERS)], x + 8, y, colour))


def line(points_x: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], *, title, unit: str = "",
         desc=DEFAULT_DESC, empty_text=NOTHING_YET, id: str | None = None) -> Markup:
    """One line per series over the labels `points_x` (evenly spaced: dates, events in order).

    A None value breaks the line. Each line has its own dash and marker, and its last value is written
    at its end.
    """
    points_x = [str(label) for label in points_x]
    series = [(str(name), [values[index] if index < len(values) else None for index in range(len(points_x))])
              for name, values in series]
    ident = id or chart_id(title, "line", points_x, series)
    values = [value for _, row in series for value in row if value is not None]
    if not points_x or not values:
        return _empty(ident, title, desc, empty_text)
    legend, legend_height = _legend([name for name, _ in series], 32, kind="line") if len(series) > 1 else ([], 0)
    top = 32 + legend_height + 14
    left, right, plot_height = PAD + 52, WIDTH - PAD - 48, 200
    ticks = nice_ticks(max(values), integer=all(isinstance(value, int) for value in values))
    body, y_of = _axes(ticks, top, plot_height, left, right, unit)
    band = (right - left) / len(points_x)

    def centre_of(index):
        return left + band * (index + 0.5)

    for series_index, (name, row) in enumerate(series):
        colour = PALETTE[series_index % len(PALETTE)]
        dash = _DASHES[series_index % len(_DASHES)]
        runs, run = [], []
        for index, value in enumerate(row):
            if value is None:
                runs, run = runs + [run] if run else runs, []
            else:
                run.append((centre_of(index), y_of(value)))
        runs += [run] if run else []
        for run in runs:
            if len(run) > 1:
                points = " ".join(f"{_f(x)},{_f(y)}" for x, y in run)
                body.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5" '
                            f'stroke-linejoin="round"{_attrs({"stroke_dasharray": dash})}/>')
        # Markers only where they do not crowd into a band: each point still has its value in the table.
        if band >= 9:
            for index, value in enumerate(row):
                if value is not None:
                    body.append(_marker(_MARKERS[series_index % len(_MARKERS)], centre_of(index), y_of(value),
                                        colour,
                                        tooltip=_labelled(f"{name}, {points_x[index]}", with_unit(value, unit))))
        last = max((index for index, value in enumerate(row) if value is not None), default=None)
        if last is not None:
            body.append(_text(centre_of(last) + 8, y_of(row[last]) + 4 - 12 * (series_index % 2),
                              with_unit(row[last], unit), font_size=11, font_weight="bold"))
    body += _x_labels(points_x, centre_of, band, top + plot_height + 16)
    return _svg(ident, title, desc, top + plot_height + 28, legend + body)


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
            shown = number(value, "0.0")
            body.append(_rect(left, y + 21, x_of(value) - left, 10, PALETTE[0], tooltip=_labelled(label, shown),
                              opacity="0.35"))
            body.append(f'<circle cx="{_f(x_of(value))}" cy="{_f(y + 26)}" r="6" fill="{PALETTE[0]}" '
                        f'stroke="#ffffff" stroke-width="1.5"><title>{escape(label)}: {escape(shown)}</title>'
                        f'</circle>')
            body.append(_text(x_of(value) + 10, y + 30, shown, font_weight="bold"))
        y += 44
    grid = [f'<line x1="{_f(x_of(step))}" y1="{_f(rows_top + 16)}" x2="{_f(x_of(step))}" y2="{_f(y - 6)}" '
            f'stroke="{GRID}" stroke-width="1"{_attrs({"stroke_dasharray": "" if step in (low, high) else "3 3"})}/>'
            for step in range(low, high + 1)]
    return _svg(ident, title, desc, y + PAD, grid + body)


# --- The region map ---------------------------------------------------------------------------------

#: Sequential blues (ColorBrewer's "Blues"), darker for a larger share: lightness, not hue, carries the
#: value, so the map reads for every colour vision and in greyscale print. (upper bound in %, colour)
SHADES = ((10, "#deebf7"), (25, "#9ecae1"), (50, "#4292c6"), (None, "#08519c"))
NO_ONE = "#f2f2f2"
SEA = "#ffffff"
MAP_SCALE = WIDTH / 360  # one degree of longitude or latitude, in the map's units
NORTH, SOUTH = 84, -57


def _project(longitude: float, latitude: float, top: float) -> tuple[float, float]:
    return (longitude + 170) * MAP_SCALE, top + (NORTH - latitude) * MAP_SCALE


def _shade(share: float) -> str:
    return next(colour for bound, colour in SHADES if bound is None or share < bound)


def region_map(values: dict, *, title, total: int, hidden_text=NOT_SHOWN, desc=DEFAULT_DESC,
               id: str | None = None) -> Markup:
    """UNESCO's five regions on a simple world outline (core.world_regions), each shaded by its share of
    `total` and labelled with its name, number and share. `values`: {region key: people}; None: a small
    group, hatched and labelled `hidden_text`; a region left out or 0: no one.
    """
    from flask_babel import gettext

    from core.regions import UNESCO_REGIONS
    from core.world_regions import ISLANDS, LABELS, OUTLINES

    ident = id or chart_id(title, "region_map", sorted(values.items(), key=lambda item: str(item[0])), total)
    top = 32
    hatch = f"{escape(ident)}-hidden"
    body = [f'<defs><pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse">'
            f'<rect width="6" height="6" fill="{NO_ONE}"/>'
            f'<path d="M-1,1 L1,-1 M0,6 L6,0 M5,7 L7,5" stroke="#8c8c8c" stroke-width="1.2"/></pattern></defs>',
            _rect(0, top, WIDTH, (NORTH - SOUTH) * MAP_SCALE, SEA, stroke=GRID, stroke_width="1")]
    fills = {}
    for region in UNESCO_REGIONS:
        value = values.get(region, 0)
        fills[region] = (f"url(#{hatch})" if value is None else
                         _shade(100 * value / total) if value and total else NO_ONE)
    for region, polygons in OUTLINES.items():
        for polygon in polygons:
            points = " ".join(f"{_f(x)},{_f(y)}" for x, y in (_project(lon, lat, top) for lon, lat in polygon))
            body.append(f'<polygon points="{points}" fill="{fills[region]}" stroke="#737373" stroke-width="0.6" '
                        f'stroke-linejoin="round"/>')
        for lon, lat in ISLANDS.get(region, []):
            x, y = _project(lon, lat, top)
            body.append(f'<circle cx="{_f(x)}" cy="{_f(y)}" r="2.2" fill="{fills[region]}" stroke="#737373" '
                        f'stroke-width="0.6"/>')
    for region, name in UNESCO_REGIONS.items():
        value = values.get(region, 0)
        figure = hidden_text if value is None else (
            f"{number(value)} · {with_unit(100 * value / total, '%')}" if total and value else number(value or 0))
        x, y = _project(*LABELS[region], top)
        width = max(text_width(name, 11), text_width(figure, 11)) + 12
        x = min(max(x - width / 2, 4), WIDTH - width - 4)
        body.append(_rect(x, y - 15, width, 32, "#ffffff", tooltip=_labelled(name, figure), stroke="#737373",
                          stroke_width="0.6", rx="3", fill_opacity="0.92"))
        body.append(_text(x + 6, y - 2, name, font_size=11))
        body.append(_text(x + 6, y + 12, figure, font_size=11, font_weight="bold"))
    # The legend: what each shade stands for.
    y = top + (NORTH - SOUTH) * MAP_SCALE + 12
    keys, low = [], 0
    for bound, colour in SHADES:
        label = (gettext("%(low)s to %(high)s", low=with_unit(low, "%"), high=with_unit(bound, "%")) if bound
                 else gettext("%(low)s and more", low=with_unit(low, "%")))
        keys.append((colour, label))
        low = bound
    if any(value is None for value in values.values()):
        keys.append((f"url(#{hatch})", str(hidden_text)))
    if any(not values.get(region) and values.get(region, 0) is not None for region in UNESCO_REGIONS):
        keys.append((NO_ONE, gettext("no one")))
    x = PAD
    for colour, label in keys:
        if x + 24 + text_width(label, 11) > WIDTH - PAD:
            x, y = PAD, y + 18
        body.append(_rect(x, y, 14, 14, colour, stroke="#737373", stroke_width="0.6"))
        body.append(_text(x + 19, y + 11, label, font_size=11))
        x += 19 + text_width(label, 11) + 16
    return _svg(ident, title, desc, y + 14 + PAD, body)
