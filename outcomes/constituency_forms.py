"""The filters of the view across events: which years, which kind of event, which region."""
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField
from wtforms.validators import Optional, ValidationError

from core.forms import INVALID_CHOICE, ConveneForm, select_choices
from core.regions import UNESCO_REGIONS
from events.forms import FIRST_YEAR, LAST_YEAR
from events.kinds import KINDS

BAD_YEAR = _l("Enter a year, like 2026.")


def _plausible(form, field):
    # Not NumberRange: on a year that could not be read it would repeat the message.
    if field.data is not None and not FIRST_YEAR <= field.data <= LAST_YEAR:
        raise ValidationError(BAD_YEAR)


def _year(label):
    return IntegerField(label, invalid_value_message=BAD_YEAR, validators=[Optional(), _plausible])


class ConstituencyFilterForm(ConveneForm):
    """A GET form (the filters are in the address, so a download can carry them): no CSRF token."""

    class Meta:
        csrf = False

    year_from = _year(_l("From the year"))
    year_to = _year(_l("To the year"))
    kind = SelectField(_l("Kind of event"), default="", invalid_choice_message=INVALID_CHOICE)
    region = SelectField(_l("Region of the event"), default="", invalid_choice_message=INVALID_CHOICE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        anything = ("", _l("Any"))
        self.kind.choices = select_choices([anything] + [(kind.key, kind.label) for kind in KINDS.values()])
        self.region.choices = select_choices([anything] + list(UNESCO_REGIONS.items()))

    def validate_year_to(self, field):
        first = self.year_from.data
        if not field.errors and field.data is not None and first is not None and field.data < first:
            raise ValidationError(_l("The last year cannot come before the first."))

    def values(self) -> dict:
        """The filters as outcomes.constituency.Filters takes them."""
        return {"year_from": self.year_from.data, "year_to": self.year_to.data, "kind": self.kind.data or None,
                "region": self.region.data or None}
