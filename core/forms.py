"""What every form shares: the base form, text clean-up, select choices and their message."""
import re
from urllib.parse import urlsplit

from flask import g
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField
from wtforms.validators import Length, StopValidation, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

INVALID_CHOICE = _l("Choose one of the options in the list.")
UNSTORABLE_MESSAGE = _l("This text contains characters that cannot be stored.")
DIRECTION_MESSAGE = _l("This text contains invisible characters that reverse its direction: remove them.")

#: Explicit embeddings, overrides and isolates. Arabic or Hebrew text never needs them typed in, and
#: "Bob\u202eevil" shows as "Bob live": a name could pose as another on a badge or in a list.
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

#: C0 control characters other than tab, line feed and carriage return. Nobody types them, and
#: PostgreSQL refuses NUL outright: unchecked, one would end the request with a database error.
UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

#: Spaces and the characters that show nothing (zero-width space, zero-width non-joiner and joiner,
#: word joiner, byte-order mark) at either end of a text.
_BLANK_ENDS = re.compile(r"^[\s\u200b\u200c\u200d\u2060\ufeff]+|[\s\u200b\u200c\u200d\u2060\ufeff]+$")


def strip_text(value):
    """A WTForms filter: trim spaces and invisible characters, so a text made only of them is empty.

    Inside the text they stay: joiners are part of how many Persian and Indic names are written.
    """
    return _BLANK_ENDS.sub("", value) if isinstance(value, str) else value


class ConveneForm(FlaskForm):
    """The form every Convene form derives from.

    Text that no database can store is refused on the field that holds it, so the page comes back
    with the message where the person is and everything else they typed.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "csrf_token" in self._fields:
            # A hidden input needs no id, and a page with two forms would have two "csrf_token" ids.
            self.csrf_token.id = False

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            texts = [value for value in field.raw_data or () if isinstance(value, str)]
            if any(UNSTORABLE.search(text) for text in texts):
                field.errors.append(UNSTORABLE_MESSAGE)
                valid = False
            elif any(DIRECTION_CONTROLS.search(text) for text in texts):
                field.errors.append(DIRECTION_MESSAGE)
                valid = False
        return valid


def optional_id(value):
    """A select's value as a row id; the empty choice (or "None", as WTForms renders a None value) is None."""
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1  # not a choice: the field says so


def select_choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as the choices of a SelectField."""
    return [SelectChoice(value, label) for value, label in pairs]


class AtLeastOne:
    """A required list of checkboxes. Unlike DataRequired it sets no `required` flag: on a checkbox that
    says "tick this one", and a screen reader would announce every box of the list as required."""

    #: The form macro marks the list's legend "(required)".
    field_flags = {"at_least_one": True}

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        if not field.data:
            field.errors[:] = []
            raise StopValidation(self.message)


class CheckboxesField(SelectMultipleField):
    """A multiple choice drawn as a list of checkboxes (easier than a multi-select, for everyone)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def at_most(maximum: int):
    """The length validator every text field uses, with the message people read."""
    return Length(max=maximum, message=_l("At most %(max)d characters.", max=maximum))


def web_address(form, field):
    """A link people will follow: http(s), with a host, no spaces (anything else is a typing mistake)."""
    parts = urlsplit(field.data or "")
    if field.data and (parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in field.data):
        raise ValidationError(_l("Enter a web address starting with https://."))


def note_errors_shown(count: int) -> str:
    """Called by the form macros' error summary, so that base.html can put the count in the page's title."""
    g.form_errors_shown = g.get("form_errors_shown", 0) + count
    return ""
