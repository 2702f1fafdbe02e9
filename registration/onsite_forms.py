"""Forms of the on-site pages: the badge design, check-in staff and devices."""
import re

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Optional, ValidationError

from core import uploads
from core.forms import ConveneForm, at_most, select_choices, strip_text
from core.vocabularies import STAKEHOLDER_GROUPS
from registration.badges import DEFAULT_COLOURS
from registration.models import BADGE_LAYOUTS

COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
LOGO_MAX_BYTES, LOGO_MAX_SIDE = 2 * 1024 * 1024, 1200



def _colour(form, field):
    if field.data and not COLOUR.fullmatch(field.data):
        raise ValidationError(_l("Write a colour as # and six hexadecimal digits, like #0072B2."))


class BadgeDesignForm(ConveneForm):
    layout = SelectField(_l("Paper and size"), choices=select_choices(BADGE_LAYOUTS.items()))
    logo = FileField(_l("Logo (JPEG, PNG, WebP or GIF)"))
    remove_logo = BooleanField(_l("Remove the logo"))
    shows_photo = BooleanField(_l("Print the participant's photo (when they gave one)"))
    shows_organisation = BooleanField(_l("Print the organisation"))
    shows_country = BooleanField(_l("Print the country"))
    signatory_name = StringField(_l("Certificates are signed by"), filters=[strip_text], validators=[at_most(200)])
    signatory_title = StringField(_l("Signatory's title"), filters=[strip_text], validators=[at_most(200)])
    submit = SubmitField(_l("Save the badge design"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.checked_logo = None

    def validate_logo(self, field):
        upload = field.data
        if upload is None or not getattr(upload, "filename", None):
            return
        try:
            self.checked_logo = uploads.check_image(upload, max_bytes=LOGO_MAX_BYTES, max_side=LOGO_MAX_SIDE)
        except uploads.UploadRejected as error:
            raise ValidationError(error.message) from error

    def colour_fields(self):
        return [self[f"colour_{group}"] for group in STAKEHOLDER_GROUPS]

    def colours(self) -> dict:
        """The colours that differ from the defaults, by stakeholder group."""
        chosen = {group: self[f"colour_{group}"].data.upper() for group in STAKEHOLDER_GROUPS
                  if self[f"colour_{group}"].data}
        return {group: colour for group, colour in chosen.items() if colour != DEFAULT_COLOURS[group].upper()}


for _group in STAKEHOLDER_GROUPS:
    setattr(BadgeDesignForm, f"colour_{_group}", StringField(
        STAKEHOLDER_GROUPS[_group], filters=[strip_text], validators=[Optional(), _colour],
        render_kw={"type": "color"}))


class StaffForm(ConveneForm):
    email = EmailField(_l("E-mail address of their Convene account"), filters=[strip_text], validators=[
        DataRequired(message=_l("Enter an e-mail address.")), Email(message=_l("Enter a valid e-mail address.")),
        at_most(320)])
    submit = SubmitField(_l("Add to the check-in staff"))


class DeviceForm(ConveneForm):
    name = StringField(_l("Device name"), filters=[strip_text], validators=[
        DataRequired(message=_l("Name the device, e.g. “Scanner at door B”.")), at_most(100)])
    submit = SubmitField(_l("Make a device token"))


class AttendanceForm(ConveneForm):
    """An organiser records, after the fact, that someone came on one of the event's days."""

    email = EmailField(_l("E-mail address of the registration"), filters=[strip_text], validators=[
        DataRequired(message=_l("Enter the e-mail address the person registered with.")),
        Email(message=_l("Enter a valid e-mail address.")), at_most(320)])
    day = SelectField(_l("Day attended"), validators=[DataRequired(message=_l("Choose the day."))])
    session = SelectField(_l("Session attended (optional)"), default="")
    submit = SubmitField(_l("Record the attendance"))

    def __init__(self, days, sessions, *args, **kwargs):
        """`days`: (ISO date, label) of the event's days up to today; `sessions`: (id, label) of those taking
        attendance."""
        super().__init__(*args, **kwargs)
        # A required select starts on an empty choice: no day shows as chosen that nobody chose.
        self.day.choices = select_choices([("", _l("— Choose the day —"))] + list(days)) if days else []
        self.session.choices = select_choices([("", _l("None: the day only"))] + list(sessions))
