"""The official list of participants: who is on it, in what order, and the document in PDF, CSV and XLSX.

Who: confirmed registrations whose participant category is listed (`is_listed`) and who agreed to be
listed (`listing_consent_at`). People without a category are not on it: an event without categories
has no official list.

Grouping, as UN lists print it: by category (in the organiser's `position` order), then by Party or
organisation. A person's group is
- the delegation a focal point nominated them in (its Party, or its organisation), when they were
  nominated and not withdrawn;
- else the country of their registration, as a Party;
- else the organisation of their registration;
- else no group: they come last in their category, under no heading.
Parties come first, alphabetical by their name in the document's language; then organisations,
alphabetical; within a group, the head of delegation, then the other roles in meetings.models.ROLES
order (in the focal point's order), then people without a role, by name.

"Alphabetical" is the Unicode Collation Algorithm's root order (pyuca: the Default Unicode Collation
Element Table), which is right for English, French, Spanish and Russian names ("Égypte" among the E,
"ё" with "е"); Arabic names are sorted without their article "ال" and with alef's hamza and madda forms as alef, as Arabic
lists of States are.
Chinese names fall in Unicode code-point order (the DUCET's order for Han characters): UN documents
sort them by pinyin, for which no data is at hand here.

The document is written in one of the site's languages, which need not be the page's: everything is
rendered under flask_babel.force_locale.
"""
from dataclasses import dataclass, field
import io

from flask import current_app, render_template
from flask_babel import force_locale, get_locale, gettext as _, lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import and_, func, select

from core.collation import sort_key
from core.extensions import db
from core.i18n import match_language, text_direction
from core.multilingual import content_language, translated
from core.pdf import html_to_pdf
from core.vocabularies import everyday_country_names, party_name
from core.xlsx import text_cell
from events.programme_pdf import page_footer
from meetings.models import ROLES, Delegation, MeetingSettings, Nomination
from meetings.settings import settings_for
from registration.categories import ParticipantCategory
from registration.csv_export import BOM, CsvText, spreadsheet_safe
from registration.models import CONFIRMED, Registration

#: Why confirmed participants are not on the list, in the order the organiser's page says it.
NO_CATEGORY, NOT_LISTED, NO_CONSENT = "no_category", "not_listed", "no_consent"
LEFT_OUT_REASONS = {
    NO_CATEGORY: _l("without a participant category"),
    NOT_LISTED: _l("in a category that is not listed"),
    NO_CONSENT: _l("who did not agree to be listed"),
}
FORMATS = ("pdf", "csv", "xlsx")


@dataclass
class Line:
    honorific: str
    full_name: str
    #: The function the focal point gave, else the registration's job title.
    function: str
    #: The person's organisation, "" when it is the group's own name.
    organisation: str
    #: A key of ROLES, None for people outside a delegation or without a role.
    role: str | None

    @property
    def role_label(self) -> str:
        return str(ROLES[self.role]) if self.role in ROLES else ""


@dataclass
class Group:
    #: The Party's name in the document's language, the organisation's name, or "" (no group).
    name: str
    is_party: bool
    lines: list[Line] = field(default_factory=list)


@dataclass
class Section:
    name: str
    groups: list[Group]

    @property
    def count(self) -> int:
        return sum(len(group.lines) for group in self.groups)


@dataclass
class ParticipantList:
    #: The site locale the list is written in ("fr", "zh_Hans").
    language: str
    sections: list[Section]
    #: {reason: number of confirmed participants left out for it}, reasons of LEFT_OUT_REASONS.
    left_out: dict[str, int]
    has_categories: bool

    @property
    def count(self) -> int:
        return sum(section.count for section in self.sections)


def document_language(asked: str | None) -> str | None:
    """The site locale of the language asked for ("fr", "zh", "zh-Hans"); the page's when nothing was
    asked; None when the site does not speak it."""
    if not asked:
        return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
    return match_language(asked, current_app.config["LANGUAGES"])


def language_choices(event) -> list[str]:
    """The site's languages a list can be written in, the event's working languages first."""
    languages = list(current_app.config["LANGUAGES"])
    working = [match_language(code, languages) for code in event.working_languages or ()]
    first = [code for code in dict.fromkeys(working) if code]
    return first + [code for code in languages if code not in first]


def is_published(event_id: int) -> bool:
    return bool(db.session.scalar(select(MeetingSettings.publishes_list).where(MeetingSettings.event_id == event_id)))


def publish(event, publishes: bool) -> MeetingSettings:
    """Show the list on the event's public pages, or stop; creates the event's meeting settings if need be."""
    settings = settings_for(event)
    settings.publishes_list = publishes
    db.session.commit()
    return settings


def left_out_counts(event) -> dict[str, int]:
    """{reason: count} of the confirmed participants who are not on the list (only reasons that apply)."""
    consented = Registration.listing_consent_at.is_not(None)
    rows = db.session.execute(
        select(ParticipantCategory.is_listed, consented, func.count())
        .select_from(Registration)
        .outerjoin(ParticipantCategory, ParticipantCategory.id == Registration.category_id)
        .where(Registration.event_id == event.id, Registration.status == CONFIRMED)
        .group_by(ParticipantCategory.is_listed, consented))
    counts = dict.fromkeys(LEFT_OUT_REASONS, 0)
    for is_listed, has_consented, count in rows:
        reason = NO_CATEGORY if is_listed is None else NOT_LISTED if not is_listed else None if has_consented \
            else NO_CONSENT
        if reason:
            counts[reason] += count
    return {reason: count for reason, count in counts.items() if count}


def participant_list(event, language: str) -> ParticipantList:
    """The list of `event` in `language` (a site locale): three queries, however many people."""
    categories = db.session.scalars(select(ParticipantCategory).where(ParticipantCategory.event_id == event.id)
                                    .order_by(ParticipantCategory.position, ParticipantCategory.id)).all()
    rows = db.session.execute(
        select(Registration.category_id, Registration.honorific, Registration.full_name, Registration.job_title,
               Registration.organisation, Registration.country, Nomination.role, Nomination.position,
               Nomination.honorific.label("nominated_honorific"), Nomination.function,
               Delegation.country.label("party"), Delegation.organisation.label("delegation_organisation"))
        .join(ParticipantCategory, ParticipantCategory.id == Registration.category_id)
        .outerjoin(Nomination, and_(Nomination.registration_id == Registration.id, Nomination.withdrawn_at.is_(None)))
        .outerjoin(Delegation, and_(Delegation.id == Nomination.delegation_id, Delegation.event_id == event.id))
        .where(Registration.event_id == event.id, Registration.status == CONFIRMED,
               ParticipantCategory.is_listed.is_(True), Registration.listing_consent_at.is_not(None))).all()
    with force_locale(language):
        sections = []
        listed = [category for category in categories if category.is_listed]
        names = {category.id: str(translated(category, "name", content_language(language))) for category in listed}
        by_category = {category.id: {} for category in listed}
        for row in rows:
            groups = by_category[row.category_id]
            party, organisation = _group_of(row)
            name = party_name(party, language) if party else organisation
            key = (0 if party else 1 if name else 2, sort_key(name, language))
            group = groups.setdefault(key, Group(name=name, is_party=bool(party)))
            group.lines.append((_line_order(row, language), _line(row, _names_of_group(party, organisation))))
        for category in listed:
            groups = [by_category[category.id][key] for key in sorted(by_category[category.id])]
            for group in groups:
                group.lines = [line for _order, line in sorted(group.lines, key=lambda item: item[0])]
            if groups:
                sections.append(Section(name=names[category.id], groups=groups))
    return ParticipantList(language=language, sections=sections, left_out=left_out_counts(event),
                           has_categories=bool(categories))


def _group_of(row) -> tuple[str | None, str]:
    """(Party's country code, organisation's name) of the row's group; see the module's docstring."""
    if row.party or row.delegation_organisation:
        return row.party, row.delegation_organisation or ""
    if row.country:
        return row.country, ""
    return None, " ".join((row.organisation or "").split())


def _line_order(row, language: str) -> tuple:
    roles = list(ROLES)
    rank = roles.index(row.role) if row.role in ROLES else len(roles)
    return rank, (row.position or 0) if row.role in ROLES else 0, sort_key(row.full_name, language)


def _names_of_group(party: str | None, organisation: str) -> set[str]:
    """The group's names, casefolded: its organisation's, and its Party's in every site language (a Kenyan
    delegate who typed "Kenya" as organisation on an English form is not "Kenya, Kenya" in the Arabic list)."""
    names = {organisation.casefold()} if organisation else set()
    if party:
        names.add(party.casefold())
        for language in current_app.config["LANGUAGES"]:
            # The official name, and the everyday one people type ("Vietnam" for Viet Nam).
            names.add(party_name(party, language).casefold())
            names.add(everyday_country_names(language).get(party, party).casefold())
    return names


def _line(row, group_names: set[str]) -> Line:
    organisation = " ".join((row.organisation or "").split())
    if organisation.casefold() in group_names:
        organisation = ""
    return Line(honorific=row.honorific or row.nominated_honorific or "", full_name=row.full_name,
                function=row.function or row.job_title or "", organisation=organisation,
                role=row.role if row.role in ROLES else None)


# The documents. Each is written in the list's language, whatever the page's.

def list_html(event, plist: ParticipantList) -> str:
    """The HTML that list_pdf renders."""
    with force_locale(plist.language):
        return render_template("meetings/participant_list_print.html", event=event, plist=plist,
                               page_footer=page_footer())


def list_pdf(event, plist: ParticipantList) -> bytes:
    """A4, headed by the event's name, dates and venue; category, then Party or organisation, headings."""
    return html_to_pdf(list_html(event, plist), stylesheets=["print.css", "participant-list.css"])


def _columns() -> list[str]:
    return [_("Category"), _("Party or organisation"), _("Honorific"), _("Name"), _("Role"), _("Function"),
            _("Organisation")]


def _rows(plist: ParticipantList):
    for section in plist.sections:
        for group in section.groups:
            for line in group.lines:
                yield [section.name, group.name, line.honorific, line.full_name, line.role_label, line.function,
                       line.organisation]


def list_csv(plist: ParticipantList) -> bytes:
    out = CsvText()
    with force_locale(plist.language):
        out.row([spreadsheet_safe(title) for title in _columns()])
        for row in _rows(plist):
            out.row([spreadsheet_safe(value) for value in row])
    return (BOM + out.text()).encode("utf-8")


def list_xlsx(event, plist: ParticipantList) -> bytes:
    book = Workbook(write_only=True)
    with force_locale(plist.language):
        sheet = book.create_sheet(_("List of participants")[:31])
        sheet.sheet_view.rightToLeft = _is_rtl(plist.language)
        for index, width in enumerate((30, 30, 12, 30, 20, 40, 40)):
            sheet.column_dimensions["ABCDEFG"[index]].width = width
        sheet.freeze_panes = "A3"
        title = f"{_('List of participants')} · {translated(event, 'title', content_language(plist.language))}"
        sheet.append([text_cell(sheet, title, font=Font(bold=True, size=13))])
        sheet.append([text_cell(sheet, column, font=Font(bold=True)) for column in _columns()])
        for row in _rows(plist):
            sheet.append([text_cell(sheet, value) for value in row])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _is_rtl(language: str) -> bool:
    return text_direction(language) == "rtl"
