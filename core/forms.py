"""What every form shares: select choices and their message."""
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

INVALID_CHOICE = _l("Choose one of the options in the list.")


def select_choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as the choices of a SelectField."""
    return [SelectChoice(value, label) for value, label in pairs]
