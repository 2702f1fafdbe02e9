"""The organisers' form for a participant category (registration.categories)."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, NumberRange, Optional, StopValidation

from core.forms import INVALID_CHOICE, ConveneForm, at_most, select_choices, strip_text
from core.language_fields import first_language_left_empty, language_data, other_languages, with_languages
from core.multilingual import languages_of
from core.vocabularies import language_names
from registration.categories import ADMISSIONS, APPROVAL
from registration.category_services import unused_colour
from registration.onsite_forms import _colour

CATEGORY_TEXTS = ("name", "badge_label")
PLACES_MESSAGE = _l("Give a whole number of places from 1 to 100000, or leave it empty for no limit of its own.")


def _required_colour(form, field):
    # Not DataRequired: its `required` flag would put an attribute on the colour input that HTML forbids there.
    field.data = (field.data or "").upper()
    if not field.data:
        raise StopValidation(_l("Choose the band's colour."))
    _colour(form, field)


class CategoryForm(ConveneForm):
    name = StringField(_l("Name"), filters=[strip_text],
                       validators=[DataRequired(message=_l("Name the category.")), at_most(120)],
                       description=_l("As participants choose it on the form, e.g. “Observer State”."))
    admission = SelectField(_l("Who may register in it"), choices=select_choices(ADMISSIONS.items()),
                            default=APPROVAL, invalid_choice_message=INVALID_CHOICE)
    capacity = IntegerField(_l("Places"), validators=[Optional(), NumberRange(min=1, max=100_000,
                                                                              message=PLACES_MESSAGE)],
                            invalid_value_message=PLACES_MESSAGE,
                            description=_l("Empty: only the event's own limit applies. When full, people of this "
                                           "category join the waiting list."))
    badge_colour = StringField(_l("Badge band colour"), filters=[strip_text], default="#595959",
                               validators=[_required_colour],
                               render_kw={"type": "color"})
    badge_label = StringField(_l("Word printed on the band"), filters=[strip_text],
                              validators=[Optional(), at_most(40)],
                              description=_l("Short, e.g. “Observer”. Empty: the category's name."))
    is_listed = BooleanField(_l("Its people appear on the public list of participants (those who agree to it)"),
                             default=True)
    submit = SubmitField(_l("Save the category"))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if hasattr(self, "content_languages") and first_language_left_empty(self, "name"):
            self.name.errors = [_l("Write the name in %(language)s too: it is the event's first language, which "
                                   "people reading a language it is not written in get.",
                                   language=language_names().get(self.content_languages[0],
                                                                 self.content_languages[0]))]
            valid = False
        return valid

    def values(self) -> dict:
        return {"name": self.name.data, "admission": self.admission.data, "capacity": self.capacity.data,
                "badge_colour": self.badge_colour.data, "badge_label": self.badge_label.data or "",
                "is_listed": bool(self.is_listed.data)}

    def translations(self) -> dict[str, dict]:
        return {field: other_languages(self, field) for field in CATEGORY_TEXTS}


def category_form(event, category=None, **kwargs) -> CategoryForm:
    """The form with a version of the name and band label for each of the event's working languages;
    `category`: the one being changed, whose texts in every language fill it."""
    form_class = with_languages(CategoryForm, CATEGORY_TEXTS, languages_of(event))
    if category is not None:
        kwargs["data"] = {"name": category.name, "admission": category.admission, "capacity": category.capacity,
                          "badge_colour": category.badge_colour, "badge_label": category.badge_label,
                          "is_listed": category.is_listed, **language_data(category, CATEGORY_TEXTS)}
    else:
        # A new category's band in a colour the event's other categories do not have, not the Secretariat's grey.
        kwargs.setdefault("data", {"badge_colour": unused_colour(event.id)})
    return form_class(**kwargs)
