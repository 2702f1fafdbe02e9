"""The forms of delegations: the organiser's deadline, focal points and decisions; the focal point's members
and credentials letter."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import EmailField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, Optional, ValidationError

from core import uploads
from core.forms import INVALID_CHOICE, ConveneForm, at_most, optional_id, select_choices, strip_text
from core.multilingual import translated
from core.time_fields import LocalDateTimeField
from core.vocabularies import party_choices
from meetings.delegations import CREDENTIALS_MAX_BYTES
from meetings.models import DELEGATE, ROLES
from registration.categories import NOMINATION

PARTY, ORGANISATION = "party", "organisation"


def _email(label=_l("E-mail address")):
    return EmailField(label, filters=[strip_text], validators=[
        DataRequired(message=_l("Enter the e-mail address.")), at_most(320),
        Email(message=_l("Enter a valid e-mail address, like name@example.org."), check_deliverability=False)])


class DeadlineForm(ConveneForm):
    nominations_close_at = LocalDateTimeField(
        _l("Nominations close"), validators=[Optional()],
        description=_l("On the event's clocks. Until then focal points add, replace and withdraw members. Empty: "
                       "when registration closes."))
    save_deadline = SubmitField(_l("Save the deadline"))

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.nominations_close_at.zone_name = event.timezone

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        self.moment = None
        if valid and self.nominations_close_at.data is not None:
            self.moment = self.nominations_close_at.utc(self.event.timezone)
            valid = self.moment is not None
        return valid


class FocalPointForm(ConveneForm):
    kind = RadioField(_l("The focal point speaks for"), default=PARTY, invalid_choice_message=INVALID_CHOICE,
                      choices=select_choices([(PARTY, _l("A Party (a country)")),
                                              (ORGANISATION, _l("An organisation"))]))
    country = SelectField(_l("Party"), validators=[Optional()],
                          invalid_choice_message=_l("Choose the Party from the list: only States may be Parties."))
    organisation = StringField(_l("Organisation"), filters=[strip_text], validators=[Optional(), at_most(200)])
    category_id = SelectField(_l("Participant category of its members"), coerce=optional_id,
                              invalid_choice_message=INVALID_CHOICE, validators=[Optional()])
    full_name = StringField(_l("Focal point's full name"), filters=[strip_text], validators=[
        DataRequired(message=_l("Enter the focal point's name.")), at_most(200)])
    email = _email(_l("Focal point's e-mail address"))
    name_focal_point = SubmitField(_l("Name the focal point and send the invitation"))

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = select_choices([("", _l("— Choose a Party —"))] + party_choices())
        self.category_id.choices = select_choices(
            [(None, _l("— Choose a category —"))] + [(category.id, translated(category, "name"))
                                                       for category in categories])
        # Nothing chosen in advance: a Party's delegation left without one gets the nomination category
        # (meetings.delegations._default_category), an organisation's must be chosen.
        if categories and categories[0].admission == NOMINATION:
            self.category_id.description = _l("For a Party, left unchosen: %(category)s. For an organisation, choose "
                                              "one.", category=translated(categories[0], "name"))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.kind.data == PARTY and not self.country.data:
            self.country.errors.append(_l("Choose the Party."))
            valid = False
        if self.kind.data == ORGANISATION and not self.organisation.data:
            self.organisation.errors.append(_l("Enter the organisation's name."))
            valid = False
        return valid

    def values(self) -> dict:
        party = self.kind.data == PARTY
        return {"country": self.country.data if party else None,
                "organisation": "" if party else self.organisation.data, "category_id": self.category_id.data,
                "full_name": self.full_name.data, "email": self.email.data}


class MemberForm(ConveneForm):
    role = SelectField(_l("Role in the delegation"), default=DELEGATE, invalid_choice_message=INVALID_CHOICE,
                       choices=select_choices(ROLES.items()))
    honorific = StringField(_l("Title"), filters=[strip_text], validators=[Optional(), at_most(40)],
                            description=_l("As the list of participants prints it: H.E. Mr, Ms, Dr…"))
    full_name = StringField(_l("Full name"), filters=[strip_text], validators=[
        DataRequired(message=_l("Enter the member's name.")), at_most(200)])
    email = _email()
    function = StringField(_l("Function"), filters=[strip_text], validators=[Optional(), at_most(200)],
                           description=_l("For example “Minister of Culture”."))
    add_member = SubmitField(_l("Nominate and send their link"))

    def values(self) -> dict:
        return {"role": self.role.data, "honorific": self.honorific.data or "", "full_name": self.full_name.data,
                "email": self.email.data, "function": self.function.data or ""}


class CredentialsForm(ConveneForm):
    letter = FileField(_l("Credentials letter (PDF)"), validators=[
        FileRequired(message=_l("Choose the PDF of the credentials letter."))],
        description=_l("The signed letter that names the delegation, as a PDF of up to 10 MB."))
    upload_credentials = SubmitField(_l("Send the credentials"))

    def validate_letter(self, field):
        self.document = None
        try:
            self.document = uploads.check_pdf(field.data, max_bytes=CREDENTIALS_MAX_BYTES, max_pages=50)
        except uploads.UploadRejected as error:
            raise ValidationError(error.message) from error


class CredentialsDecisionForm(ConveneForm):
    reason = TextAreaField(_l("Reason for a refusal"), filters=[strip_text], validators=[Optional(), at_most(2000)],
                           description=_l("E-mailed to the focal points."))
    accept = SubmitField(_l("Accept the credentials"))
    refuse = SubmitField(_l("Refuse the credentials"))
