"""The organisers' forms for a knowledge fair: its floor plan, its places, its rules."""
import re

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, NumberRange, ValidationError

from core.forms import (INVALID_CHOICE, AtLeastOne, CheckboxesField, ConveneForm, at_most, optional_id, select_choices,
                        strip_text)
from showcase.floor import MAX_PLACES
from showcase.models import DOCUMENT, IMAGE, VIDEO
from showcase.vocabulary import LEAD_FIELD_LABELS

ZONE_CODE = re.compile(r"[A-Z]{1,3}")
MATERIAL_KIND_LABELS = {IMAGE: _l("Images"), DOCUMENT: _l("PDF documents"), VIDEO: _l("Video links")}
MEETING_LENGTHS = (10, 15, 20, 30, 45, 60)


def _whole_number(label, low, high):
    message = _l("Give a whole number from %(low)d to %(high)d.", low=low, high=high)
    return IntegerField(label, invalid_value_message=message,
                        validators=[InputRequired(message=message), NumberRange(min=low, max=high, message=message)])


class ZoneForm(ConveneForm):
    name = StringField(_l("Name of the zone"), filters=[strip_text], description=_l("Like “Hall A” or “Music aisle”."),
                       validators=[DataRequired(message=_l("Give the zone a name.")), at_most(120)])
    code = StringField(_l("Letters of its places"), filters=[strip_text, lambda value: (value or "").upper()],
                       description=_l("One to three letters: places are numbered A1, A2… after them."))
    places = _whole_number(_l("Number of places"), 1, MAX_PLACES)
    columns = _whole_number(_l("Places in a row on the plan"), 1, 20)
    submit = SubmitField(_l("Save the zone"))

    def validate_code(self, field):
        if not ZONE_CODE.fullmatch(field.data or ""):
            raise ValidationError(_l("Use one to three letters from A to Z, like A or MUS."))


class PlaceForm(ConveneForm):
    place_id = SelectField(_l("Place"), coerce=optional_id, invalid_choice_message=INVALID_CHOICE,
                           invalid_value_message=INVALID_CHOICE)
    submit = SubmitField(_l("Give this place"))

    def __init__(self, places, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.place_id.choices = select_choices([("", _l("— No place —"))]
                                               + [(place.id, f"{place.label} · {place.zone.name}") for place in places])


class FairRulesForm(ConveneForm):
    material_kinds = CheckboxesField(_l("Material booths may show"), invalid_choice_message=INVALID_CHOICE,
                                     choices=select_choices(MATERIAL_KIND_LABELS.items()),
                                     validators=[AtLeastOne(_l("Allow at least one kind of material."))])
    # Below the request size limit (MAX_CONTENT_LENGTH, 20 MB): a larger upload would never reach the form.
    max_file_mb = _whole_number(_l("Largest file (MB)"), 1, 15)
    max_booth_mb = _whole_number(_l("All of a booth's files together (MB)"), 1, 500)
    max_items = _whole_number(_l("Items per booth"), 1, 50)
    lead_fields = CheckboxesField(_l("What a booth keeps from a scanned badge"), invalid_choice_message=INVALID_CHOICE,
                                  choices=select_choices(LEAD_FIELD_LABELS.items()),
                                  description=_l("Only from visitors who agreed, when registering or at the booth. "
                                                 "The name is always kept."))
    meeting_minutes = SelectField(_l("Length of a meeting slot"), coerce=int, invalid_choice_message=INVALID_CHOICE,
                                  invalid_value_message=INVALID_CHOICE,
                                  choices=select_choices((minutes, _l("%(num)d minutes", num=minutes))
                                                         for minutes in MEETING_LENGTHS))
    submit = SubmitField(_l("Save the rules"))

    def validate_max_booth_mb(self, field):
        if field.data and self.max_file_mb.data and field.data < self.max_file_mb.data:
            raise ValidationError(_l("A booth must have room for at least one file of the largest size."))

    def values(self) -> dict:
        return {"material_kinds": list(self.material_kinds.data),
                "lead_fields": ["full_name"] + [name for name in self.lead_fields.data if name != "full_name"],
                **{name: self[name].data for name in ("max_file_mb", "max_booth_mb", "max_items", "meeting_minutes")}}
