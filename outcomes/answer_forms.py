"""The form a person answers a survey with, made from the survey's questions."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from wtforms import Field, HiddenField, RadioField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional

from core.forms import INVALID_CHOICE, ConveneForm, at_most, select_choices, strip_text
from core.multilingual import marked, translated, translated_list
from outcomes.answers import Answer
from outcomes.models import CHOICE, SCALE, TEXT, Survey, SurveyQuestion
from outcomes.surveys import question_wording
from outcomes.vocabulary import SCALE as SCALE_LABELS

COMMENT_MAX, TEXT_MAX = 2000, 5000
ANSWER_THIS = _l("Answer this question.")
INVALID_SCORE = _l("Choose one of the five answers, from “Strongly disagree” to “Strongly agree”.")


@dataclass
class Item:
    """One question as the page draws it: its number, its answer field and, for a score, the comment."""

    number: int
    question: SurveyQuestion
    field: Field
    comment: Field | None


class AnswerForm(ConveneForm):
    #: Whether the page said the answers are anonymous ("yes"/"no"): if the survey changed since, the
    #: answers are not stored under a promise the person did not read.
    promised_anonymous = HiddenField()
    submit = SubmitField(_l("Send my answers"))

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.items = [Item(number, question, self[f"q_{question.id}"], self._fields.get(f"c_{question.id}"))
                      for number, question in enumerate(survey.questions, start=1)]
        if not self.promised_anonymous.data:
            self.promised_anonymous.data = _yes_no(survey.is_anonymous)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and not self.answers():
            self.form_errors.append(_l("Answer at least one question before you send."))
            return False
        return valid

    def promise_broken(self) -> bool:
        """The page showed another anonymity than the survey's now (the organisers changed it meanwhile)."""
        shown = self.promised_anonymous.data
        return shown in ("yes", "no") and shown != _yes_no(self.survey.is_anonymous)

    def promise_current(self) -> None:
        """Show the survey's anonymity as it is now, to be read before sending again."""
        self.promised_anonymous.data = _yes_no(self.survey.is_anonymous)

    def answers(self) -> list[Answer]:
        """The questions answered (a question skipped stores nothing)."""
        answers = []
        for item in self.items:
            question, data = item.question, item.field.data
            if question.kind == SCALE:
                score, comment = (int(data) if data else None), (item.comment.data or "")
                if score is not None or comment:
                    answers.append(Answer(question.id, score=score, text=comment))
            elif question.kind == CHOICE and data:
                answers.append(Answer(question.id, choice=data))
            elif question.kind == TEXT and data:
                answers.append(Answer(question.id, text=data))
        return answers


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _answer_fields(survey: Survey, question: SurveyQuestion) -> dict:
    # In the reader's language where the organisers wrote it, marked with its language where it falls back.
    label, hint = marked(question_wording(question, survey.kind)), translated(question, "help_text")
    description = marked(hint) if hint else None
    # Shown in the reader's language, submitted and stored in the first language's: reports count the same.
    options = list(zip(question.options or (), (marked(option) for option in translated_list(question, "options"))))
    name = f"q_{question.id}"
    if question.kind == TEXT:
        return {name: TextAreaField(label, filters=[strip_text], description=description, validators=[
            DataRequired(message=ANSWER_THIS) if question.is_required else Optional(), at_most(TEXT_MAX)])}
    validators = [InputRequired(message=ANSWER_THIS)] if question.is_required else [Optional()]
    if question.kind == CHOICE:
        return {name: RadioField(label, description=description, validators=validators,
                                 choices=select_choices(options),
                                 invalid_choice_message=INVALID_CHOICE)}
    return {name: RadioField(label, description=description, validators=validators,
                             choices=select_choices((str(score), text) for score, text in SCALE_LABELS.items()),
                             invalid_choice_message=INVALID_SCORE),
            f"c_{question.id}": TextAreaField(_l("Comment (optional)"), filters=[strip_text],
                                              validators=[Optional(), at_most(COMMENT_MAX)])}


def answer_form(survey: Survey, **kwargs) -> AnswerForm:
    fields = {}
    for question in survey.questions:
        fields.update(_answer_fields(survey, question))
    form_class = type("SurveyAnswerForm", (AnswerForm,), fields)
    return form_class(survey=survey, **kwargs)
