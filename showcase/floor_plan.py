"""The drawing of a fair's floor plan: where each zone and each place sits, in SVG user units.

templates/showcase/_floor_plan.html draws what `layout` returns, on the public showcase, in the fair
guide and on the organisers' fair page. Zones are stacked one under the other, each a block of its
places in rows of `zone.columns`, numbered in reading order. The plan shows the floor as it is, so it
is not mirrored in right-to-left languages (the list of places beside it follows the language).
"""
from dataclasses import dataclass, field
import unicodedata

from registration.badges import direction

PLACE_WIDTH, PLACE_HEIGHT, GAP = 84, 76, 8
PADDING, HEADING, ZONE_GAP = 12, 30, 16
#: An organisation's name is written in a place on up to NAME_LINES lines of NAME_SIZE units, within
#: NAME_ROOM units of the place's width: "Ministry of Culture of Senegal" and "… of Morocco" must not both
#: read "Ministry of…", and no name may run over its place's outline.
NAME_SIZE, NAME_LINES, NAME_ROOM, NAME_LEADING = 10, 3, PLACE_WIDTH - 10, 12

FREE, HELD, BOOTH = "free", "held", "booth"


@dataclass
class Spot:
    """A place on the drawing and what stands there."""

    label: str
    x: int
    y: int
    #: BOOTH (a booth the page links to), HELD (a booth the reader may not open) or FREE.
    state: str
    name: str = ""
    #: The name as written in the place, line by line (see name_lines).
    lines: list[str] = field(default_factory=list)
    url: str | None = None
    booth: object = None
    #: "rtl" for a name in Arabic or Hebrew: the drawing is not mirrored, each name is written its own way.
    dir: str = "ltr"
    width: int = PLACE_WIDTH
    height: int = PLACE_HEIGHT

    @property
    def centre(self) -> int:
        return self.x + self.width // 2


@dataclass
class ZoneDrawing:
    name: str
    code: str
    x: int
    y: int
    width: int
    height: int
    spots: list[Spot] = field(default_factory=list)
    dir: str = "ltr"
    #: The name as it fits above the zone's places (a zone one place wide has room for few letters).
    short_name: str = ""


@dataclass
class FloorPlan:
    width: int
    height: int
    zones: list[ZoneDrawing]
    name_size: int = NAME_SIZE
    name_leading: int = NAME_LEADING


def shorten(name: str, room: int) -> str:
    """As much of `name` as fits in a place: wide (Chinese, Japanese, Korean) characters count twice."""
    used, kept = 0, []
    for char in name:
        used += 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if used > room:
            return "".join(kept).rstrip() + "…"
        kept.append(char)
    return name


#: Noto Sans's advance widths, in em, rounded up per kind of character: the plan is drawn without measuring
#: text, so a name is cut where it surely fits rather than where it might.
_NARROW = set("fijlrtI.,;:!|'()[]-/ ")
_WIDE_LATIN = set("mwMWÆŒæœ@%")


def text_width(text: str, size: float) -> float:
    """How wide `text` prints at font size `size` (in the same units), erring wide."""
    em = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in "WF":
            em += 1.0
        elif unicodedata.combining(char):
            continue
        elif char in _NARROW:
            em += 0.34
        elif char in _WIDE_LATIN or char.isupper():
            em += 0.8 if char in _WIDE_LATIN else 0.7
        else:
            em += 0.62
    return em * size


def name_lines(name: str, room: float = NAME_ROOM, size: float = NAME_SIZE, most: int = NAME_LINES) -> list[str]:
    """`name` wrapped at spaces onto at most `most` lines each at most `room` wide; a word too long for a
    line (or a name without spaces, in Chinese) is broken between characters; what does not fit ends in …"""
    lines, line = [], ""
    words = name.split()
    while words:
        word = words.pop(0)
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, size) <= room:
            line = candidate
            continue
        if line:
            lines.append(line)
            line = ""
            words.insert(0, word)
        else:  # one word wider than the line: as much of it as fits, the rest on the next line
            cut = max(next((i for i in range(len(word), 0, -1) if text_width(word[:i], size) <= room), 1), 1)
            lines.append(word[:cut])
            if word[cut:]:
                words.insert(0, word[cut:])
        if len(lines) == most:
            break
    if line and len(lines) < most:
        lines.append(line)
        line = ""
    if words or line:  # more than fits: end the last line with an ellipsis, within the room
        last = lines[-1]
        while last and text_width(last.rstrip() + "…", size) > room:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines


def booth_name(booth) -> str:
    return booth.organisation.name if booth.organisation else (booth.invited_name or booth.invited_email)


def place_order(booth) -> tuple:
    """Sorts booths as a visitor walks the floor: zone by zone, place by place; booths with no place last."""
    place = booth.place
    if place is None:
        return (1, 0, "", 0)
    return (0, place.zone.position, place.zone.code, place.number)


def layout(zones, booths, url_of) -> FloorPlan:
    """The plan of `zones` with `booths` at their places. `url_of(booth)` is the booth's address on this page,
    or None: a booth without one is drawn as HELD (its place is taken, its page not open to the reader).
    Places no booth in `booths` stands on are FREE."""
    at_place = {booth.place_id: booth for booth in booths if booth.place_id is not None}
    drawings, top, width = [], 0, 0
    for zone in zones:
        columns = max(zone.columns or 1, 1)
        count = len(zone.places)
        rows = -(-count // columns)
        used_columns = min(columns, count) or 1
        block_width = 2 * PADDING + used_columns * PLACE_WIDTH + (used_columns - 1) * GAP
        block_height = HEADING + PADDING + rows * (PLACE_HEIGHT + GAP) - (GAP if rows else 0) + PADDING
        drawing = ZoneDrawing(name=zone.name, code=zone.code, x=0, y=top, width=block_width, height=block_height,
                              dir=direction(zone.name), short_name=shorten(zone.name, block_width // 8))
        for index, place in enumerate(zone.places):
            row, column = divmod(index, columns)
            x = PADDING + column * (PLACE_WIDTH + GAP)
            y = top + HEADING + row * (PLACE_HEIGHT + GAP)
            booth = at_place.get(place.id)
            label = f"{zone.code}{place.number}"  # BoothPlace.label, without loading the zone again
            if booth is None:
                drawing.spots.append(Spot(label=label, x=x, y=y, state=FREE))
                continue
            url = url_of(booth)
            name = booth_name(booth)
            drawing.spots.append(Spot(label=label, x=x, y=y, state=BOOTH if url else HELD, name=name,
                                      lines=name_lines(name), url=url, booth=booth, dir=direction(name)))
        drawings.append(drawing)
        top += block_height + ZONE_GAP
        width = max(width, block_width)
    return FloorPlan(width=width, height=max(top - ZONE_GAP, 0), zones=drawings)
