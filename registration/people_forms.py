"""Forms for people registered by someone else: a walk-in at the desk, a participant an organiser adds
or imports, and the details an organiser changes on a participant's behalf."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, EmailField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Optional

from core.forms import INVALID_CHOICE, CheckboxesField, ConveneForm, at_most, optional_id, select_choices, strip_text
from core.multilingual import translated
from core.vocabularies import STAKEHOLDER_GROUPS, country_choices, language_choices
from events.vocabulary import PARTICIPATIONS
from registration.forms import NOT_GIVEN
from registration.models import CONFIRMED, PENDING, STATUSES


def _email_field(label):
    return EmailField(label, filters=[strip_text], validators=[
        DataRequired(message=_l("Enter the person's e-mail address.")),
        Email(message=_l("Enter a valid e-mail address.")), at_most(320)])


class _PersonForm(ConveneForm):
    full_name = StringField(_l("Full name"), filters=[strip_text], validators=[
        DataRequired(message=_l("Enter the person's name.")), at_most(200)],
        description=_l("As it should appear on the badge."))
    organisation = StringField(_l("Organisation"), filters=[strip_text], validators=[Optional(), at_most(200)])
    category = SelectField(_l("Category"), invalid_choice_message=INVALID_CHOICE)
    country = SelectField(_l("Country"), invalid_choice_message=INVALID_CHOICE, validators=[Optional()])

    def __init__(self, categories=(), *args, **kwargs):
        """`categories`: the event's participant categories (a category is then required)."""
        super().__init__(*args, **kwargs)
        self.country.choices = select_choices([NOT_GIVEN] + country_choices())
        if categories:
            self.category.choices = select_choices([("", _l("— Choose the category —"))]
                                                   + [(str(item.id), translated(item, "name")) for item in categories])
            self.category.validators = [DataRequired(message=_l("Choose the person's category."))]
            self.category.flags.required = True
        else:
            del self.category

    def values(self) -> dict:
        values = {"full_name": self.full_name.data, "organisation": self.organisation.data or "",
                  "country": self.country.data or None}
        if "category" in self:
            values["category_id"] = optional_id(self.category.data)
        return values


class WalkInForm(_PersonForm):
    """Check-in staff register someone who came without registering."""

    email = _email_field(_l("E-mail address"))
    submit = SubmitField(_l("Register and show the badge"))

    def values(self) -> dict:
        return {"email": self.email.data, **super().values()}


class DetailsForm(_PersonForm):
    """The standard details an organiser fills in or changes on a participant's behalf."""

    honorific = StringField(_l("Title"), filters=[strip_text], validators=[Optional(), at_most(40)],
                            description=_l("As printed before the name on the list of participants: H.E. Ms, Dr, Mr."))
    job_title = StringField(_l("Job title"), filters=[strip_text], validators=[Optional(), at_most(200)])
    stakeholder_group = SelectField(_l("Stakeholder group"), invalid_choice_message=INVALID_CHOICE,
                                    validators=[Optional()])
    languages = CheckboxesField(_l("Languages spoken"), invalid_choice_message=INVALID_CHOICE, validators=[Optional()])
    accessibility_needs = TextAreaField(_l("Accessibility needs"), filters=[strip_text],
                                        validators=[Optional(), at_most(2000)])
    dietary_requirements = TextAreaField(_l("Dietary requirements"), filters=[strip_text],
                                         validators=[Optional(), at_most(1000)])
    submit = SubmitField(_l("Save the details"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stakeholder_group.choices = select_choices([NOT_GIVEN] + list(STAKEHOLDER_GROUPS.items()))
        self.languages.choices = select_choices(language_choices())

    def values(self) -> dict:
        values = super().values()
        values.update({"honorific": self.honorific.data or "", "job_title": self.job_title.data or "",
                       "stakeholder_group": self.stakeholder_group.data or None,
                       "languages": list(self.languages.data or []),
                       "accessibility_needs": self.accessibility_needs.data or "",
                       "dietary_requirements": self.dietary_requirements.data or ""})
        return values


class AddParticipantForm(DetailsForm):
    email = _email_field(_l("E-mail address"))
    status = RadioField(_l("Registration"), default=CONFIRMED, validators=[InputRequired(message=_l("Choose one."))],
                        choices=select_choices([(CONFIRMED, STATUSES[CONFIRMED]), (PENDING, STATUSES[PENDING])]),
                        invalid_choice_message=INVALID_CHOICE)
    participation = RadioField(_l("Takes part"), default="in_person", choices=select_choices(PARTICIPATIONS.items()),
                               validators=[InputRequired(message=_l("Choose one."))],
                               invalid_choice_message=INVALID_CHOICE,
                               description=_l("In person and online have their own places."))
    beyond_limit = BooleanField(_l("Confirm even if the event is full (beyond the limit of places)"))
    submit = SubmitField(_l("Add the participant"))

    def __init__(self, *args, hybrid: bool = False, **kwargs):
        """`hybrid`: the event is hybrid, and the form asks how the person takes part."""
        super().__init__(*args, **kwargs)
        if not hybrid:
            del self.participation

    def values(self) -> dict:
        values = {"email": self.email.data, **super().values()}
        if "participation" in self:
            values["participation"] = self.participation.data
        return values


def details_data(registration) -> dict:
    """A registration's details as the form's starting values."""
    data = {name: getattr(registration, name) or "" for name in (
        "full_name", "honorific", "organisation", "job_title", "stakeholder_group", "country",
        "accessibility_needs", "dietary_requirements")}
    data["languages"] = list(registration.languages or [])
    data["category"] = str(registration.category_id) if registration.category_id else ""
    return data


class ImportForm(ConveneForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(message=_l("Choose the CSV file."))],
                     description=_l("The first line names the columns: email and full_name (required), organisation, "
                                    "job_title, honorific, country (its code or its name in English or French), "
                                    "category (its key or name; required when the event has participant categories), "
                                    "stakeholder_group, participation (at a hybrid event: “in person” or “online”; "
                                    "empty: in person). Save from your spreadsheet as "
                                    "“CSV UTF-8”. If any row is wrong, nothing is imported: you get the list of rows "
                                    "to correct."))
    upload = SubmitField(_l("Import and confirm the participants"))
