"""The public showcase of a fair: which of its approved booths a visitor's filters and search keep.

A fair has at most a few hundred booths, all loaded for the floor plan anyway: the filters run here,
over those rows, rather than as SQL over JSON columns (domains, countries, SDGs) that SQLite and
PostgreSQL query differently. The text search folds accents and case the way core.search does.
"""
from dataclasses import dataclass

from babel.dates import format_interval
from babel.numbers import format_currency
from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import select
from wtforms import SelectField, StringField
from wtforms.validators import Optional

from core.extensions import db
from core.i18n import formatting_locale
from core.forms import INVALID_CHOICE, ConveneForm, at_most, select_choices, strip_text
from core.multilingual import translations_of
from core.regions import UNESCO_REGIONS
from core.search import search_key
from core.vocabularies import country_choices
from events.formatting import medium_date
from events.vocabulary import SDGS
from showcase.models import APPROVED, IMAGE, Booth, MaterialItem
from showcase.vocabulary import CULTURAL_DOMAINS

ANY = ("", _l("Any"))


@dataclass
class BoothFilters:
    q: str = ""
    domain: str | None = None
    region: str | None = None
    country: str | None = None
    sdg: int | None = None
    cycle: int | None = None

    def is_empty(self) -> bool:
        return not (self.q or self.domain or self.region or self.country or self.sdg or self.cycle)


def countries_of(booth: Booth) -> set[str]:
    """Where the booth's organisation is and where its project works."""
    codes = {booth.organisation.country} if booth.organisation else set()
    return (codes | set(booth.project.countries or ())) if booth.project else codes


def cycles_of(booths) -> dict[int, list[int]]:
    """The funding cycles the booths' projects come from: call year -> the numbers of its calls."""
    cycles: dict[int, set[int]] = {}
    for booth in booths:
        if booth.project is not None:
            numbers = cycles.setdefault(booth.project.call_year, set())
            if booth.project.call_number:
                numbers.add(booth.project.call_number)
    return {year: sorted(numbers) for year, numbers in sorted(cycles.items(), reverse=True)}


def cycle_label(year: int, numbers) -> str:
    if not numbers:
        return str(year)
    return _("%(year)d (call %(numbers)s)", year=year, numbers=", ".join(str(number) for number in numbers))


class BoothFilterForm(ConveneForm):
    """The showcase's filters; a GET form, so no CSRF token. Countries and funding cycles offered are the
    fair's own: a visitor picks among what is there."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), filters=[strip_text], validators=[Optional(), at_most(200)],
                    description=_l("An organisation, a project's title or ID, words of a pitch."))
    domain = SelectField(_l("Cultural domain"), default="", invalid_choice_message=INVALID_CHOICE)
    region = SelectField(_l("Region"), default="", invalid_choice_message=INVALID_CHOICE)
    country = SelectField(_l("Country"), default="", invalid_choice_message=INVALID_CHOICE)
    sdg = SelectField(_l("SDG"), default="", invalid_choice_message=INVALID_CHOICE)
    cycle = SelectField(_l("Funding cycle"), default="", invalid_choice_message=INVALID_CHOICE)
    #: The names of the filters in the address.
    NAMES = ("q", "domain", "region", "country", "sdg", "cycle")

    def __init__(self, *args, booths=(), **kwargs):
        super().__init__(*args, **kwargs)
        present = set().union(*(countries_of(booth) for booth in booths)) if booths else set()
        self.domain.choices = select_choices([ANY] + list(CULTURAL_DOMAINS.items()))
        self.region.choices = select_choices([ANY] + list(UNESCO_REGIONS.items()))
        self.country.choices = select_choices([ANY] + [(code, name) for code, name in country_choices()
                                                       if code in present])
        self.sdg.choices = select_choices([ANY] + [(str(number), label) for number, label in SDGS.items()])
        self.cycle.choices = select_choices([ANY] + [(str(year), cycle_label(year, numbers))
                                                     for year, numbers in cycles_of(booths).items()])

    def filters(self) -> BoothFilters:
        return BoothFilters(q=self.q.data or "", domain=self.domain.data or None, region=self.region.data or None,
                            country=self.country.data or None, sdg=int(self.sdg.data) if self.sdg.data else None,
                            cycle=int(self.cycle.data) if self.cycle.data else None)


def filters_from(args, booths) -> tuple[BoothFilterForm, BoothFilters]:
    """The form of the address's filters and what to filter by: nothing when one of them is wrong (the
    form then says which, at its field)."""
    form = BoothFilterForm(args, booths=booths)
    return form, form.filters() if form.validate() else BoothFilters()


def matches(booth: Booth, filters: BoothFilters, words=()) -> bool:
    organisation, project = booth.organisation, booth.project
    if filters.region and (organisation is None or organisation.region != filters.region):
        return False
    if filters.country and filters.country not in countries_of(booth):
        return False
    if filters.domain or filters.sdg or filters.cycle:
        if project is None:
            return False
        if filters.domain and filters.domain not in (project.domains or ()):
            return False
        if filters.sdg and str(filters.sdg) not in {str(number) for number in project.sdgs or ()}:
            return False
        if filters.cycle and project.call_year != filters.cycle:
            return False
    if words:
        text = search_key(organisation.name if organisation else "", project.title if project else "",
                          project.code if project else "", *translations_of(booth, "approved_pitch").values())
        return all(word in text for word in words)
    return True


def filtered(booths, filters: BoothFilters) -> list[Booth]:
    """The booths that pass every filter; every word searched for must appear in one of their texts."""
    words = search_key(filters.q).split()
    return [booth for booth in booths if matches(booth, filters, words)]


def first_images(booth_ids) -> dict[int, MaterialItem]:
    """Each booth's first approved image (in the booth's order), for the cards: one query for them all."""
    if not booth_ids:
        return {}
    items = db.session.scalars(select(MaterialItem).where(
        MaterialItem.booth_id.in_(booth_ids), MaterialItem.kind == IMAGE, MaterialItem.status == APPROVED)
        .order_by(MaterialItem.booth_id, MaterialItem.position, MaterialItem.id))
    first: dict[int, MaterialItem] = {}
    for item in items:
        first.setdefault(item.booth_id, item)
    return first


def usd(amount: int | None) -> str:
    """Whole US dollars as the page's language writes money: "$90,000", "90 000 $US"."""
    if amount is None:
        return ""
    locale = formatting_locale()
    pattern = locale.currency_formats["standard"].pattern.replace(".00", "")
    return format_currency(amount, "USD", format=pattern, currency_digits=False, locale=locale)


def period(start, end) -> str:
    """A project's implementation period, "1 Mar 2020 – 31 Dec 2021", or as much of it as is known."""
    if start and end:
        return format_interval(start, end, "yMMMd", locale=formatting_locale())
    if start:
        return _("from %(date)s", date=medium_date(start))
    if end:
        return _("until %(date)s", date=medium_date(end))
    return ""
