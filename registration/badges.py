"""Badges as PDF: one for a participant or the desk, or every confirmed one of an event in a background job.

Each badge carries the person's name (as large as fits), organisation, country, a band in the colour
of their participant category (with its label) or else of their stakeholder group, the event's name, dates and logo, an optional photo, and the QR of the
signed code (registration.codes) that the check-in desk reads.
"""
import base64
import io
from dataclasses import dataclass
import unicodedata

from flask import current_app, render_template
from flask_babel import force_locale, gettext as _
import qrcode
from sqlalchemy import false, func, not_, select, true

from core import jobs, uploads
from core.extensions import db
from core.multilingual import translated
from core.pdf import html_to_pdf, parts_to_pdf
from core.vocabularies import STAKEHOLDER_GROUPS, country_name
from events.formatting import event_dates
from events.models import Event
from registration.codes import badge_code
from events.models import HYBRID, ONLINE
from registration.models import A4_A6, A4_CARD, A6, CARD, CONFIRMED, BadgeDesign, Registration

#: Band colours per stakeholder group: the Okabe–Ito palette, told apart by colour-blind readers too.
#: The group's name is printed on the band, so colour is never the only sign.
DEFAULT_COLOURS = {
    "government": "#0072B2", "civil_society": "#009E73", "private_sector": "#E69F00", "media": "#CC79A7",
    "academia": "#56B4E9", "igo": "#D55E00", "artist": "#F0E442",
}
NO_GROUP_COLOUR = "#595959"
LOGOS = "logos"
PHOTOS = "photos"
#: Badges per part of a batch: each part is one document, rendered on a free core.
PART_SIZE = 100


@dataclass(frozen=True)
class Layout:
    badge_width: float  # mm
    badge_height: float
    columns: int = 1
    rows: int = 1

    @property
    def is_sheet(self) -> bool:
        return self.columns * self.rows > 1

    @property
    def per_page(self) -> int:
        return self.columns * self.rows


A4_WIDTH, A4_HEIGHT = 210.0, 297.0
LAYOUTS = {
    A6: Layout(105, 148), CARD: Layout(101.6, 76.2),
    A4_A6: Layout(105, 148, columns=2, rows=2), A4_CARD: Layout(101.6, 76.2, columns=2, rows=3),
}


def design_of(event_id: int) -> BadgeDesign:
    """The event's badge design; the defaults (not added to the session) when it has none."""
    return db.session.get(BadgeDesign, event_id) or BadgeDesign(
        event_id=event_id, layout=A6, colours={}, shows_photo=True, shows_organisation=True, shows_country=True,
        signatory_name="", signatory_title="")


def save_design(event: Event, form) -> BadgeDesign:
    """Keep the design a BadgeDesignForm holds, with its new logo stored (the old one deleted). Commits."""
    design = db.session.get(BadgeDesign, event.id)
    if design is None:
        design = design_of(event.id)
        db.session.add(design)
    for name in ("layout", "shows_photo", "shows_organisation", "shows_country", "signatory_name", "signatory_title"):
        setattr(design, name, getattr(form, name).data)
    design.colours = form.colours()
    stored = None
    if form.checked_logo is not None or form.remove_logo.data:
        uploads.delete_after_commit(LOGOS, design.logo)
        design.logo = None
    if form.checked_logo is not None:
        stored = design.logo = uploads.store(form.checked_logo.data, LOGOS, form.checked_logo.extension)
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        uploads.delete(LOGOS, stored)  # nothing half-saved: no row, no orphan file
        raise
    return design


def colour_of(design: BadgeDesign, group: str | None) -> str:
    if group is None:
        return NO_GROUP_COLOUR
    return (design.colours or {}).get(group) or DEFAULT_COLOURS.get(group, NO_GROUP_COLOUR)


def ink_on(colour: str) -> str:
    """Black or white, whichever reads better on `colour` (#RRGGBB), by WCAG relative luminance."""
    red, green, blue = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))

    def linear(channel):
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    # Contrast with black is (L + 0.05) / 0.05, with white 1.05 / (L + 0.05): take the larger.
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#ffffff"


def _width_in_em(text: str) -> float:
    """Rough printed width of `text` in em: wide (Chinese, Japanese, Korean) characters are square."""
    return sum(1.0 if unicodedata.east_asian_width(char) in "WF" else 0.6 for char in text)


def name_size(name: str, width_mm: float, largest: float, smallest: float = 9.0) -> float:
    """The point size that fits `name` in the badge's width: on one line if it can be large enough,
    else on two; never below `smallest` (a very long name then wraps onto more lines)."""
    em = max(_width_in_em(name), 1.0)
    mm_per_point = 0.3528
    one_line = width_mm / (em * mm_per_point)
    if one_line >= largest * 0.7:
        return round(min(one_line, largest), 1)
    two_lines = 2 * 0.92 * width_mm / (em * mm_per_point)
    return round(max(min(two_lines, largest), smallest), 1)


def direction(text: str) -> str:
    """"rtl" when the first letter with a direction is Arabic or Hebrew, like the browser's dir=auto."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def qr_image(text: str, box_size: int = 1) -> str:
    """The QR code of `text` as a data: URL of a PNG with `box_size` pixels per module, nothing for the PDF
    to fetch. Badges take one pixel per module and their stylesheet scales it up without smoothing
    (image-rendering: pixelated), so its edges print sharp; an SVG path draws the same, but WeasyPrint
    takes half a badge's rendering time to parse it. A code read from a screen (the fair guide, a
    certificate) needs more: a PDF viewer shows one module as 3.4 pixels at 96 dpi, and scaling single
    pixels to that makes modules of uneven widths that zbar and phones fail to read; several pixels per
    module, smoothed, stay even."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, box_size=box_size)
    code.add_data(text)
    output = io.BytesIO()
    code.make_image().get_image().convert("1").save(output, "PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(output.getvalue()).decode()


def image_data_url(folder: str, name: str | None) -> str | None:
    """An uploaded image as a data: URL, for core.pdf (which fetches nothing else); None if it is gone."""
    path = uploads.path_of(folder, name) if name else None
    if path is None:
        return None  # no photo, or its file is gone: the badge prints without it
    return f"data:{uploads.CONTENT_TYPES[path.suffix[1:]]};base64," + base64.b64encode(path.read_bytes()).decode()


#: What the preview's sample badges carry in their QR: no signed code, so no preview opens a door.
SAMPLE_CODE = "CV1-SAMPLE"


def _badge(registration: Registration, event: Event, design: BadgeDesign, layout: Layout, sample=False) -> dict:
    group, category = registration.stakeholder_group, registration.category
    if category is not None:  # a meeting's badge: the category's band, its label (or name) printed on it
        colour, label = category.badge_colour, translated(category, "badge_label") or translated(category, "name")
    else:
        colour, label = colour_of(design, group), STAKEHOLDER_GROUPS.get(group, "") if group else ""
    portrait = layout.badge_height > layout.badge_width
    large, text_width = (30, layout.badge_width - 14) if portrait else (20, 62)
    return {
        "name": registration.full_name,
        "name_dir": direction(registration.full_name),
        "name_size": name_size(registration.full_name, text_width, largest=large),
        "organisation": registration.organisation if design.shows_organisation else "",
        "organisation_dir": direction(registration.organisation),
        "country": _country_line(registration) if design.shows_country else "",
        "category": label,
        "colour": colour, "ink": ink_on(colour),
        "photo": image_data_url(PHOTOS, registration.photo) if design.shows_photo else None,
        "qr": qr_image(SAMPLE_CODE if sample else badge_code(registration)),
    }


def _country_line(registration: Registration) -> str:
    """The country's name in the badge's language, unless the organisation printed above it is that country
    (a head of delegation's "Kenya" is not "Kenya / Kenya"), whatever language the organisation was typed in."""
    if not registration.country:
        return ""
    name = country_name(registration.country)
    organisation = " ".join((registration.organisation or "").split()).casefold()
    if organisation and organisation in {name.casefold(), registration.country.casefold()} | {
            country_name(registration.country, language).casefold() for language in current_app.config["LANGUAGES"]}:
        return ""
    return name


def _sheet_marks(layout: Layout) -> tuple[float, float, list[dict]]:
    """Where the grid of badges sits on an A4 sheet (left, top, in mm) and its cut marks.

    Marks run along every cut line, in the sheet's margin; where the badges reach the paper's edge
    (4 A6 fill an A4 sheet) the first 4 mm of the badge take them, which no badge prints on.
    """
    grid_width, grid_height = layout.columns * layout.badge_width, layout.rows * layout.badge_height
    left, top = (A4_WIDTH - grid_width) / 2, (A4_HEIGHT - grid_height) / 2
    marks = []
    for column in range(layout.columns + 1):
        x = left + column * layout.badge_width
        length = min(max(top - 1, 4), 8)
        for y in (max(top - 1 - length, 0), min(top + grid_height + 1, A4_HEIGHT - length)):
            marks.append({"x": round(x, 2), "y": round(y, 2), "width": 0, "height": round(length, 2)})
    for row in range(layout.rows + 1):
        y = top + row * layout.badge_height
        length = min(max(left - 1, 4), 8)
        for x in (max(left - 1 - length, 0), min(left + grid_width + 1, A4_WIDTH - length)):
            marks.append({"x": round(x, 2), "y": round(y, 2), "width": round(length, 2), "height": 0})
    return round(left, 2), round(top, 2), marks


def _document(event: Event, registrations, design: BadgeDesign, samples: bool = False) -> str:
    layout = LAYOUTS.get(design.layout, LAYOUTS[A6])
    badges = [_badge(registration, event, design, layout, samples) for registration in registrations]
    pages = [badges[start:start + layout.per_page] for start in range(0, len(badges), layout.per_page)]
    left, top, marks = _sheet_marks(layout) if layout.is_sheet else (0, 0, [])
    return render_template("registration/badges_print.html", event=event, dates=event_dates(event),
                           layout=layout, layout_name=design.layout, pages=pages, left=left, top=top, marks=marks,
                           logo=image_data_url(LOGOS, design.logo))


def badge_pdf(registration: Registration) -> bytes:
    """One person's badge, on one badge-sized page whatever the event prints its sheets on."""
    design = design_of(registration.event_id)
    single = BadgeDesign(**{column: getattr(design, column) for column in
                            ("event_id", "colours", "logo", "shows_photo", "shows_organisation", "shows_country")})
    single.layout = CARD if design.layout in (CARD, A4_CARD) else A6
    return html_to_pdf(_document(registration.event, [registration], single), stylesheets=["badges.css"])


def preview_pdf(event: Event) -> bytes:
    """The event's design on a few of its confirmed badges, or on sample people when it has none yet:
    a short and a long name, and names in Arabic and Chinese, so the organiser sees how each prints."""
    design = design_of(event.id)
    registrations = list(db.session.scalars(confirmed(event.id).limit(4)))
    samples = not registrations
    if samples:
        people = [("Aminata Diallo-Traoré", "civil_society", "SN"), ("ليلى عبد الرحمن", "government", "EG"),
                  ("王芳", "academia", "CN"), ("Константин Владимирович Рождественский", "artist", "UA")]
        registrations = [Registration(event_id=event.id, full_name=name, stakeholder_group=group,
                                      country=country, organisation=_("Organisation"))
                         for name, group, country in people]
    return html_to_pdf(_document(event, registrations, design, samples), stylesheets=["badges.css"])


def confirmed(event_id: int):
    """Everyone whose badge is printed in advance: confirmed registrations, by name. People who take part
    online never come to the door: they need no badge, and bulk sheets leave them out."""
    return select(Registration).where(Registration.event_id == event_id, Registration.status == CONFIRMED,
                                      not_(_online(event_id))) \
        .order_by(Registration.full_name, Registration.id)


def _online(event_id: int):
    """Who takes part online (registration.online.takes_part_online): everyone at an online event, those who
    chose it at a hybrid one, nobody at an in-person one (a hybrid event that became in person)."""
    mode = db.session.scalar(select(Event.attendance_mode).where(Event.id == event_id))
    if mode == ONLINE:
        return true()
    return Registration.participation == ONLINE if mode == HYBRID else false()


def confirmed_online_count(event_id: int) -> int:
    """Confirmed people who take part online: left out of the badge sheets."""
    return db.session.scalar(select(func.count()).select_from(Registration).where(
        Registration.event_id == event_id, Registration.status == CONFIRMED, _online(event_id)))


def confirmed_count(event_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(confirmed(event_id).subquery()))


def all_badges_pdf(event: Event, registrations: list[Registration], progress=None) -> bytes:
    """The badges of `registrations` in one PDF, rendered in parts on every core."""
    design = design_of(event.id)
    layout = LAYOUTS.get(design.layout, LAYOUTS[A6])
    # Whole sheets per part, so that joining parts never leaves a half-empty sheet in the middle.
    size = max(PART_SIZE // layout.per_page, 1) * layout.per_page
    starts = range(0, len(registrations), size) or [0]
    parts = ((_document(event, registrations[start:start + size], design), len(registrations[start:start + size]))
             for start in starts)  # made one by one, while the workers render the ones before
    return parts_to_pdf(parts, len(starts), stylesheets=["badges.css"], progress=progress)


def subject(event_id: int) -> str:
    return f"badges:event:{event_id}"


def start_printing(event: Event, user, locale: str) -> jobs.Job:
    return jobs.start("registration.badges:print_all", event.id, locale, subject=subject(event.id), user=user)


def print_all(job: jobs.Job, event_id: int, locale: str) -> None:
    """The job behind "Print all badges": every confirmed badge of the event, in the organiser's language."""
    jobs.progress(job, 0, confirmed_count(event_id))
    # Read after that commit, which would expire them: each badge would then load its row again.
    event = db.session.get(Event, event_id)
    registrations = list(db.session.scalars(confirmed(event_id)))
    with force_locale(locale):
        data = all_badges_pdf(event, registrations, progress=lambda done: jobs.progress(job, done))
    jobs.keep(job, data, "pdf")
