"""The calendar invitation (RFC 5545, iTIP RFC 5546) mailed with a booth meeting, as bytes.

One copy per recipient, naming them and the other side only: a visitor never learns the addresses of
a booth's staff, and each calendar shows who the meeting is with. Every copy of a meeting has the same
UID, so the CANCEL sent later (SEQUENCE one higher) removes it wherever the REQUEST put it.

The organiser is the address the mail comes from (MAIL_DEFAULT_SENDER): clients check that a REQUEST
or CANCEL comes from its ORGANIZER, and no answer is expected (RSVP=FALSE): the booth has answered.
Times are written in UTC: a meeting is one instant, and each calendar shows it on its own clock.
"""
from datetime import UTC, datetime
from email.utils import parseaddr

from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//Convene//Convene meetings//EN"
REQUEST, CANCEL = "REQUEST", "CANCEL"


def meeting_uid(meeting) -> str:
    # The fair's own UID is random and never changes: with the request's id it is unique everywhere.
    return f"meeting-{meeting.id}-{meeting.slot.booth.event.uid}"


def _address(email: str, name: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = vText(name)
    return address


def invitation(meeting, *, method: str, attendees: list[tuple[str, str]], organiser: str, summary: str,
               location: str, description: str, url: str, now: datetime | None = None) -> bytes:
    """The meeting as `method` (REQUEST when it is confirmed, CANCEL when it is called off), for
    `attendees` given as (e-mail, name); `organiser` is a mail address such as "Convene <no-reply@…>"."""
    slot = meeting.slot
    is_cancel = method == CANCEL
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", method)
    event = Event()
    event.add("UID", meeting_uid(meeting))
    event.add("DTSTAMP", (now or datetime.now(UTC)).astimezone(UTC))
    # Confirmed once, called off at most once: the cancellation is the only later version.
    event.add("SEQUENCE", 1 if is_cancel else 0)
    event.add("DTSTART", slot.starts_at.astimezone(UTC))
    event.add("DTEND", slot.ends_at.astimezone(UTC))
    event.add("SUMMARY", summary)
    if location:
        event.add("LOCATION", location)
    event.add("DESCRIPTION", description)
    event.add("URL", url)
    name, email = parseaddr(organiser)
    event.add("ORGANIZER", _address(email, name or "Convene"))
    for attendee_email, attendee_name in attendees:
        address = _address(attendee_email, attendee_name)
        address.params.update({"ROLE": "REQ-PARTICIPANT", "RSVP": "FALSE"})
        if not is_cancel:
            address.params["PARTSTAT"] = "ACCEPTED"
        event.add("ATTENDEE", address)
    event.add("STATUS", "CANCELLED" if is_cancel else "CONFIRMED")
    event.add("TRANSP", "OPAQUE")
    calendar.add_component(event)
    return calendar.to_ical()
