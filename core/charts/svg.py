"""The drawing common to every chart: numbers as the page's language writes them, SVG text and shapes,
the frame of a chart, its legend and its axes."""
from collections.abc import Sequence
from contextlib import contextmanager
from contextvars import ContextVar
import hashlib
import math

from flask_babel import format_decimal, format_percent, get_locale, gettext as _, lazy_gettext as _l
from markupsafe import Markup, escape

from core.i18n import text_direction

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


# --- Direction -------------------------------------------------------------------------------------

#: "ltr" or "rtl" while a chart that must not turn round is drawn (a map); None: the page's direction.
_forced_direction: ContextVar[str | None] = ContextVar("chart_direction", default=None)


def direction() -> str:
    """The direction charts are laid out in: the page's language's, unless a chart forces one."""
    forced = _forced_direction.get()
    if forced:
        return forced
    return page_direction()


def page_direction() -> str:
    """The direction of the page's language, whatever a chart forces."""
    locale = get_locale()
    return text_direction(str(locale)) if locale else "ltr"


@contextmanager
def laid_out(chart_direction: str):
    """Draw charts in `chart_direction` whatever the page's language (a map keeps west on the left)."""
    token = _forced_direction.set(chart_direction)
    try:
        yield
    finally:
        _forced_direction.reset(token)


def _x(x: float, width: float = 0) -> float:
    """Where a point (or the left edge of something `width` wide) drawn at `x` goes: on a right-to-left page
    the whole chart is mirrored, so that it reads from the right as the page does. The code of each chart
    is written once, left to right; every x goes through here."""
    return WIDTH - x - width if direction() == "rtl" else x


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
    """Text at `x`; its text-anchor ("start", "end") is relative to the chart's direction, which the root
    <svg> gives: on a right-to-left chart "start" is the right end of the text, so a mirrored x and the same
    anchor put a label where the mirror wants it."""
    attributes.setdefault("fill", TEXT_COLOUR)
    return f'<text x="{_f(_x(x))}" y="{_f(y)}"{_attrs(attributes)}>{escape(content)}</text>'


def _labelled(label, value) -> str:
    """"Africa: 6", punctuated as the page's language writes it ("Afrique : 6")."""
    return _("%(action)s: %(item)s", action=label, item=value)


def _rect(x, y, width, height, fill, tooltip: str = "", **attributes) -> str:
    inner = f"<title>{escape(tooltip)}</title>" if tooltip else ""
    return (f'<rect x="{_f(_x(x, max(width, 0)))}" y="{_f(y)}" width="{_f(max(width, 0))}" height="{_f(max(height, 0))}" '
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
            f'direction="{direction()}" font-family="{escape(FONT)}" font-size="12">'
            f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(desc)}</desc>')
    # A chart drawn left to right on a right-to-left page (a map) still has its title where the page's
    # headings are: at the right.
    title_at_right = direction() == "ltr" and page_direction() == "rtl"
    visible_title = _text(WIDTH - PAD if title_at_right else PAD, 20, _cut(title, 90), font_size=15,
                          font_weight="bold", aria_hidden="true", text_anchor="end" if title_at_right else None)
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




# --- Axes and markers -------------------------------------------------------------------------------

def _axes(ticks, top, plot_height, left, right, unit=""):
    """Horizontal grid lines with their values on the left; returns markup and value -> y."""
    high = ticks[-1] or 1

    def y_of(value):
        return top + plot_height * (1 - value / high)

    body = []
    for tick in ticks:
        y = y_of(tick)
        body.append(f'<line x1="{_f(_x(left))}" y1="{_f(y)}" x2="{_f(_x(right))}" y2="{_f(y)}" stroke="{GRID}" '
                    f'stroke-width="1"/>')
        body.append(_text(left - 6, y + 4, with_unit(tick, unit), font_size=11, text_anchor="end", fill=MUTED))
    body.append(f'<line x1="{_f(_x(left))}" y1="{_f(top + plot_height)}" x2="{_f(_x(right))}" '
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


def _marker(kind: str, x: float, y: float, colour: str, tooltip: str = "") -> str:
    inner = f"<title>{escape(tooltip)}</title>" if tooltip else ""
    if kind == "square":
        return _rect(x - 3.5, y - 3.5, 7, 7, colour, tooltip=tooltip)
    x = _x(x)  # the other shapes are symmetric about x: only their centre moves
    if kind == "circle":
        return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="4" fill="{colour}">{inner}</circle>'
    if kind == "triangle":
        points = f"{_f(x)},{_f(y - 5)} {_f(x + 4.5)},{_f(y + 3.5)} {_f(x - 4.5)},{_f(y + 3.5)}"
    else:
        points = f"{_f(x)},{_f(y - 5)} {_f(x + 5)},{_f(y)} {_f(x)},{_f(y + 5)} {_f(x - 5)},{_f(y)}"
    return f'<polygon points="{points}" fill="{colour}">{inner}</polygon>'


def _line_sample(x, y, index, colour) -> str:
    dash = _DASHES[index % len(_DASHES)]
    return (f'<line x1="{_f(_x(x))}" y1="{_f(y)}" x2="{_f(_x(x + 16))}" y2="{_f(y)}" stroke="{colour}" stroke-width="2.5"'
            f'{_attrs({"stroke_dasharray": dash})}/>' + _marker(_MARKERS[index % len(_MARKERS)], x + 8, y, colour))
