"""The one field every form uses for a date and time typed on a venue's clocks.

A time the clocks skip (02:30 on the night they go forward) is refused with the hour they skip; a time they
show twice (02:30 on the night they go back) is not guessed: the field asks which of the two is meant, with
a choice under the time, and keeps what was typed and chosen when the page comes back for any reason.
"""
from datetime import UTC, datetime

from babel.dates import format_time
from flask_babel import gettext as _, lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import DateTimeLocalField
from wtforms.utils import unset_value
from wtforms.widgets import DateTimeLocalInput

from core.i18n import formatting_locale
from core.times import offset_name, readings, skipped_hours

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
BAD_DATETIME = _l("Enter a date and a time, like 2027-03-27 09:30.")


def _clock(moment: datetime) -> str:
    return format_time(moment.time(), "short", locale=formatting_locale())


def nonexistent_time_message(local: datetime, zone_name: str) -> str:
    """What to tell someone who typed a time the clocks skip, or one no calendar can hold."""
    try:
        start, end = skipped_hours(local, zone_name)
    except (OverflowError, ValueError):
        return _("This time does not exist in %(zone)s.", zone=zone_name)
    return _("This time does not exist in %(zone)s: that night the clocks go forward from %(start)s to %(end)s.",
              zone=zone_name, start=_clock(start), end=_clock(end))


class LocalDateTimeInput(DateTimeLocalInput):
    """The date-and-time input, followed by the question "which one?" when the time typed happens twice."""

    def __call__(self, field, **kwargs):
        html = super().__call__(field, **kwargs)
        twice = field.repeated_readings()
        if not twice:
            return html
        choices = []
        for fold, (moment, label) in enumerate(zip(twice, (
                _("Before the clocks go back (%(clocks)s)", clocks=offset_name(twice[0])),
                _("After the clocks go back (%(clocks)s)", clocks=offset_name(twice[1]))))):
            option = f"{field.id}-fold-{fold}"
            checked = " checked" if field.fold == fold else ""
            choices.append(f'<li><input type="radio" name="{escape(field.fold_name)}" id="{escape(option)}" '
                           f'value="{fold}"{checked}> <label for="{escape(option)}">{escape(label)}</label></li>')
        legend = escape(_("Which %(time)s?", time=_clock(twice[0])))
        return html + Markup(f'<fieldset class="group stacked clock-change" id="{escape(field.id)}-fold">'
                             f'<legend>{legend}</legend><ul>{"".join(choices)}</ul></fieldset>')


class LocalDateTimeField(DateTimeLocalField):
    """A date and time on the clocks of `zone_name` (set by the form: the event's zone, or the one chosen on
    the form). `utc()` gives the moment, or None with the reason on the field."""

    widget = LocalDateTimeInput()

    def __init__(self, label=None, validators=None, format=LOCAL_FORMAT, invalid_value_message=BAD_DATETIME,
                 **kwargs):
        super().__init__(label, validators, format=format, invalid_value_message=invalid_value_message, **kwargs)
        self.zone_name: str | None = None
        #: Which of two readings was chosen (0 before the clocks go back, 1 after); None if none was.
        self.fold: int | None = None

    @property
    def fold_name(self) -> str:
        return f"{self.name}-fold"

    def process(self, formdata, data=unset_value, extra_filters=None):
        super().process(formdata, data, extra_filters)
        if formdata:
            chosen = formdata.get(self.fold_name)
            self.fold = int(chosen) if chosen in ("0", "1") else None
        elif isinstance(self.data, datetime):
            # A stored moment shown again: a time read off the clocks carries which reading it is.
            self.fold = self.data.fold

    def repeated_readings(self) -> list[datetime] | None:
        """The two moments the time typed names, if the clocks show it twice."""
        if not isinstance(self.data, datetime) or not self.zone_name:
            return None
        try:
            found = readings(self.data, self.zone_name)
        except (OverflowError, ValueError):
            return None
        return found if len(found) == 2 else None

    def utc(self, zone_name: str | None = None) -> datetime | None:
        """The moment typed, in UTC; None if nothing was typed, or with a message on the field if the time does
        not exist or happens twice and which one is meant was not said."""
        self.zone_name = zone_name or self.zone_name
        if self.data is None or not self.zone_name:
            return None
        try:
            found = readings(self.data, self.zone_name)
        except (OverflowError, ValueError):
            found = []
        if not found:
            self.errors.append(nonexistent_time_message(self.data, self.zone_name))
            return None
        if len(found) == 2:
            if self.fold is None:
                self.errors.append(_(
                    "%(time)s happens twice that night: before the clocks go back (%(before)s) or after "
                    "(%(after)s)? Choose one under the time.", time=_clock(self.data),
                    before=offset_name(found[0]), after=offset_name(found[1])))
                return None
            return found[self.fold].astimezone(UTC)
        return found[0].astimezone(UTC)
