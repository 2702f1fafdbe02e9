"""The forms of booth meetings: a booth opening slots, a visitor asking for one."""
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, SubmitField, TextAreaField, TimeField
from wtforms.validators import InputRequired, Optional, ValidationError

from core.forms import INVALID_CHOICE, ConveneForm, at_most, select_choices, strip_text
from core.urls import MAX_ID
from events.formatting import long_date

BAD_TIME = _l("Enter a time on the venue's clock, like 09:30.")
#: Browsers send "09:30", or "09:30:00" when the field has seconds.
TIME_FORMATS = ["%H:%M", "%H:%M:%S"]
MESSAGE_LENGTH = 1000


class OpenSlotsForm(ConveneForm):
    day = SelectField(_l("Day"), invalid_choice_message=INVALID_CHOICE,
                      validators=[InputRequired(_l("Choose the day."))])
    starts = TimeField(_l("From"), format=TIME_FORMATS, invalid_value_message=BAD_TIME,
                       validators=[InputRequired(_l("Give the time the first meeting starts."))])
    ends = TimeField(_l("Until"), format=TIME_FORMATS, invalid_value_message=BAD_TIME,
                     validators=[InputRequired(_l("Give the time the last meeting ends."))])
    submit = SubmitField(_l("Open the slots"))

    def __init__(self, days, *args, **kwargs):
        # A prefix: the booth page holds other parts' forms, whose fields must not share these ids.
        kwargs.setdefault("prefix", "slots")
        super().__init__(*args, **kwargs)
        self.day.choices = select_choices([("", _l("— Choose the day —"))]
                                          + [(day.isoformat(), long_date(day)) for day in days])


def _slot_number(form, field):
    # Radio buttons send a slot's id; anything else came from somewhere other than the page.
    value = field.data or ""
    if not (value.isascii() and value.isdigit() and len(value) <= 10 and 0 < int(value) <= MAX_ID):
        raise ValidationError(_l("Choose one of the times in the list."))


class MeetingRequestForm(ConveneForm):
    #: Drawn by the template as radio buttons grouped by day (free slots only).
    slot = StringField(_l("Time"), filters=[strip_text],
                       validators=[InputRequired(_l("Choose one of the times in the list.")), _slot_number])
    message = TextAreaField(_l("Message (optional)"), filters=[strip_text],
                            validators=[Optional(), at_most(MESSAGE_LENGTH)],
                            description=_l("What you would like to talk about. The booth's people see it with "
                                           "your name and e-mail address."))
    submit = SubmitField(_l("Ask for this meeting"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "meeting")
        super().__init__(*args, **kwargs)

    @property
    def slot_id(self) -> int:
        return int(self.slot.data)
