"""The administrator's mail log: its filters (recipient or subject, status, dates) and what they select."""
from datetime import UTC, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Optional, ValidationError

from core.forms import INVALID_CHOICE, ConveneForm, at_most, select_choices, strip_text
from core.mail import FAILED, KEPT, QUEUED, SENT, OutboxMessage
from core.times import zone as time_zone

STATUS_NAMES = {QUEUED: _l("queued or waiting to retry"), SENT: _l("sent"), KEPT: _l("kept (not sent)"),
                FAILED: _l("failed — will not retry")}
BAD_DATE = _l("Enter a date, like 2027-03-27.")


def _plausible(form, field):
    if field.data is not None and not 2000 <= field.data.year <= 2200:
        raise ValidationError(_l("Enter a year between %(first)d and %(last)d.", first=2000, last=2200))


class MailLogFilterForm(ConveneForm):
    """A GET form: no CSRF token; the filters stay in the address, so they follow the pages."""

    class Meta:
        csrf = False

    q = StringField(_l("Recipient or subject"), filters=[strip_text], validators=[Optional(), at_most(200)])
    status = SelectField(_l("Status"), default="", invalid_choice_message=INVALID_CHOICE,
                         choices=select_choices([("", _l("Any"))] + list(STATUS_NAMES.items())))
    start = DateField(_l("Queued from"), invalid_value_message=BAD_DATE, validators=[Optional(), _plausible])
    end = DateField(_l("Queued until"), invalid_value_message=BAD_DATE, validators=[Optional(), _plausible])

    def validate_end(self, field):
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("The end must be after the start."))


def messages(q: str = "", status: str = "", start=None, end=None, zone: str = "UTC"):
    """The log's query, newest first: `q` in the recipient or the subject (any case), `status`, and the
    days from `start` to `end` included, on the clocks of `zone` (the reader's)."""
    statement = select(OutboxMessage).order_by(OutboxMessage.id.desc())
    if q:
        statement = statement.where(or_(OutboxMessage.recipient.icontains(q, autoescape=True),
                                        OutboxMessage.subject.icontains(q, autoescape=True)))
    if status:
        statement = statement.where(OutboxMessage.status == status)

    def midnight(day):  # aware arithmetic: a zone whose clocks skip midnight still has a start of the day
        return datetime.combine(day, time.min, tzinfo=time_zone(zone)).astimezone(UTC)

    if start:
        statement = statement.where(OutboxMessage.created_at >= midnight(start))
    if end:
        statement = statement.where(OutboxMessage.created_at < midnight(end + timedelta(days=1)))
    return statement
