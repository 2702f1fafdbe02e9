"""The booth's form on each of its leads: its rating and its note."""
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.validators import Optional

from core.forms import ConveneForm, at_most, select_choices, strip_text
from showcase.leads import NOTE_MAX, RATINGS


def _rating(value):
    """The radio's value as a number (None: no rating); anything else stays as sent, for the choice check."""
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


class LeadForm(ConveneForm):
    rating = RadioField(_l("Rating"), coerce=_rating, validators=[Optional()], invalid_choice_message=_l(
        "Give a rating from 1 to 5, or none."),
        choices=select_choices([(None, _l("None"))] + [(number, str(number)) for number in RATINGS]))
    note = TextAreaField(_l("Note"), filters=[strip_text], validators=[Optional(), at_most(NOTE_MAX)])
    save = SubmitField(_l("Save"))

