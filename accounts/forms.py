from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from accounts.models import ROLES
from core.forms import INVALID_CHOICE, ConveneForm, select_choices, strip_text
from core.times import time_zone_names
from core.vocabularies import STAKEHOLDER_GROUPS, country_choices

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200


def _email_field(label=_l("Email")):
    # Addresses pasted from elsewhere often carry spaces at the ends; they are not part of it.
    return EmailField(label, filters=[strip_text], validators=[
        DataRequired(message=_l("Enter your e-mail address.")),
        Length(max=320, message=_l("An e-mail address has at most 320 characters.")),
        Email(message=_l("Enter a valid e-mail address, like name@example.org."), check_deliverability=False),
    ])


def _new_password_fields():
    password = PasswordField(_l("Password"), validators=[
        DataRequired(message=_l("Choose a password.")),
        Length(min=MIN_PASSWORD_LENGTH, message=_l("Use at least %(min)d characters.", min=MIN_PASSWORD_LENGTH)),
        Length(max=MAX_PASSWORD_LENGTH, message=_l("Use at most %(max)d characters.", max=MAX_PASSWORD_LENGTH)),
    ], description=_l("At least %(min)d characters.", min=MIN_PASSWORD_LENGTH))
    confirm = PasswordField(_l("Repeat the password"), validators=[
        DataRequired(message=_l("Repeat the password.")),
        EqualTo("password", message=_l("The two passwords are not the same.")),
    ])
    return password, confirm


def _name_field():
    # strip_text: a name made only of spaces or invisible characters counts as not given.
    return StringField(_l("Full name"), filters=[strip_text], validators=[
        DataRequired(message=_l("Enter your name.")),
        Length(max=200, message=_l("A name has at most 200 characters.")),
    ], description=_l("As it should appear on badges and certificates, in any script."))


class SignupForm(ConveneForm):
    full_name = _name_field()
    email = _email_field()
    password, confirm = _new_password_fields()
    submit = SubmitField(_l("Create account"))


class LoginForm(ConveneForm):
    email = _email_field()
    password = PasswordField(_l("Password"), validators=[DataRequired(message=_l("Enter your password."))])
    remember = BooleanField(_l("Keep me signed in on this device"))
    submit = SubmitField(_l("Log in"))


class ForgotPasswordForm(ConveneForm):
    email = _email_field()
    submit = SubmitField(_l("Send reset link"))


class ResetPasswordForm(ConveneForm):
    password, confirm = _new_password_fields()
    submit = SubmitField(_l("Set new password"))


class ChangePasswordForm(ConveneForm):
    current_password = PasswordField(_l("Current password"), validators=[
        DataRequired(message=_l("Enter your current password.")),
    ])
    password, confirm = _new_password_fields()
    submit = SubmitField(_l("Change password"))


class ProfileForm(ConveneForm):
    full_name = _name_field()
    organisation = StringField(_l("Organisation"), filters=[strip_text], validators=[
        Optional(), Length(max=200, message=_l("At most %(max)d characters.", max=200))])
    job_title = StringField(_l("Job title"), filters=[strip_text], validators=[
        Optional(), Length(max=200, message=_l("At most %(max)d characters.", max=200))])
    country = SelectField(_l("Country"), invalid_choice_message=INVALID_CHOICE)
    stakeholder_group = SelectField(_l("Stakeholder group"), invalid_choice_message=INVALID_CHOICE)
    locale = SelectField(_l("Language for pages and e-mails"), invalid_choice_message=INVALID_CHOICE)
    timezone = SelectField(_l("Time zone"), invalid_choice_message=INVALID_CHOICE,
                           description=_l("Times of online sessions are shown in this zone."))
    submit = SubmitField(_l("Save profile"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        not_given = [("", _l("— Not given —"))]
        self.country.choices = select_choices(not_given + country_choices())
        self.stakeholder_group.choices = select_choices(not_given + list(STAKEHOLDER_GROUPS.items()))
        self.locale.choices = select_choices(current_app.config["LANGUAGES"].items())
        self.timezone.choices = select_choices(not_given + [(zone, zone.replace("_", " ")) for zone in time_zone_names()])


class RoleForm(ConveneForm):
    # No role is chosen in advance: one careless click must not make someone an administrator.
    role = SelectField(_l("Role"), choices=select_choices([("", _l("— Choose a role —"))] + list(ROLES.items())),
                       invalid_choice_message=INVALID_CHOICE,
                       validators=[DataRequired(message=_l("Choose a role."))])
    grant = SubmitField(_l("Give role"))
    revoke = SubmitField(_l("Take role away"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Exactly one of the two buttons says what to do; guessing could take a role away.
        if bool(self.grant.data) == bool(self.revoke.data):
            self.form_errors.append(_l("Use the “Give role” or the “Take role away” button."))
            return False
        return valid


class DeleteAccountForm(ConveneForm):
    password = PasswordField(_l("Your password"), validators=[DataRequired(message=_l("Enter your password."))])
    confirm = BooleanField(_l("I understand that my account is deleted for good."), validators=[
        DataRequired(message=_l("Tick the box to confirm."))])
    submit = SubmitField(_l("Delete my account"))
