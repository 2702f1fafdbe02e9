"""Surveys: the feedback survey after an event and the follow-up survey months later, their questions,
the personal invitations that carry the answering link, and the answers."""
from datetime import date, datetime
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models import UTCDateTime, utcnow
from core.multilingual import Multilingual

FEEDBACK, FOLLOW_UP = "feedback", "follow_up"
SURVEY_KINDS = {FEEDBACK: _l("Feedback survey"), FOLLOW_UP: _l("Follow-up survey")}

SCALE, CHOICE, TEXT = "scale", "choice", "text"
QUESTION_KINDS = {SCALE: _l("A score from 1 to 5"), CHOICE: _l("One choice from a list"), TEXT: _l("Text")}


class Survey(db.Model):
    """One event's feedback survey (sent when the event ends) or follow-up survey (some months later)."""

    __tablename__ = "surveys"
    __table_args__ = (UniqueConstraint("event_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    #: A key of SURVEY_KINDS.
    kind: Mapped[str] = mapped_column(String(16))
    #: Anonymous: answers are stored with no link to the person who gave them (see SurveyResponse).
    is_anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The organiser turned it on: invitations go out from `opens_at` on (see outcomes.surveys).
    is_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Follow-up surveys only: how many months after the event's end it opens.
    delay_months: Mapped[int | None] = mapped_column(Integer)
    #: Answers are taken until then; None: for as long as the survey is enabled.
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the first invitation went out: from then on the questions and the anonymity promised stay as sent.
    first_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event = relationship("Event")
    questions: Mapped[list["SurveyQuestion"]] = relationship(
        back_populates="survey", cascade="all, delete-orphan", order_by="SurveyQuestion.position, SurveyQuestion.id")


class SurveyQuestion(Multilingual, db.Model):
    """A question of a survey: a built-in outcome question (`outcome` set) or one of the organiser's own."""

    __tablename__ = "survey_questions"
    translated_fields = ("label", "help_text", "options")

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: A key of QUESTION_KINDS.
    kind: Mapped[str] = mapped_column(String(16))
    #: A key of outcomes.vocabulary.OUTCOMES for the built-in questions, which every event asks alike (their
    #: wording comes from the vocabulary, in the reader's language); None for the organiser's own.
    outcome: Mapped[str | None] = mapped_column(String(32), index=True)
    #: The organiser's wording; empty for built-in questions.
    label: Mapped[str] = mapped_column(String(300), default="")
    help_text: Mapped[str] = mapped_column(String(500), default="")
    is_required: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The options of a CHOICE question, in order; answers store the option's text.
    options: Mapped[list] = mapped_column(JSON, default=list)

    survey: Mapped[Survey] = relationship(back_populates="questions")

    @property
    def content_languages(self) -> list[str]:
        return self.survey.event.content_languages


class SurveyInvitation(db.Model):
    """One attendee's personal link to one survey: it works without logging in, for one answer."""

    __tablename__ = "survey_invitations"
    __table_args__ = (UniqueConstraint("survey_id", "registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the code in the link: a copy of the database hands out no working link.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The day the person answered (the day only). In an anonymous survey the response keeps no day, so this
    #: one cannot be matched with it (see SurveyResponse.submitted_on).
    answered_on: Mapped[date | None] = mapped_column(Date)

    survey: Mapped[Survey] = relationship()
    registration = relationship("Registration")


def _response_id() -> str:
    return secrets.token_hex(16)


class SurveyResponse(db.Model):
    """One person's answers to a survey.

    In an anonymous survey nothing stored links a response to its invitation: no person, no day, no counter.
    On SQLite the table keeps no rowid (which counts up in the order the rows were written, so the order in
    which people answered), and on PostgreSQL each answer rewrites the survey's responses and answers so that
    they all carry the same transaction stamp (outcomes.answers._blend).
    """

    __tablename__ = "survey_responses"
    __table_args__ = (UniqueConstraint("survey_id", "registration_id"), {"sqlite_with_rowid": False})

    #: Random, not a counter: in an anonymous survey the order of the ids would say who answered first.
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=_response_id)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    #: The person who answered; always None in an anonymous survey.
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"))
    #: The day of a named survey's answer; None in an anonymous survey, where joining it with the invitations'
    #: `answered_on` would name whoever was the only one to answer on a day.
    submitted_on: Mapped[date | None] = mapped_column(Date)

    survey: Mapped[Survey] = relationship()
    registration = relationship("Registration")
    answers: Mapped[list["SurveyAnswer"]] = relationship(back_populates="response", cascade="all, delete-orphan")


class SurveyAnswer(db.Model):
    """The answer to one question. No id of its own: a counter would again give the order of the answers."""

    __tablename__ = "survey_answers"
    __table_args__ = (
        # The reports count answers by question, score and choice from this index alone, and read the texts
        # through the second one, which holds only the answers that have one.
        Index("ix_survey_answers_question_id_score_choice", "question_id", "score", "choice"),
        Index("ix_survey_answers_question_id_texts", "question_id", sqlite_where=text("text != ''"),
              postgresql_where=text("text != ''")),
        # No rowid either: it would give the order in which the answers were written (see SurveyResponse).
        {"sqlite_with_rowid": False},
    )

    response_id: Mapped[str] = mapped_column(ForeignKey("survey_responses.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id", ondelete="CASCADE"), primary_key=True)
    #: 1–5 for a SCALE question.
    score: Mapped[int | None] = mapped_column(Integer)
    #: The option chosen, for a CHOICE question.
    choice: Mapped[str | None] = mapped_column(String(300))
    #: The answer to a TEXT question, or the comment that goes with a score.
    text: Mapped[str] = mapped_column(Text, default="")

    response: Mapped[SurveyResponse] = relationship(back_populates="answers")
    question: Mapped[SurveyQuestion] = relationship()
