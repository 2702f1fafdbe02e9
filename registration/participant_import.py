"""Reading a CSV file of participants to import (registration.people.import_participants confirms them).

The file and its cells are checked as the invitations' are (registration.csv_files); every row is then
checked against the event: a country by its code or its English or French name, a category by its key or
name, an address not already registered. All rows are imported or none, and every bad line is named.
"""
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import force_locale, lazy_gettext as _l

from core.search import search_key
from core.vocabularies import STAKEHOLDER_GROUPS, country_names, everyday_country_names
from events.vocabulary import PARTICIPATIONS
from registration import csv_files

#: Column titles we recognise (lower case), in the languages organisers' spreadsheets come in.
COLUMNS = {
    "email": {"email", "e-mail", "email address", "e-mail address", "courriel", "adresse e-mail", "mail"},
    "full_name": {"full_name", "full name", "name", "nom", "nom complet"},
    "organisation": {"organisation", "organization", "organisme", "institution"},
    "job_title": {"job_title", "job title", "function", "fonction", "title in organisation"},
    "honorific": {"honorific", "title", "titre", "civilité"},
    "country": {"country", "pays"},
    "category": {"category", "catégorie", "categorie"},
    "stakeholder_group": {"stakeholder_group", "stakeholder group", "groupe"},
    "participation": {"participation", "takes part", "mode", "participation mode", "mode de participation"},
}
#: What the participation column may say (folded), in the languages organisers' spreadsheets come in.
PARTICIPATION_WORDS = {"in person": "in_person", "in_person": "in_person", "en personne": "in_person",
                       "presentiel": "in_person", "on site": "in_person", "sur place": "in_person",
                       "online": "online", "en ligne": "online", "distanciel": "online", "remote": "online"}
LIMITS = {"email": 320, "full_name": 200, "organisation": 200, "job_title": 200, "honorific": 40, "country": 100,
          "category": 120, "stakeholder_group": 100,
          "participation": 40}


@dataclass
class ParticipantImport:
    #: (line number, what is wrong) for every bad row: then nothing is imported.
    problems: list[tuple[int, str]] = field(default_factory=list)
    #: The rows as registration values, with "email".
    people: list[dict] = field(default_factory=list)
    #: A problem with the file as a whole (not CSV, too big, a missing column): nothing was read.
    file_problem: str | None = None


def _country_codes() -> dict[str, str]:
    """Folded code or English or French name (the UN's or the everyday one) -> ISO code."""
    codes = {}
    for locale in ("en", "fr"):
        for names in (everyday_country_names(locale), country_names(locale)):
            codes.update({search_key(name): code for code, name in names.items()})
    codes.update({search_key(code): code for code in country_names("en")})
    return codes


def _keys_in_every_language(vocabulary: dict) -> dict[str, str]:
    """{folded key or label: key} for a vocabulary's labels in every language Convene speaks: a spreadsheet
    is filled in in the organisers' own language."""
    keys = {search_key(key): key for key in vocabulary}
    for locale in current_app.config["LANGUAGES"]:
        with force_locale(locale):
            keys.update({search_key(str(label)): key for key, label in vocabulary.items()})
    return keys


def read_participants(data: bytes, categories, registered: set[str]) -> ParticipantImport:
    """Check every row of an uploaded CSV of participants; `categories`: the event's (a category column is
    then required to name one of them); `registered`: the addresses already registered (not cancelled)."""
    result = ParticipantImport()
    try:
        table = csv_files.read_table(data, COLUMNS, "email", str(_l(
            "The first line must name the columns, with ones called “email” and “full_name” (and, if you like, "
            "“organisation”, “job_title”, “honorific”, “country”, “category”, “stakeholder_group” and “participation”).")))
        if "full_name" not in table.columns:
            raise csv_files.FileProblem(str(_l("The first line must name a column “full_name”: every participant "
                                               "needs a name on their badge.")))
    except csv_files.FileProblem as problem:
        result.file_problem = problem.message
        return result
    countries, groups = _country_codes(), _keys_in_every_language(STAKEHOLDER_GROUPS)
    ways = PARTICIPATION_WORDS | _keys_in_every_language(PARTICIPATIONS)
    category_ids = {}
    for category in categories:
        category_ids[search_key(category.key)] = category.id
        category_ids[search_key(category.name)] = category.id
    seen = {}
    for line, row in table.rows:
        # Every problem of the line at once, so that the organiser corrects it in one go.
        problems, cells = csv_files.read_cells_problems(row, table, LIMITS)
        person = {}
        if cells:
            more, person = _person(cells, countries, groups, ways, category_ids, bool(categories))
            problems += more
        email = cells.get("email")
        if email and email in seen:
            problems.append(str(_l("%(email)s is already on line %(line)d.", email=email, line=seen[email])))
        elif email and email in registered:
            problems.append(str(_l("%(email)s is already registered for this event.", email=email)))
        if email:
            seen.setdefault(email, line)
        if problems:
            result.problems.append((line, " ".join(problems)))
        else:
            result.people.append(person)
    return result


def _person(cells: dict, countries: dict, groups: dict, ways: dict, category_ids: dict,
            has_categories: bool) -> tuple[list[str], dict]:
    """(every problem of the row's cells, the person they describe)."""
    problems = []
    if not cells.get("full_name"):
        problems.append(str(_l("The name is missing.")))
    person = {name: cells.get(name, "") for name in ("email", "full_name", "organisation", "job_title", "honorific")}
    person["country"] = person["stakeholder_group"] = None
    if cells.get("country"):
        person["country"] = countries.get(search_key(cells["country"]))
        if person["country"] is None:
            problems.append(str(_l("“%(country)s” is not a country we know: write its two-letter code (like SN) or "
                                   "its name in English or French.", country=cells["country"])))
    if cells.get("stakeholder_group"):
        person["stakeholder_group"] = groups.get(search_key(cells["stakeholder_group"]))
        if person["stakeholder_group"] is None:
            problems.append(str(_l("“%(group)s” is not one of the stakeholder groups.",
                                   group=cells["stakeholder_group"])))
    if cells.get("participation"):
        # Read at a hybrid event only (registration.services.participation_of): elsewhere the event decides.
        person["participation"] = ways.get(search_key(cells["participation"]))
        if person["participation"] is None:
            problems.append(str(_l("“%(value)s” is not a way of taking part: write “in person” or “online”.",
                                   value=cells["participation"])))
    if has_categories:
        if not cells.get("category"):
            problems.append(str(_l("The category is missing.")))
        else:
            person["category_id"] = category_ids.get(search_key(cells["category"]))
            if person["category_id"] is None:
                problems.append(str(_l("“%(category)s” is not one of this event's categories.",
                                       category=cells["category"])))
    return problems, person
