from flask import request
from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, DateTimeLocalField, IntegerField, RadioField, SelectField, StringField,
                     SubmitField, TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from core.forms import INVALID_CHOICE, ConveneForm, select_choices, strip_text
from core.regions import UNESCO_REGIONS
from core.times import NonexistentTime, to_utc
from core.vocabularies import STAKEHOLDER_GROUPS, country_choices
from registration.models import GENDERS, MODES, OPEN_MODE, STATUSES

NOT_GIVEN = ("", _l("— Not given —"))


def _length(maximum: int):
    return Length(max=maximum, message=_l("At most %(max)d characters.", max=maximum))


class RegistrationForm(ConveneForm):
    """The standard fields. Names are kept exactly as typed, in any script."""

    full_name = StringField(_l("Full name"), filters=[strip_text], validators=[
        DataRequired(message=_l("Enter your name.")), _length(200)],
        description=_l("As it should appear on your badge and certificate."))
    organisation = StringField(_l("Organisation"), filters=[strip_text], validators=[
        DataRequired(message=_l("Enter your organisation.")), _length(200)])
    job_title = StringField(_l("Job title"), filters=[strip_text], validators=[Optional(), _length(200)])
    stakeholder_group = SelectField(_l("Stakeholder group"), invalid_choice_message=INVALID_CHOICE,
                                    validators=[DataRequired(message=_l("Choose your stakeholder group."))])
    country = SelectField(_l("Country"), invalid_choice_message=INVALID_CHOICE,
                          validators=[DataRequired(message=_l("Choose your country."))])
    gender = SelectField(_l("Gender (optional)"), invalid_choice_message=INVALID_CHOICE,
                         description=_l("Asked only to report on gender balance; never shown to other participants."))
    accessibility_needs = TextAreaField(_l("Accessibility needs"), filters=[strip_text],
                                        validators=[Optional(), _length(2000)])
    dietary_requirements = TextAreaField(_l("Dietary requirements"), filters=[strip_text],
                                         validators=[Optional(), _length(1000)])
    consent = BooleanField(_l("I agree that the organisers keep these details to run the event, as their privacy "
                              "notice says."),
                           validators=[DataRequired(message=_l("Registration needs your agreement."))])
    submit = SubmitField(_l("Register"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stakeholder_group.choices = select_choices([NOT_GIVEN] + list(STAKEHOLDER_GROUPS.items()))
        self.country.choices = select_choices([NOT_GIVEN] + country_choices())
        self.gender.choices = select_choices([NOT_GIVEN] + list(GENDERS.items()))

    def values(self) -> dict:
        return {"full_name": self.full_name.data, "organisation": self.organisation.data,
                "job_title": self.job_title.data or "", "stakeholder_group": self.stakeholder_group.data,
                "country": self.country.data, "gender": self.gender.data or None,
                "accessibility_needs": self.accessibility_needs.data or "",
                "dietary_requirements": self.dietary_requirements.data or ""}


class DecisionForm(ConveneForm):
    """What an organiser decides for the participants ticked in the list."""

    reason = TextAreaField(_l("Reason (sent to the people you reject)"), filters=[strip_text],
                           validators=[Optional(), _length(2000)])

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        # Checked here, not as a field validator: Optional() would stop the chain on an empty reason.
        if valid and request.form.get("action") == "reject" and not self.reason.data:
            self.reason.errors.append(_l("Say why: the people you reject receive this reason."))
            return False
        return valid


class ParticipantFilterForm(ConveneForm):
    """The organiser's filters over the participant list; a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    q = StringField(_l("Search by name, e-mail or organisation"), filters=[strip_text],
                    validators=[Optional(), _length(200)])
    status = SelectField(_l("Status"), default="", invalid_choice_message=INVALID_CHOICE)
    group = SelectField(_l("Stakeholder group"), default="", invalid_choice_message=INVALID_CHOICE)
    region = SelectField(_l("Region"), default="", invalid_choice_message=INVALID_CHOICE)
    country = SelectField(_l("Country"), default="", invalid_choice_message=INVALID_CHOICE)
    sort = SelectField(_l("Sort by"), default="registered", invalid_choice_message=INVALID_CHOICE,
                       choices=select_choices([("registered", _l("Date of registration")), ("name", _l("Name")),
                                               ("country", _l("Country")), ("status", _l("Status"))]))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        anything = ("", _l("Any"))
        self.status.choices = select_choices([anything] + list(STATUSES.items()))
        self.group.choices = select_choices([anything] + list(STAKEHOLDER_GROUPS.items()))
        self.region.choices = select_choices([anything] + list(UNESCO_REGIONS.items()))
        self.country.choices = select_choices([anything] + country_choices())

    def values(self) -> dict:
        return {"q": self.q.data or "", "status": self.status.data or None, "group": self.group.data or None,
                "region": self.region.data or None, "country": self.country.data or None,
                "sort": self.sort.data or "registered"}


def _local(label, zone_hint):
    return DateTimeLocalField(label, format="%Y-%m-%dT%H:%M", validators=[Optional()], description=zone_hint,
                              invalid_value_message=_l("Enter a date and a time, like 2027-03-27 09:30."))


class RegistrationSettingsForm(ConveneForm):
    is_open = BooleanField(_l("Take registrations in Convene"))
    mode = RadioField(_l("How registrations are accepted"), default=OPEN_MODE, choices=select_choices(MODES.items()),
                      invalid_choice_message=INVALID_CHOICE)
    opens_at = _local(_l("Registration opens"), _l("On the event's clocks. Empty: at once."))
    closes_at = _local(_l("Registration closes"), _l("On the event's clocks. Empty: when the event starts."))
    capacity = IntegerField(_l("Places"), validators=[Optional(), NumberRange(
        min=1, max=1_000_000, message=_l("Give a whole number from %(min)s to %(max)s.", min=1, max=1_000_000))],
        invalid_value_message=_l("Give a whole number from %(min)s to %(max)s.", min=1, max=1_000_000),
        description=_l("Empty: no limit. When full, people join the waiting list."))
    offer_hours = IntegerField(_l("Hours a freed place is held for the next person waiting"), default=48,
                               validators=[InputRequired(message=_l("This field is required.")), NumberRange(
                                   min=1, max=720, message=_l("Give a whole number from %(min)s to %(max)s.",
                                                              min=1, max=720))],
                               invalid_value_message=_l("Give a whole number from %(min)s to %(max)s.", min=1, max=720))
    submit = SubmitField(_l("Save registration settings"))

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        self.times = {}
        for field in (self.opens_at, self.closes_at):
            if field.data is not None and not field.errors:
                try:
                    self.times[field.name] = to_utc(field.data, self.event.timezone)
                except (NonexistentTime, OverflowError, ValueError):
                    field.errors.append(_l("This time does not exist in %(zone)s: the clocks change that night.",
                                           zone=self.event.timezone))
                    valid = False
        opens, closes = self.times.get("opens_at"), self.times.get("closes_at")
        if opens and closes and closes <= opens:
            self.closes_at.errors.append(_l("Registration must close after it opens."))
            valid = False
        return valid

    def values(self) -> dict:
        return {"is_open": bool(self.is_open.data), "mode": self.mode.data, "opens_at": self.times.get("opens_at"),
                "closes_at": self.times.get("closes_at") or self.event.starts_at,
                "capacity": self.capacity.data, "offer_hours": self.offer_hours.data}
