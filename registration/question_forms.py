"""The organiser's form for the registration form's own questions (registration.questions)."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Optional, ValidationError

from core.forms import INVALID_CHOICE, CheckboxesField, ConveneForm, at_most, select_choices, strip_text
from core.language_fields import (check_same_lines, first_language_left_empty, language_data, lines, other_languages,
                                  with_languages)
from core.multilingual import languages_of, translated
from core.vocabularies import language_names
from registration import category_services
from registration.models import QUESTION_KINDS, WITH_OPTIONS


class QuestionForm(ConveneForm):
    label = StringField(_l("Question"), filters=[strip_text],
                        validators=[DataRequired(message=_l("Write the question.")), at_most(300)])
    kind = SelectField(_l("Kind of answer"), choices=select_choices(QUESTION_KINDS.items()), default="text",
                       invalid_choice_message=INVALID_CHOICE)
    options = TextAreaField(_l("Options, one per line"), filters=[strip_text], validators=[Optional(), at_most(5000)],
                            description=_l("For questions answered with one or several choices from a list."))
    help_text = StringField(_l("Hint under the question"), filters=[strip_text], validators=[Optional(), at_most(500)])
    is_required = BooleanField(_l("An answer is required"))
    submit = SubmitField(_l("Save the question"))

    def __init__(self, *args, answered: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.answered, self.stored_kind = answered, (kwargs.get("data") or {}).get("kind")

    def validate_kind(self, field):
        if self.answered and field.data != self.stored_kind:
            raise ValidationError(_l("People have answered this question already: its kind of answer cannot "
                                     "change. Add a new question instead."))

    def validate(self, extra_validators=None):
        # Here rather than as a field validator: Optional() would skip it when the box is left empty.
        valid = super().validate(extra_validators)
        problem = self._options_problem() if self.kind.data in WITH_OPTIONS else None
        if problem:
            self.options.errors.append(problem)
        elif self.kind.data in WITH_OPTIONS and hasattr(self, "content_languages"):
            valid &= check_same_lines(self, "options")
        if hasattr(self, "content_languages") and first_language_left_empty(self, "label"):
            self.label.errors = [_l("Write the question in %(language)s too: it is the event's first language, "
                                    "which people reading a language it is not written in get.",
                                    language=language_names().get(self.content_languages[0],
                                                                  self.content_languages[0]))]
        return valid and not problem

    def _options_problem(self):
        options = self.option_list()
        if len(options) < 2:
            return _l("Give at least two options, one per line.")
        if len(options) > 50:
            return _l("Give at most 50 options.")
        if len(set(option.casefold() for option in options)) != len(options):
            return _l("Each option must be different.")
        if any(len(option) > 200 for option in options):
            return _l("An option may have at most 200 characters.")
        return None

    def option_list(self) -> list[str]:
        return lines(self.options.data)

    def values(self) -> dict:
        return {"label": self.label.data, "kind": self.kind.data, "help_text": self.help_text.data or "",
                "is_required": bool(self.is_required.data),
                "options": self.option_list() if self.kind.data in WITH_OPTIONS else [],
                "category_ids": sorted(self.category_ids.data or []) if "category_ids" in self else []}

    def translations(self) -> dict[str, dict]:
        """The other working languages' texts, {field: {language: text}}; options as lists matched by
        position with the first language's (answers keep the first language's option)."""
        with_options = self.kind.data in WITH_OPTIONS
        return {"label": other_languages(self, "label"), "help_text": other_languages(self, "help_text"),
                "options": {language: options if with_options else []
                            for language, options in other_languages(self, "options", as_lines=True).items()}}


QUESTION_TEXTS = ("label", "help_text", "options")


def question_form(event, question=None, **kwargs) -> QuestionForm:
    """The question form with a version of its texts for each of the event's working languages; `question`:
    the one being changed, whose texts in every language fill it."""
    form_class = with_languages(QuestionForm, QUESTION_TEXTS, languages_of(event))
    categories = category_services.categories_of(event.id)
    if categories:
        form_class = type(form_class.__name__, (form_class,), {"category_ids": CheckboxesField(
            _l("Asked only of these categories"), coerce=int, invalid_choice_message=INVALID_CHOICE,
            choices=select_choices((category.id, translated(category, "name")) for category in categories),
            description=_l("None ticked: asked of everyone. Otherwise the question is shown with the categories it "
                           "is for, and an answer is required (and kept) only from their people."))})
    if question is not None:
        kwargs["data"] = {"label": question.label, "kind": question.kind, "help_text": question.help_text,
                          "is_required": question.is_required, "options": "\n".join(question.options or ()),
                          "category_ids": list(question.category_ids or []), **language_data(question, QUESTION_TEXTS)}
    return form_class(**kwargs)
