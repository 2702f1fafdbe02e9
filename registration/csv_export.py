"""The participant list as CSV, written row by row as the rows are read (streamed)."""
import csv
import io

from flask_babel import gettext as _

from core.multilingual import translated
from core.vocabularies import STAKEHOLDER_GROUPS, country_names, language_names
from events.vocabulary import PARTICIPATIONS
from registration import seats
from registration.category_services import categories_of
from registration.models import GENDERS, SEAT_STATUSES, SOURCES, STATUSES
from registration.questions import answer_text, questions_of
from registration.organising import participants_for_export

COLUMNS = ["full_name", "email", "organisation", "job_title", "stakeholder_group", "country", "gender", "languages",
           "accessibility_needs", "dietary_requirements", "status", "registered_at", "category", "honorific", "source",
           "participation"]


def spreadsheet_safe(value) -> str:
    """A cell a spreadsheet shows as text: one starting with = + - @ would run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


#: First in every CSV download: spreadsheet programs then read the names (any script) as UTF-8.
BOM = "\ufeff"


class CsvText:
    """Rows written as CSV, handed out as text as they are written: a streamed download yields `text()`
    after each row (or table), so that it holds one row in memory, not the file."""

    def __init__(self):
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer)

    def row(self, values) -> None:
        self._writer.writerow(values)

    def text(self) -> str:
        """What was written since the last call."""
        data = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return data


def _texts(labels: dict) -> dict[str, str]:
    return {key: str(label) for key, label in labels.items()}


def participant_rows(event, statement):
    """The rows of `statement` (the organiser's filtered list), with a column per question of the
    event's own and per session with limited seats."""
    out = CsvText()
    questions, sessions = questions_of(event.id), seats.seat_sessions(event.id)
    # Translated once for the whole file: done per row, the labels cost as much as writing the rows.
    languages = language_names()
    groups, genders = _texts(STAKEHOLDER_GROUPS), _texts(GENDERS)
    statuses, seat_statuses = _texts(STATUSES), _texts(SEAT_STATUSES)
    countries = country_names()
    sources, participations = _texts(SOURCES), _texts(PARTICIPATIONS)
    # In the event's first language, as stored, like the questions: the same column whoever downloads it.
    categories = {category.id: category.name for category in categories_of(event.id)}

    yield BOM
    out.row([spreadsheet_safe(title) for title in COLUMNS + [question.label for question in questions]
                     + [_("Session: %(title)s", title=translated(session, "title")) for session in sessions]])
    yield out.text()
    for registration in participants_for_export(statement):
        answers = registration.answers or {}
        choices = {choice.session_id: choice.status for choice in registration.choices}
        out.row([spreadsheet_safe(value) for value in (
            registration.full_name, registration.email, registration.organisation, registration.job_title,
            groups.get(registration.stakeholder_group, ""), countries.get(registration.country, ""),
            genders.get(registration.gender, ""),
            "; ".join(languages.get(code, code) for code in registration.languages or ()),
            registration.accessibility_needs, registration.dietary_requirements,
            statuses[registration.status], registration.created_at.isoformat(timespec="seconds"),
            categories.get(registration.category_id, ""), registration.honorific,
            sources.get(registration.source, registration.source),
            # How they take part: "In person" or "Online" (asked at a hybrid event, the event's own way otherwise).
            participations.get(registration.participation, registration.participation),
            # Questions and options in the event's first language, as stored: the spreadsheet's columns and
            # counts are the same whatever language people answered in.
            *(answer_text(question, answers.get(str(question.id)), source=True) for question in questions),
            *(seat_statuses[choices[session.id]] if session.id in choices else "" for session in sessions))])
        yield out.text()
