"""Forms of the visa-support letters: the participant's request, the officers' decisions, the letter settings."""
import re
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (BooleanField, DateField, EmailField, IntegerField, SelectField, StringField, SubmitField,
                     TextAreaField)
from wtforms.validators import DataRequired, Email, InputRequired, NumberRange, Optional, ValidationError

from core import uploads
from core.forms import INVALID_CHOICE, ConveneForm, at_most, select_choices, strip_text
from core.language_fields import other_languages, with_languages
from core.multilingual import languages_of
from core.vocabularies import country_choices
from events.formatting import long_date
from meetings.visas import stay_window
from registration.forms import NOT_GIVEN

BAD_DATE = _l("Enter a date, like 2027-03-27.")
#: What a passport's data page prints: capitals and digits (ICAO 9303), here 5 to 20 of them.
PASSPORT_NUMBER = re.compile(r"[A-Z0-9]{5,20}")
FIRST_BIRTH_YEAR = 1900
LETTERHEAD_MAX_BYTES, LETTERHEAD_MAX_SIDE = 2 * 1024 * 1024, 2400


def passport_number(form, field):
    """Only the ASCII capitals and digits of the passport's data page: a space, a dash, an Arabic-Indic or
    full-width digit would print on the letter as typed and make it differ from the passport, so the person
    is asked to type it again rather than having it changed behind their back."""
    value = field.data or ""
    if not value.isascii() or any(char.isdigit() and not char.isascii() for char in value):
        raise ValidationError(_l("Type the number with the digits 0–9 and the letters A–Z, as printed on your "
                                 "passport (not ١٢٣ or full-width digits)."))
    if not re.fullmatch(r"[A-Za-z0-9]*", value):
        raise ValidationError(_l("Letters and digits only, without spaces or dashes, exactly as printed on your "
                                 "passport."))
    if not PASSPORT_NUMBER.fullmatch(value.upper()):
        raise ValidationError(_l("A passport number has 5 to 20 letters and digits."))


def _upper(value):
    return value.upper() if isinstance(value, str) and value.isascii() else value


class VisaRequestForm(ConveneForm):
    passport_name = StringField(_l("Your name exactly as in your passport"), filters=[strip_text],
                                description=_l("As on the passport's data page: the letter prints it, and the "
                                               "embassy compares them."),
                                validators=[DataRequired(message=_l("Write your name as in your passport.")),
                                            at_most(200)])
    passport_number = StringField(_l("Passport number"), filters=[strip_text, _upper],
                                  validators=[DataRequired(message=_l("Write your passport number.")), passport_number],
                                  render_kw={"autocomplete": "off", "spellcheck": "false", "dir": "ltr"})
    nationality = SelectField(_l("Nationality"), invalid_choice_message=INVALID_CHOICE,
                              validators=[DataRequired(message=_l("Choose your nationality."))])
    date_of_birth = DateField(_l("Date of birth"), invalid_value_message=BAD_DATE,
                              validators=[InputRequired(message=_l("Give your date of birth."))])
    place_of_issue = StringField(_l("Place of issue of the passport"), filters=[strip_text],
                                 validators=[DataRequired(message=_l("Write where your passport was issued.")),
                                             at_most(200)])
    consulate = StringField(_l("Embassy or consulate where you apply for your visa"), filters=[strip_text],
                            description=_l("For example: Embassy of France in Nairobi."),
                            validators=[DataRequired(message=_l("Write the embassy or consulate where you apply.")),
                                        at_most(300)])
    arrival = DateField(_l("Arrival"), invalid_value_message=BAD_DATE,
                        validators=[InputRequired(message=_l("Give the day you arrive."))])
    departure = DateField(_l("Departure"), invalid_value_message=BAD_DATE,
                          validators=[InputRequired(message=_l("Give the day you leave."))])
    submit = SubmitField(_l("Ask for the letter"))

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.nationality.choices = select_choices([NOT_GIVEN] + country_choices())

    def validate_date_of_birth(self, field):
        if field.data is None:
            return
        if field.data >= date.today():  # a passport holder was born before the day they ask
            raise ValidationError(_l("Your date of birth must be before today."))
        if field.data.year < FIRST_BIRTH_YEAR:
            raise ValidationError(_l("Give a date of birth after %(year)d.", year=FIRST_BIRTH_YEAR))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        first, last = stay_window(self.event)
        window = _l("Give a day between %(first)s and %(last)s (around the event's dates).",
                    first=long_date(first), last=long_date(last))
        for field in (self.arrival, self.departure):
            if field.data is not None and not first <= field.data <= last:
                field.errors.append(window)
                valid = False
        if valid and self.departure.data < self.arrival.data:
            self.departure.errors.append(_l("Your departure must be on or after your arrival."))
            valid = False
        return valid

    def values(self) -> dict:
        return {name: self[name].data for name in ("passport_name", "passport_number", "nationality",
                                                   "date_of_birth", "place_of_issue", "consulate", "arrival",
                                                   "departure")}


class DecisionForm(ConveneForm):
    """The CSRF token of the approval buttons (the ticked requests come as `request_ids`)."""

    submit = SubmitField(_l("Approve the selected requests"))


class RefusalForm(ConveneForm):
    reason = TextAreaField(_l("Reason (sent to the participant)"), filters=[strip_text],
                           validators=[DataRequired(message=_l("Say why: the participant reads it.")), at_most(2000)])
    submit = SubmitField(_l("Refuse the request"))


class OfficerForm(ConveneForm):
    email = EmailField(_l("E-mail address of their account"), filters=[strip_text],
                       validators=[DataRequired(message=_l("Give the person's e-mail address.")),
                                   Email(message=_l("Enter an e-mail address like name@example.org.")),
                                   at_most(320)])
    submit = SubmitField(_l("Add a visa officer"))


class LetterSettingsForm(ConveneForm):
    offers_visa_letters = BooleanField(_l("Participants may ask for a visa-support letter"))
    letterhead = FileField(_l("Letterhead (JPEG, PNG, WebP or GIF), printed across the top of the letter"),
                           description=_l("Without one, the letter starts with the event's name."))
    remove_letterhead = BooleanField(_l("Remove the letterhead"))
    signatory_name = StringField(_l("Letters are signed by"), filters=[strip_text], validators=[at_most(200)])
    signatory_title = StringField(_l("Signatory's title"), filters=[strip_text], validators=[at_most(200)])
    reference_prefix = StringField(_l("Reference prefix"), filters=[strip_text], validators=[at_most(60)],
                                   description=_l("Put before each letter's number: CLT/DCE/2027/ gives "
                                                  "CLT/DCE/2027/0042."))
    letter_text = TextAreaField(_l("Text of the letter, after the facts it states"), filters=[strip_text],
                                validators=[Optional(), at_most(5000)],
                                description=_l("Empty: a standard wording asking the embassy to facilitate the "
                                               "visa."))
    visa_data_kept_days = IntegerField(
        _l("Days passport data is kept after the event"), validators=[Optional(), NumberRange(
            min=0, max=3650, message=_l("Give a whole number from %(min)s to %(max)s.", min=0, max=3650))],
        invalid_value_message=_l("Give a whole number from %(min)s to %(max)s.", min=0, max=3650),
        description=_l("Empty: the site's rule. Then it is erased; the letters' verification page still says "
                       "they were genuine."))
    submit = SubmitField(_l("Save the letter settings"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.checked_letterhead = None

    def validate_letterhead(self, field):
        upload = field.data
        if upload is None or not getattr(upload, "filename", None):
            return
        try:
            self.checked_letterhead = uploads.check_image(upload, max_bytes=LETTERHEAD_MAX_BYTES,
                                                          max_side=LETTERHEAD_MAX_SIDE)
        except uploads.UploadRejected as error:
            raise ValidationError(error.message) from error

    def values(self) -> dict:
        return {"offers_visa_letters": bool(self.offers_visa_letters.data),
                "signatory_name": self.signatory_name.data or "", "signatory_title": self.signatory_title.data or "",
                "reference_prefix": self.reference_prefix.data or "", "letter_text": self.letter_text.data or "",
                "visa_data_kept_days": self.visa_data_kept_days.data}

    def translations(self) -> dict:
        return {"letter_text": other_languages(self, "letter_text")}


def letter_settings_form(event, **kwargs) -> LetterSettingsForm:
    """The letter settings with the letter's text in each of the event's working languages."""
    return with_languages(LetterSettingsForm, ("letter_text",), languages_of(event))(**kwargs)
