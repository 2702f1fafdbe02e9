from zoneinfo import available_timezones

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from accounts.models import ROLES
from core.vocabularies import STAKEHOLDER_GROUPS, country_choices

MIN_PASSWORD_LENGTH = 10


def _email_field(label=_l("Email")):
    return EmailField(label, validators=[
        DataRequired(message=_l("Enter your e-mail address.")),
        Length(max=320, message=_l("An e-mail address has at most 320 characters.")),
        Email(message=_l("Enter a valid e-mail address, like name@example.org."), check_deliverability=False),
    ])


def _new_password_fields():
    password = PasswordField(_l("Password"), validators=[
        DataRequired(message=_l("Choose a password.")),
        Length(min=MIN_PASSWORD_LENGTH, max=200,
               message=_l("Use at least %(min)d characters.", min=MIN_PASSWORD_LENGTH)),
    ], description=_l("At least %(min)d characters.", min=MIN_PASSWORD_LENGTH))
    confirm = PasswordField(_l("Repeat the password"), validators=[
        DataRequired(message=_l("Repeat the password.")),
        EqualTo("password", message=_l("The two passwords are not the same.")),
    ])
    return password, confirm


def _name_field():
    return StringField(_l("Full name"), validators=[
        DataRequired(message=_l("Enter your name.")),
        Length(max=200, message=_l("A name has at most 200 characters.")),
    ], description=_l("As it should appear on badges and certificates, in any script."))


class SignupForm(FlaskForm):
    full_name = _name_field()
    email = _email_field()
    password, confirm = _new_password_fields()
    submit = SubmitField(_l("Create account"))


class LoginForm(FlaskForm):
    email = _email_field()
    password = PasswordField(_l("Password"), validators=[DataRequired(message=_l("Enter your password."))])
    remember = BooleanField(_l("Keep me signed in on this device"))
    submit = SubmitField(_l("Log in"))


class ForgotPasswordForm(FlaskForm):
    email = _email_field()
    submit = SubmitField(_l("Send reset link"))


class ResetPasswordForm(FlaskForm):
    password, confirm = _new_password_fields()
    submit = SubmitField(_l("Set new password"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[
        DataRequired(message=_l("Enter your current password.")),
    ])
    password, confirm = _new_password_fields()
    submit = SubmitField(_l("Change password"))


def _valid_choice(form, field):
    if field.data and field.data not in {value for value, _label in field.choices}:
        raise ValidationError(_l("Choose one of the options in the list."))


class ProfileForm(FlaskForm):
    full_name = _name_field()
    organisation = StringField(_l("Organisation"), validators=[
        Optional(), Length(max=200, message=_l("At most %(max)d characters.", max=200))])
    job_title = StringField(_l("Job title"), validators=[
        Optional(), Length(max=200, message=_l("At most %(max)d characters.", max=200))])
    country = SelectField(_l("Country"), validate_choice=False, validators=[_valid_choice])
    stakeholder_group = SelectField(_l("Stakeholder group"), validate_choice=False, validators=[_valid_choice])
    locale = SelectField(_l("Language for pages and e-mails"), validate_choice=False, validators=[_valid_choice])
    timezone = SelectField(_l("Time zone"), validate_choice=False, validators=[_valid_choice],
                           description=_l("Times of online sessions are shown in this zone."))
    submit = SubmitField(_l("Save profile"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        not_given = [("", _l("— Not given —"))]
        self.country.choices = not_given + country_choices()
        self.stakeholder_group.choices = not_given + list(STAKEHOLDER_GROUPS.items())
        self.locale.choices = list(current_app.config["LANGUAGES"].items())
        self.timezone.choices = not_given + [(zone, zone) for zone in sorted(available_timezones())
                                             if "/" in zone and not zone.startswith(("Etc/", "SystemV/"))]


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=list(ROLES.items()), validate_choice=False, validators=[_valid_choice])
    grant = SubmitField(_l("Give role"))
    revoke = SubmitField(_l("Take role away"))
