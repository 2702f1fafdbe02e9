"""The event's own questions on its registration form, and their answers as people read them."""
from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from core.extensions import db
from core.models import move_in_order
from core.multilingual import change_source_language, set_translations, translated, translated_list
from core.vocabularies import country_name
from events.models import Event
from registration.models import (COUNTRY, WITH_OPTIONS, YES_NO, Registration, RegistrationQuestion,
                                 RegistrationSettings)


def questions_of(event_id: int) -> list[RegistrationQuestion]:
    return db.session.scalars(select(RegistrationQuestion).where(RegistrationQuestion.event_id == event_id)
                              .order_by(RegistrationQuestion.position, RegistrationQuestion.id)).all()


def add_question(event_id: int, values: dict, translations: dict | None = None) -> RegistrationQuestion:
    """`values` in the event's first language; `translations`: {field: {language: text}} for the others."""
    last = db.session.scalar(select(func.max(RegistrationQuestion.position))
                             .where(RegistrationQuestion.event_id == event_id))
    question = RegistrationQuestion(event=db.session.get(Event, event_id), position=(last or 0) + 1, **values)
    _translate(question, translations)
    db.session.add(question)
    db.session.commit()
    return question


def update_question(question: RegistrationQuestion, values: dict, translations: dict | None = None) -> None:
    for name, value in values.items():
        setattr(question, name, value)
    _translate(question, translations)
    db.session.commit()


def _translate(question: RegistrationQuestion, translations: dict | None) -> None:
    for field, texts in (translations or {}).items():
        set_translations(question, field, texts)


def remove_question(question: RegistrationQuestion) -> None:
    """The answers already given stay in the registrations (and in people's data downloads)."""
    # By its id, not the loaded row: a second click on "Remove" finds nothing to delete, and no error.
    db.session.execute(delete(RegistrationQuestion).where(RegistrationQuestion.id == question.id))
    db.session.commit()


def is_answered(question: RegistrationQuestion) -> bool:
    """Whether anyone gave an answer to it (their answers are kept with the registrations)."""
    key = str(question.id)
    return any(answers and answers.get(key) not in (None, "", []) for answers in db.session.scalars(
        select(Registration.answers).where(Registration.event_id == question.event_id)))


def move_question(question: RegistrationQuestion, step: int) -> None:
    """Swap the question with its neighbour above (step -1) or below (step 1)."""
    move_in_order(questions_of(question.event_id), question, step)
    db.session.commit()


def answer_text(question: RegistrationQuestion, value, source: bool = False) -> str:
    """An answer as a person reads it, in the page's language; options are stored in the event's first
    language and shown in the reader's (`source`: as stored, for the organisers' spreadsheet, whose counts and
    filters must not depend on the language people answered in). An answer given to an earlier form of
    the question (a list where one text is expected now) is shown as it was given."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, list):
        return "; ".join(str(item) if source else option_text(question, item) for item in value)
    if question.kind == YES_NO and value in ("yes", "no"):
        return _("Yes") if value == "yes" else _("No")
    if question.kind == COUNTRY:
        return country_name(str(value))
    return str(value) if source else option_text(question, value)


def option_text(question: RegistrationQuestion, option) -> str:
    """A stored option (its first-language text) in the reader's language; an option no longer offered, or
    a free answer, as it was given."""
    options = list(question.options or [])
    if question.kind not in WITH_OPTIONS or option not in options:
        return str(option)
    return translated_list(question, "options")[options.index(option)]


def answers_as_text(registration: Registration, questions: list[RegistrationQuestion]) -> list[tuple[str, str]]:
    """(question, answer) for each of the event's questions, in form order, in the reader's language."""
    answers = registration.answers or {}
    return [(translated(question, "label"), answer_text(question, answers.get(str(question.id))))
            for question in questions]


def move_first_language(event: Event, old: str, new: str) -> None:
    """The event's first language changed: the questions and the privacy notice move their texts with it
    (core.signals.first_language_changed)."""
    settings = db.session.get(RegistrationSettings, event.id)
    for item in [*([settings] if settings is not None else []), *questions_of(event.id)]:
        change_source_language(item, old, new, keep_unwritten=True)
