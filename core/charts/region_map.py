"""The map of UNESCO's five regions, each shaded by its share of the participants."""
from markupsafe import Markup, escape

from core.charts.svg import (DEFAULT_DESC, GRID, NOT_SHOWN, PAD, WIDTH, _f, _labelled, _rect, _svg, _text, laid_out, page_direction,
                              chart_id, number, text_width, with_unit)


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


#: The height of a region's label box: its name, and its number under it.
LABEL_HEIGHT = 32


def _overlaps(box, other, gap: float = 3) -> bool:
    x, y, width, height = box
    other_x, other_y, other_width, other_height = other
    return (x < other_x + other_width + gap and other_x < x + width + gap
            and y < other_y + other_height + gap and other_y < y + height + gap)


def _free_place(x: float, y: float, width: float, height: float, placed: list, highest: float,
                lowest: float) -> float:
    """The nearest y to `y` (between `highest` and `lowest`) where the box overlaps none already placed: long
    labels ("counted with the other small groups") would otherwise cover their neighbours'."""
    for step in range(0, 200, 2):
        for candidate in (y + step, y - step):
            if highest <= candidate <= lowest and not any(_overlaps((x, candidate, width, height), box)
                                                          for box in placed):
                return candidate
    return y


def _shade(share: float) -> str:
    return next(colour for bound, colour in SHADES if bound is None or share < bound)


def region_map(values: dict, *, title, total: int, hidden_text=NOT_SHOWN, desc=DEFAULT_DESC,
               id: str | None = None) -> Markup:
    """UNESCO's five regions on a simple world outline (core.world_regions), each shaded by its share of
    `total` and labelled with its name, number and share. `values`: {region key: people}; None: a small
    group, hatched and labelled `hidden_text`; a region left out or 0: no one.

    A map is not mirrored on a right-to-left page (the Americas stay in the west): it is drawn left to
    right in every language, each label keeping the direction of its own script.
    """
    with laid_out("ltr"):
        return _region_map(values, title=title, total=total, hidden_text=hidden_text, desc=desc, id=id)


def _region_map(values: dict, *, title, total: int, hidden_text, desc, id) -> Markup:
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
    placed: list[tuple[float, float, float, float]] = []
    for region, name in UNESCO_REGIONS.items():
        value = values.get(region, 0)
        figure = hidden_text if value is None else (
            f"{number(value)} · {with_unit(100 * value / total, '%')}" if total and value else number(value or 0))
        anchor_x, anchor_y = _project(*LABELS[region], top)
        width = max(text_width(name, 11), text_width(figure, 11)) + 12
        x = min(max(anchor_x - width / 2, 4), WIDTH - width - 4)
        y = _free_place(x, anchor_y - 15, width, LABEL_HEIGHT, placed, top + 2,
                        top + (NORTH - SOUTH) * MAP_SCALE - LABEL_HEIGHT - 2)
        placed.append((x, y, width, LABEL_HEIGHT))
        if abs(y - (anchor_y - 15)) > 8:  # moved off its region: a line points back to it
            body.append(f'<line x1="{_f(anchor_x)}" y1="{_f(anchor_y)}" x2="{_f(min(max(anchor_x, x), x + width))}" '
                        f'y2="{_f(y if y > anchor_y else y + LABEL_HEIGHT)}" stroke="#737373" stroke-width="0.8"/>')
        body.append(_rect(x, y, width, LABEL_HEIGHT, "#ffffff", tooltip=_labelled(name, figure), stroke="#737373",
                          stroke_width="0.6", rx="3", fill_opacity="0.92"))
        body.append(_text(x + 6, y + 13, name, font_size=11))
        body.append(_text(x + 6, y + 27, figure, font_size=11, font_weight="bold"))
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
    # The map keeps west on the left; its legend, words read in the page's direction, starts where the
    # page's lines do (on a right-to-left page, at the right, each key's box right of its words).
    mirrored = page_direction() == "rtl"
    x = PAD
    for colour, label in keys:
        if x + 24 + text_width(label, 11) > WIDTH - PAD:
            x, y = PAD, y + 18
        box_x, text_x = (WIDTH - x - 14, WIDTH - x - 19) if mirrored else (x, x + 19)
        body.append(_rect(box_x, y, 14, 14, colour, stroke="#737373", stroke_width="0.6"))
        body.append(_text(text_x, y + 11, label, font_size=11, text_anchor="end" if mirrored else None))
        x += 19 + text_width(label, 11) + 16
    return _svg(ident, title, desc, y + 14 + PAD, body)
