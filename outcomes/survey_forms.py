"""The organisers' survey forms: the settings of an event's two surveys, and a question of their own."""
from flask_babel import gettext as _, lazy_gettext as _l
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, SubmitField, \
    TextAreaField
from wtforms.validators import DataRequired, NumberRange, Optional

from core.forms import INVALID_CHOICE, ConveneForm, at_most, select_choices, strip_text
from core.language_fields import (check_same_lines, first_language_left_empty, language_data, lines, other_languages,
                                  with_languages)
from core.multilingual import languages_of
from core.time_fields import LocalDateTimeField
from core.vocabularies import language_names
from events.formatting import local_datetime
from outcomes import surveys
from outcomes.models import CHOICE, FOLLOW_UP, QUESTION_KINDS, SCALE, Survey

NAMED, ANONYMOUS = "named", "anonymous"
ANONYMITY = {NAMED: _l("Named: the organisers see who gave each answer"),
             ANONYMOUS: _l("Anonymous: answers are kept with no link to the person who gave them")}
MIN_DELAY, MAX_DELAY = 1, 24
DELAY_MESSAGE = _l("Give a whole number of months from %(min)d to %(max)d.", min=MIN_DELAY, max=MAX_DELAY)
#: A CHOICE answer is stored as the option's text, in a column of this size.
MAX_OPTIONS, MAX_OPTION_LENGTH = 50, 300


def _closing_field(label):
    return LocalDateTimeField(label, validators=[Optional()],
                              description=_l("On the event's clocks. Empty: for as long as the survey is on."))


def _anonymity_field():
    # Optional: once the survey is locked the page shows the choice as text, and the form sends none; while
    # it is not, a form without it (no browser sends one) keeps the stored choice.
    return RadioField(_l("Answers"), choices=select_choices(ANONYMITY.items()), default=NAMED,
                      validators=[Optional()], invalid_choice_message=INVALID_CHOICE)


class SurveySettingsForm(ConveneForm):
    """Both surveys of an event on one form. Once a survey is locked (see surveys.is_locked) its anonymity
    and its delay are what people were told: a form that tries to change them is refused."""

    feedback_is_enabled = BooleanField(_l("Send the feedback survey to those who attended, when the event ends"))
    feedback_anonymity = _anonymity_field()
    feedback_closes_at = _closing_field(_l("Answers taken until"))
    follow_up_is_enabled = BooleanField(_l("Send the follow-up survey to those who attended, some months later"))
    follow_up_anonymity = _anonymity_field()
    follow_up_delay_months = IntegerField(
        _l("Months after the event"), validators=[Optional(), NumberRange(MIN_DELAY, MAX_DELAY, DELAY_MESSAGE)],
        invalid_value_message=DELAY_MESSAGE,
        description=_l("What people did afterwards takes time: six months is usual."))
    follow_up_closes_at = _closing_field(_l("Answers taken until"))
    submit = SubmitField(_l("Save the survey settings"))

    def __init__(self, *args, event, surveys_by_kind: dict[str, Survey], locked: dict[str, bool], **kwargs):
        data = {}
        for kind, survey in surveys_by_kind.items():
            data.update({f"{kind}_is_enabled": survey.is_enabled,
                         f"{kind}_anonymity": ANONYMOUS if survey.is_anonymous else NAMED,
                         f"{kind}_closes_at": survey.closes_at.astimezone(event.zone).replace(tzinfo=None)
                         if survey.closes_at else None})
        data["follow_up_delay_months"] = surveys_by_kind[FOLLOW_UP].delay_months
        super().__init__(*args, data=data, **kwargs)
        self.event, self.surveys, self.locked = event, surveys_by_kind, locked
        self.feedback_closes_at.zone_name = self.follow_up_closes_at.zone_name = event.timezone

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        self.closing = {}
        for kind, survey in self.surveys.items():
            if self.locked[kind]:
                valid &= self._unchanged(self[f"{kind}_anonymity"], ANONYMOUS if survey.is_anonymous else NAMED,
                                         _l("People were told whether their answers are anonymous when they were "
                                            "invited: this can no longer change."))
            valid &= self._closing(kind)
        delay = self.follow_up_delay_months
        if self.locked[FOLLOW_UP]:
            valid &= self._unchanged(delay, self.surveys[FOLLOW_UP].delay_months,
                                     _l("The follow-up survey has been sent: when it opens can no longer change."))
        elif delay.data is None and not delay.errors:
            delay.errors.append(DELAY_MESSAGE)
            valid = False
        return valid

    @staticmethod
    def _unchanged(field, stored, message) -> bool:
        """A locked setting: not sent (the page shows it as text) or sent as it is stored."""
        if field.raw_data and field.data != stored:
            field.errors.append(message)
            return False
        return True

    def _closing(self, kind: str) -> bool:
        field = self[f"{kind}_closes_at"]
        if field.data is None or field.errors:
            self.closing[kind] = None
            return not field.errors
        closes = field.utc(self.event.timezone)
        if closes is None:
            return False
        opens = surveys.opens_at(Survey(kind=kind, delay_months=self._delay(kind)), self.event)
        if closes <= opens:
            field.errors.append(_("The survey opens on %(date)s: it must close after that.",
                                  date=local_datetime(opens, self.event, "short")))
            return False
        self.closing[kind] = closes
        return True

    def _delay(self, kind: str) -> int | None:
        if kind != FOLLOW_UP:
            return None
        if self.locked[FOLLOW_UP] or self.follow_up_delay_months.errors or self.follow_up_delay_months.data is None:
            return self.surveys[FOLLOW_UP].delay_months
        return self.follow_up_delay_months.data

    def values(self) -> dict[str, dict]:
        """The columns to store, by kind; a locked survey's anonymity and delay are left as they are."""
        values = {}
        for kind in self.surveys:
            values[kind] = {"is_enabled": bool(self[f"{kind}_is_enabled"].data), "closes_at": self.closing[kind]}
            if not self.locked[kind]:
                values[kind]["is_anonymous"] = self[f"{kind}_anonymity"].data == ANONYMOUS
        if not self.locked[FOLLOW_UP]:
            values[FOLLOW_UP]["delay_months"] = self.follow_up_delay_months.data
        return values


class SurveyQuestionForm(ConveneForm):
    label = StringField(_l("Question"), filters=[strip_text],
                        validators=[DataRequired(message=_l("Write the question.")), at_most(300)])
    kind = SelectField(_l("Kind of answer"), choices=select_choices(QUESTION_KINDS.items()), default=SCALE,
                       invalid_choice_message=INVALID_CHOICE,
                       description=_l("A score from 1 (strongly disagree) to 5 (strongly agree), with room for a "
                                      "comment; one option from your list; or a text."))
    options = TextAreaField(_l("Options, one per line"), filters=[strip_text], validators=[Optional(), at_most(5000)],
                            description=_l("For a question answered with one choice from a list."))
    help_text = StringField(_l("Hint under the question"), filters=[strip_text], validators=[Optional(), at_most(500)])
    is_required = BooleanField(_l("An answer is required"))
    submit = SubmitField(_l("Save the question"))

    def validate(self, extra_validators=None) -> bool:
        # Here rather than as a field validator: Optional() would skip it when the box is left empty.
        valid = super().validate(extra_validators)
        problem = self._options_problem() if self.kind.data == CHOICE and not self.options.errors else None
        if problem:
            self.options.errors.append(problem)
        elif self.kind.data == CHOICE and hasattr(self, "content_languages"):
            valid &= check_same_lines(self, "options")
        if hasattr(self, "content_languages") and first_language_left_empty(self, "label"):
            first = self.content_languages[0]
            self.label.errors = [_l("Write the question in %(language)s too: it is the event's first language, "
                                    "which people reading a language it is not written in get.",
                                    language=language_names().get(first, first))]
        return valid and not problem

    def _options_problem(self):
        options = self.option_list()
        if len(options) < 2:
            return _l("Give at least two options, one per line.")
        if len(options) > MAX_OPTIONS:
            return _l("Give at most %(number)d options.", number=MAX_OPTIONS)
        if len(set(option.casefold() for option in options)) != len(options):
            return _l("Each option must be different.")
        if any(len(option) > MAX_OPTION_LENGTH for option in options):
            return _l("An option may have at most %(number)d characters.", number=MAX_OPTION_LENGTH)
        return None

    def option_list(self) -> list[str]:
        return lines(self.options.data)

    def values(self) -> dict:
        return {"label": self.label.data, "kind": self.kind.data, "help_text": self.help_text.data or "",
                "is_required": bool(self.is_required.data),
                "options": self.option_list() if self.kind.data == CHOICE else []}


    def translations(self) -> dict[str, dict]:
        """The other working languages' texts, {field: {language: text}}; options as lists matched by
        position with the first language's (answers and reports keep the first language's option)."""
        with_options = self.kind.data == CHOICE
        return {"label": other_languages(self, "label"), "help_text": other_languages(self, "help_text"),
                "options": {language: options if with_options else []
                            for language, options in other_languages(self, "options", as_lines=True).items()}}


QUESTION_TEXTS = ("label", "help_text", "options")


def survey_question_form(event, question=None) -> SurveyQuestionForm:
    """The question form with a version of its texts for each of the event's working languages."""
    form_class = with_languages(SurveyQuestionForm, QUESTION_TEXTS, languages_of(event))
    return form_class(data=question_form_data(question) if question else None)


def question_form_data(question) -> dict:
    return {"label": question.label, "kind": question.kind, "help_text": question.help_text,
            "is_required": question.is_required, "options": "\n".join(question.options or ()),
            **language_data(question, QUESTION_TEXTS)}

