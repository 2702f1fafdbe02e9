"""The beneficiary's forms: its organisation and its IFCD projects."""
import re

from flask_babel import lazy_gettext as _l
from wtforms import DateField, EmailField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, NumberRange, Optional, ValidationError

from core.forms import (INVALID_CHOICE, CheckboxesField, ConveneForm, at_most, optional_id, select_choices,
                        strip_text, web_address)
from core.language_fields import language_data, with_languages
from core.models import utcnow
from core.multilingual import languages_of
from core.vocabularies import country_choices
from events.vocabulary import CONVENTION_GOALS, SDGS
from showcase.vocabulary import CULTURAL_DOMAINS, ORGANISATION_KINDS

#: An IFCD project ID: the year of the call, a hyphen, a number (2019-1234).
PROJECT_CODE = re.compile(r"(?:19|20)\d\d-\d{2,6}")
FIRST_CALL_YEAR = 2010  # the IFCD's first call for funding requests
NOT_GIVEN = ("", _l("— Not given —"))



class OrganisationForm(ConveneForm):
    name = StringField(_l("Name of the organisation"), filters=[strip_text], validators=[
        DataRequired(message=_l("Give the organisation's name.")), at_most(200)])
    kind = SelectField(_l("Type"), choices=select_choices([("", _l("— Choose the type —"))]
                                                          + list(ORGANISATION_KINDS.items())),
                       invalid_choice_message=INVALID_CHOICE,
                       validators=[DataRequired(message=_l("Choose the type of organisation."))])
    country = SelectField(_l("Country"), invalid_choice_message=INVALID_CHOICE,
                          validators=[DataRequired(message=_l("Choose the country."))])
    website = StringField(_l("Website"), filters=[strip_text], validators=[Optional(), at_most(500), web_address])
    contact_name = StringField(_l("Contact person"), filters=[strip_text], validators=[at_most(200)])
    contact_email = EmailField(_l("Contact e-mail address"), filters=[strip_text], validators=[
        Optional(), Email(message=_l("Enter a valid e-mail address.")), at_most(320)])
    contact_phone = StringField(_l("Contact telephone"), filters=[strip_text], validators=[at_most(40)])
    submit = SubmitField(_l("Save the organisation"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = select_choices([NOT_GIVEN] + country_choices())

    def values(self) -> dict:
        return {name: self[name].data or "" for name in ("name", "kind", "country", "website", "contact_name",
                                                        "contact_email", "contact_phone")}


class ProjectForm(ConveneForm):
    code = StringField(_l("IFCD project ID"), filters=[strip_text], description=_l("Like 2019-1234."),
                       validators=[DataRequired(message=_l("Give the project ID the IFCD gave it."))])
    title = StringField(_l("Title"), filters=[strip_text], validators=[
        DataRequired(message=_l("Give the project's title.")), at_most(300)])
    funding_usd = IntegerField(_l("IFCD funding (US dollars)"), invalid_value_message=_l(
        "Give the funding in whole US dollars, like 95000."), validators=[
        DataRequired(message=_l("Give the funding in whole US dollars, like 95000.")),
        NumberRange(min=1, max=10_000_000, message=_l("Give an amount between 1 and 10,000,000 US dollars."))])
    call_number = IntegerField(_l("Call for funding requests (its number)"), invalid_value_message=_l(
        "Give the call's number, like 12."), validators=[
        Optional(), NumberRange(min=1, max=100, message=_l("Give the call's number, like 12."))])
    call_year = IntegerField(_l("Year of the call"), invalid_value_message=_l("Give the year of the call."),
                             validators=[
        DataRequired(message=_l("Give the year of the call."))])
    starts_on = DateField(_l("Implementation starts"), validators=[Optional()],
                          invalid_value_message=_l("Enter a date, like 2027-03-27."))
    ends_on = DateField(_l("Implementation ends"), validators=[Optional()],
                        invalid_value_message=_l("Enter a date, like 2027-03-27."))
    countries = CheckboxesField(_l("Beneficiary countries"), invalid_choice_message=INVALID_CHOICE)
    domains = CheckboxesField(_l("Cultural domains"), choices=select_choices(CULTURAL_DOMAINS.items()),
                              invalid_choice_message=INVALID_CHOICE)
    goals = CheckboxesField(_l("Convention goals"), choices=select_choices(CONVENTION_GOALS.items()),
                            invalid_choice_message=INVALID_CHOICE)
    sdgs = CheckboxesField(_l("Sustainable Development Goals"), coerce=int,
                           choices=select_choices(SDGS.items()), invalid_choice_message=INVALID_CHOICE)
    summary = TextAreaField(_l("Summary"), filters=[strip_text], validators=[at_most(5000)])
    expected_results = TextAreaField(_l("Expected results"), filters=[strip_text], validators=[at_most(5000)])
    achieved_results = TextAreaField(_l("Results achieved"), filters=[strip_text], validators=[at_most(5000)])
    submit = SubmitField(_l("Save the project"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.countries.choices = select_choices(country_choices())

    def validate_code(self, field):
        if not PROJECT_CODE.fullmatch(field.data or ""):
            raise ValidationError(_l("Write the project ID as the IFCD does: the year, a hyphen, the number "
                                     "(2019-1234)."))

    def validate_call_year(self, field):
        if field.data is not None and not FIRST_CALL_YEAR <= field.data <= utcnow().year:
            raise ValidationError(_l("The IFCD's calls run from %(first)d to this year.", first=FIRST_CALL_YEAR))

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The project cannot end before it starts."))

    def values(self) -> dict:
        names = ("code", "title", "funding_usd", "call_number", "call_year", "starts_on", "ends_on", "countries",
                 "domains", "goals", "sdgs", "summary", "expected_results", "achieved_results")
        values = {name: self[name].data for name in names}
        for name in ("countries", "domains", "goals", "sdgs"):
            values[name] = list(values[name] or [])
        for name in ("summary", "expected_results", "achieved_results"):
            values[name] = values[name] or ""
        return values


class BoothForm(ConveneForm):
    """The booth's pitch and the project it presents (one of the organisation's)."""

    project_id = SelectField(_l("Project presented"), coerce=optional_id, invalid_choice_message=INVALID_CHOICE,
                             invalid_value_message=INVALID_CHOICE,
                             validators=[DataRequired(message=_l("Choose the project your booth presents."))])
    pitch = TextAreaField(_l("Pitch"), filters=[strip_text], validators=[at_most(3000)],
                          description=_l("What visitors read first: what your project does and what you hope to "
                                         "find at the fair (partners, funding, ideas)."))
    save = SubmitField(_l("Save the booth"))

    def __init__(self, projects, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.project_id.choices = select_choices(
            [NOT_GIVEN] + [(project.id, f"{project.code} · {project.title}") for project in projects])

    def validate_project_id(self, field):
        if not field.data:
            raise ValidationError(_l("Choose the project your booth presents."))


def booth_form(booth) -> BoothForm:
    """The booth form with the pitch in each of the fair's working languages (the first one's above)."""
    form_class = with_languages(BoothForm, ("pitch",), languages_of(booth))
    return form_class(booth.organisation.projects, obj=booth, data=language_data(booth, ("pitch",)))


class MemberForm(ConveneForm):
    """A colleague who speaks for the organisation too."""

    email = EmailField(_l("Their e-mail address"), filters=[strip_text], validators=[
        DataRequired(message=_l("Enter their e-mail address.")), at_most(320),
        Email(message=_l("Enter a valid e-mail address."))],
        description=_l("The address of their Convene account."))
    role = SelectField(_l("They may"), invalid_choice_message=INVALID_CHOICE,
                       validators=[DataRequired(message=_l("Choose what they may do."))], choices=select_choices([
        ("", _l("— Choose —")),
        ("staff", _l("work at our booths: scan badges, answer meeting requests")),
        ("owner", _l("do everything I do, this page included"))]))
    add = SubmitField(_l("Add this person"))
