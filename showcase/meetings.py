"""Meeting slots at a booth, and visitors' requests for them.

A booth's people (its organisation's owner and staff) open slots on the fair's days; any logged-in
visitor with a confirmed address asks for a free one; the booth accepts or declines, the visitor may
cancel. A slot is held by one live request at most (REQUESTED or ACCEPTED): the partial unique index
uq_meeting_requests_live_slot keeps it so whatever two visitors do at the same moment, and the slot's
row is locked while it is checked so that removing it cannot race a request either.

Every function that changes something commits, with its e-mails queued in the same transaction.
"""
from collections import defaultdict
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from flask import current_app, has_request_context, request
from flask_babel import force_locale, gettext as _, lazy_gettext as _l
from sqlalchemy import and_, delete, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from accounts.models import User
from core.extensions import db
from core.i18n import person_language
from core.mail import queue_mail
from core.models import utcnow
from core.multilingual import translated
from core.time_fields import nonexistent_time_message
from core.times import NonexistentTime, to_utc
from core.urls import external_url
from events.formatting import local_datetime, local_time
from showcase import fairs, meeting_ical
from showcase.meeting_forms import MESSAGE_LENGTH, MeetingRequestForm, OpenSlotsForm
from showcase.models import (ACCEPTED, CANCELLED, DECLINED, LIVE_REQUEST_STATUSES, REQUESTED, Booth, BoothPlace,
                             MeetingRequest, MeetingSlot, OrganisationMember)
from showcase.permissions import is_member


class MeetingRefused(ValueError):
    """What was asked cannot be done; `message` says why to the person, `field` is the form field it is about."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message, self.field = message, field


@contextmanager
def _refusal_rolls_back():
    """A refusal gives back the row locks taken while checking (and anything half done) at once, rather
    than when the request ends."""
    try:
        yield
    except MeetingRefused:
        db.session.rollback()
        raise


# --- The fair's days and a booth's slots ----------------------------------------------------------------

def fair_days(event) -> list[date]:
    """The fair's days on the venue's calendar (a fair ending at midnight ends the day before)."""
    zone = event.zone
    first = event.starts_at.astimezone(zone).date()
    last = (event.ends_at - timedelta(microseconds=1)).astimezone(zone).date()
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def is_over(event, now: datetime | None = None) -> bool:
    return event.is_cancelled or event.ends_at <= (now or utcnow())


def booth_name(booth: Booth) -> str:
    return booth.organisation.name if booth.organisation else (booth.invited_name or booth.invited_email)


def _local(day: date, moment: time, zone_name: str, field: str, *, is_end: bool = False) -> datetime:
    # Hours that the clocks show twice (the night they go back) are all inside a range of hours: it starts
    # at the first of its start's two readings and ends at the second of its end's.
    local = datetime.combine(day, moment).replace(fold=1 if is_end else 0)
    try:
        return to_utc(local, zone_name)
    except NonexistentTime:
        raise MeetingRefused(nonexistent_time_message(local, zone_name), field) from None


@_refusal_rolls_back()
def open_slots(booth: Booth, day: date, starts: time, ends: time, now: datetime | None = None) -> tuple[int, int]:
    """Open slots of the fair's meeting length from `starts` to `ends` on `day` (the venue's clock).

    Returns (opened, already open): a slot overlapping one the booth has is left out, so that opening
    the same hours twice, or after the organisers changed the length, never doubles a booking. Slots
    already begun are skipped. Commits; MeetingRefused (nothing stored) when the hours do not fit the fair.
    """
    event, now = booth.event, now or utcnow()
    if is_over(event, now):
        raise MeetingRefused(_("The fair is over: no more meeting slots can be opened."))
    if day not in fair_days(event):
        raise MeetingRefused(_("Choose one of the fair's days."), "day")
    if ends <= starts:
        raise MeetingRefused(_("The end must be after the start."), "ends")
    first = _local(day, starts, event.timezone, "starts")
    last = _local(day, ends, event.timezone, "ends", is_end=True)
    if first < event.starts_at:
        raise MeetingRefused(_("The fair opens at %(time)s: start at that time or later.",
                               time=local_datetime(event.starts_at, event, "short")), "starts")
    if last > event.ends_at:
        raise MeetingRefused(_("The fair closes at %(time)s: end at that time or earlier.",
                               time=local_datetime(event.ends_at, event, "short")), "ends")
    minutes = fairs.settings_of(event).meeting_minutes
    length = timedelta(minutes=minutes)
    # Stepped in UTC: on a night the clocks change, each meeting still lasts its minutes.
    starts_at = [first + length * number for number in range(int((last - first) / length))]
    if not starts_at:
        raise MeetingRefused(_("A meeting lasts %(minutes)d minutes: leave at least that long between the start "
                               "and the end.", minutes=minutes), "ends")
    starts_at = [moment for moment in starts_at if moment >= now]
    if not starts_at:
        raise MeetingRefused(_("This time has passed: open slots later in the day."), "starts")
    existing = db.session.execute(select(MeetingSlot.starts_at, MeetingSlot.ends_at).where(
        MeetingSlot.booth_id == booth.id, MeetingSlot.starts_at < last, MeetingSlot.ends_at > first)).all()
    new = [moment for moment in starts_at
           if not any(start < moment + length and end > moment for start, end in existing)]
    opened = 0
    for moment in new:
        try:
            with db.session.begin_nested():
                db.session.add(MeetingSlot(booth_id=booth.id, starts_at=moment, ends_at=moment + length))
            opened += 1
        except IntegrityError:
            pass  # another of the booth's people opened this one at the same moment: it stays theirs
    db.session.commit()
    return opened, len(starts_at) - opened


def _locked_slot(booth: Booth, slot_id: int) -> MeetingSlot | None:
    # FOR UPDATE: a request for this slot and its removal wait for each other (PostgreSQL; SQLite has
    # one writer at a time anyway).
    return db.session.scalars(select(MeetingSlot).where(MeetingSlot.id == slot_id, MeetingSlot.booth_id == booth.id)
                              .with_for_update().execution_options(populate_existing=True)).first()


def _is_taken(slot_id: int) -> bool:
    return db.session.scalar(select(exists().where(MeetingRequest.slot_id == slot_id,
                                                   MeetingRequest.status.in_(LIVE_REQUEST_STATUSES))))


@_refusal_rolls_back()
def remove_slot(booth: Booth, slot_id: int) -> bool:
    """Remove a free slot of the booth (with the answered requests it held). False if the booth has no
    such slot; MeetingRefused if someone holds it. Commits."""
    slot = _locked_slot(booth, slot_id)
    if slot is None:
        return False
    if _is_taken(slot.id):
        raise MeetingRefused(_("A visitor has asked for this time: decline the request first if you cannot "
                               "meet them."))
    db.session.execute(delete(MeetingRequest).where(MeetingRequest.slot_id == slot.id))
    db.session.delete(slot)
    db.session.commit()
    return True


# --- A visitor's request and the booth's answer ---------------------------------------------------------

TAKEN = _l("Someone asked for this time a moment ago: choose another.")


@_refusal_rolls_back()
def request_meeting(booth: Booth, slot_id: int, user, message: str = "", now: datetime | None = None
                    ) -> MeetingRequest:
    """`user` asks to meet the booth in its slot `slot_id`. Commits and mails the booth's people;
    MeetingRefused (nothing stored) when the slot is not free or the visitor cannot take it."""
    event, now = booth.event, now or utcnow()
    if not booth.is_public:
        raise MeetingRefused(_("This booth does not take meeting requests."))
    if is_over(event, now):
        raise MeetingRefused(_("The fair is over: meetings can no longer be requested."))
    if is_member(booth, user):
        raise MeetingRefused(_("This is your own organisation's booth."))
    if not user.is_confirmed:
        # The booth answers to the account's address: it must be one the visitor reads.
        raise MeetingRefused(_("Confirm your e-mail address first: follow the link we sent you."))
    message = (message or "").strip()
    if len(message) > MESSAGE_LENGTH:
        raise MeetingRefused(_("At most %(max)d characters.", max=MESSAGE_LENGTH), "message")
    # The visitor's own row is locked too: two tabs cannot book two booths for the same time.
    db.session.execute(select(User.id).where(User.id == user.id).with_for_update())
    slot = _locked_slot(booth, slot_id)
    if slot is None:
        raise MeetingRefused(_("Choose one of the times in the list."), "slot")
    if slot.starts_at <= now:
        raise MeetingRefused(_("This time has passed: choose a later one."), "slot")
    same_booth = _live_request(user, MeetingSlot.booth_id == booth.id)
    if same_booth is not None:
        raise MeetingRefused(_("You have asked this booth for a meeting already (%(time)s). Cancel that request "
                               "under “My meetings” to choose another time.",
                               time=local_datetime(same_booth.slot.starts_at, event, "short")), "slot")
    clash = _live_request(user, MeetingSlot.starts_at < slot.ends_at, MeetingSlot.ends_at > slot.starts_at)
    if clash is not None:
        raise MeetingRefused(_("You have a meeting at %(booth)s at that time (%(time)s): choose another time.",
                               booth=booth_name(clash.slot.booth),
                               time=local_time(clash.slot.starts_at, clash.slot.booth.event)), "slot")
    if _is_taken(slot.id):
        raise MeetingRefused(str(TAKEN), "slot")
    meeting = MeetingRequest(slot=slot, user_id=user.id, message=message, status=REQUESTED)
    try:
        with db.session.begin_nested():
            db.session.add(meeting)
    except IntegrityError:
        # Another visitor's request for the slot was written between our check and ours.
        raise MeetingRefused(str(TAKEN), "slot") from None
    for member in booth_people(booth):
        _mail(member, "meeting_requested",
              _l("%(name)s asks to meet %(booth)s", name=user.full_name, booth=booth_name(booth)),
              meeting, link=_booth_link(booth))
    db.session.commit()
    return meeting


def _live_request(user, *where) -> MeetingRequest | None:
    """The first of `user`'s live requests that meets `where`, with its slot and booth."""
    return db.session.scalars(
        select(MeetingRequest).join(MeetingRequest.slot).where(
            MeetingRequest.user_id == user.id, MeetingRequest.status.in_(LIVE_REQUEST_STATUSES), *where)
        .options(contains_eager(MeetingRequest.slot).joinedload(MeetingSlot.booth))
        .order_by(MeetingSlot.starts_at)).first()


def _locked(meeting: MeetingRequest) -> MeetingRequest:
    # Its status is read again under a row lock: an accept and a cancel at the same moment cannot both win.
    db.session.refresh(meeting, with_for_update=True)
    return meeting


ANSWERED = {
    ACCEPTED: _l("This meeting is accepted already."),
    DECLINED: _l("This request has been declined already."),
    CANCELLED: _l("The visitor cancelled this request."),
}


@_refusal_rolls_back()
def accept(meeting: MeetingRequest, now: datetime | None = None) -> None:
    """The booth accepts: the visitor and the booth's people get the confirmation and the invitation. Commits."""
    now = now or utcnow()
    _locked(meeting)
    if meeting.status != REQUESTED:
        raise MeetingRefused(str(ANSWERED[meeting.status]))
    if meeting.slot.ends_at <= now:
        raise MeetingRefused(_("This meeting's time has passed."))
    meeting.status, meeting.answered_at = ACCEPTED, now
    booth = meeting.slot.booth
    name = booth_name(booth)
    _mail(meeting.user, "meeting_accepted", _l("Your meeting with %(booth)s is confirmed", booth=name), meeting,
          audience="visitor", link=external_url("showcase.my_meetings"),
          invitation=_invitation(meeting, meeting.user, meeting_ical.REQUEST))
    for member in booth_people(booth):
        _mail(member, "meeting_accepted", _l("Meeting with %(name)s confirmed", name=meeting.user.full_name),
              meeting, audience="booth", link=_booth_link(booth),
              invitation=_invitation(meeting, member, meeting_ical.REQUEST))
    db.session.commit()


def _refuse_if_past(meeting: MeetingRequest, now: datetime | None) -> None:
    # What happened (or was missed) stays on the record, and nobody's calendar gets a late cancellation.
    if meeting.slot.ends_at <= (now or utcnow()):
        raise MeetingRefused(_("This meeting's time has passed: it can no longer be cancelled."))


@_refusal_rolls_back()
def decline(meeting: MeetingRequest, by, now: datetime | None = None) -> None:
    """The booth declines a request, or calls off an accepted meeting: the slot is free again. Commits."""
    _locked(meeting)
    if meeting.status not in LIVE_REQUEST_STATUSES:
        raise MeetingRefused(str(ANSWERED[meeting.status]))
    _refuse_if_past(meeting, now)
    was_accepted = meeting.status == ACCEPTED
    meeting.status, meeting.answered_at = DECLINED, now or utcnow()
    booth = meeting.slot.booth
    name = booth_name(booth)
    _mail(meeting.user, "meeting_declined",
          _l("Your meeting with %(booth)s is called off", booth=name) if was_accepted
          else _l("%(booth)s cannot meet you at the time you asked", booth=name),
          meeting, was_accepted=was_accepted, link=external_url("showcase.my_meetings"),
          invitation=_invitation(meeting, meeting.user, meeting_ical.CANCEL) if was_accepted else None)
    if was_accepted:
        # The meeting is in the booth's people's calendars too: the cancellation takes it out.
        for member in booth_people(booth):
            _mail(member, "meeting_cancelled", _l("Meeting with %(name)s called off", name=meeting.user.full_name),
                  meeting, audience="booth", by_visitor=False, was_accepted=True, by=by, link=_booth_link(booth),
                  invitation=_invitation(meeting, member, meeting_ical.CANCEL))
    db.session.commit()


@_refusal_rolls_back()
def cancel(meeting: MeetingRequest, now: datetime | None = None) -> None:
    """The visitor cancels their request or meeting: the slot is free again and the booth is told. Commits."""
    _locked(meeting)
    if meeting.status not in LIVE_REQUEST_STATUSES:
        raise MeetingRefused(_("This request is not standing any more: there is nothing to cancel."))
    _refuse_if_past(meeting, now)
    was_accepted = meeting.status == ACCEPTED
    meeting.status = CANCELLED
    booth = meeting.slot.booth
    name = booth_name(booth)
    for member in booth_people(booth):
        _mail(member, "meeting_cancelled", _l("%(name)s cancelled the meeting", name=meeting.user.full_name),
              meeting, audience="booth", by_visitor=True, was_accepted=was_accepted, link=_booth_link(booth),
              invitation=_invitation(meeting, member, meeting_ical.CANCEL) if was_accepted else None)
    if was_accepted:
        _mail(meeting.user, "meeting_cancelled", _l("Your meeting with %(booth)s is cancelled", booth=name),
              meeting, audience="visitor", by_visitor=True, was_accepted=True,
              link=external_url("showcase.my_meetings"),
              invitation=_invitation(meeting, meeting.user, meeting_ical.CANCEL))
    db.session.commit()


# --- E-mails --------------------------------------------------------------------------------------------

def booth_people(booth: Booth) -> list:
    """The users who speak for the booth's organisation (its owner and staff)."""
    return db.session.scalars(select(User).join(OrganisationMember, OrganisationMember.user_id == User.id)
                              .where(OrganisationMember.organisation_id == booth.organisation_id)
                              .order_by(User.id)).all()


def _booth_link(booth: Booth) -> str:
    return external_url("showcase.edit_booth", booth_id=booth.id) + "#meetings"


def _place(booth: Booth) -> str:
    return booth.place.label if booth.place else ""


def _mail(recipient, template: str, subject, meeting: MeetingRequest, invitation: bytes | None = None, **context):
    booth = meeting.slot.booth
    attachments = [("meeting.ics", "text/calendar", invitation)] if invitation else []
    queue_mail(recipient.email, subject, template, locale=recipient.locale, attachments=attachments,
               person=recipient, meeting=meeting, slot=meeting.slot, booth=booth, event=booth.event,
               booth_name=booth_name(booth), place=_place(booth), visitor=meeting.user, **context)


def _invitation(meeting: MeetingRequest, recipient, method: str) -> bytes:
    """The .ics for `recipient`: they and the other side as attendees, in their language."""
    booth = meeting.slot.booth
    event, name, visitor = booth.event, booth_name(booth), meeting.user
    if recipient.id == visitor.id:
        organisation = booth.organisation
        other = (organisation.contact_email, name) if organisation and organisation.contact_email else None
        link = external_url("showcase.my_meetings")
    else:
        other = (visitor.email, visitor.full_name)
        link = _booth_link(booth)
    place = _place(booth)
    with force_locale(person_language(recipient.locale)):  # as queue_mail writes the mail it travels with
        summary = _("Meeting: %(visitor)s and %(booth)s", visitor=visitor.full_name, booth=name)
        where = _("Booth %(place)s", place=place) if place else _("Booth of %(booth)s", booth=name)
        lines = [_("At %(fair)s.", fair=translated(event, "title"))]
        if meeting.message:
            lines.append(_("Message: %(message)s", message=meeting.message))
    location = ", ".join(part for part in (where, event.venue_name) if part)
    attendees = [(recipient.email, recipient.full_name)] + ([other] if other else [])
    return meeting_ical.invitation(meeting, method=method, attendees=attendees,
                                   organiser=current_app.config["MAIL_DEFAULT_SENDER"], summary=summary,
                                   location=location, description="\n\n".join(lines + [link]), url=link)


# --- What the pages show --------------------------------------------------------------------------------

def _here() -> str | None:
    """The page's own path: its forms send people back to it (None when rendered outside a request)."""
    return request.path if has_request_context() else None


def _by_day(slots, event) -> list[tuple[date, list]]:
    days = defaultdict(list)
    for slot in slots:
        days[slot.starts_at.astimezone(event.zone).date()].append(slot)
    return sorted(days.items())


def booth_page_context(booth: Booth, role, form: OpenSlotsForm | None = None) -> dict:
    """What templates/showcase/_booth_meetings.html needs on the beneficiary's booth page (three queries,
    however many slots and requests): the slots by day with who holds them, the requests waiting for an
    answer, the accepted meetings, and the form that opens slots."""
    event = booth.event
    slots = db.session.scalars(select(MeetingSlot).where(MeetingSlot.booth_id == booth.id)
                               .order_by(MeetingSlot.starts_at)).all()
    live = db.session.scalars(
        select(MeetingRequest).join(MeetingRequest.slot)
        .where(MeetingSlot.booth_id == booth.id, MeetingRequest.status.in_(LIVE_REQUEST_STATUSES))
        .options(contains_eager(MeetingRequest.slot), joinedload(MeetingRequest.user))
        .order_by(MeetingSlot.starts_at)).all()
    held = {meeting.slot_id: meeting for meeting in live}
    days = [(day, [(slot, held.get(slot.id)) for slot in day_slots]) for day, day_slots in _by_day(slots, event)]
    now = utcnow()
    return {"meetings": {
        "event": event, "days": days, "now": now, "is_over": is_over(event, now),
        "waiting": [meeting for meeting in live if meeting.status == REQUESTED],
        "accepted": [meeting for meeting in live if meeting.status == ACCEPTED],
        "minutes": fairs.settings_of(event).meeting_minutes,
        "form": form or OpenSlotsForm(fair_days(event), formdata=None),
        "next": _here(),
    }}


def free_slots(booth: Booth, now: datetime | None = None) -> list[MeetingSlot]:
    """The booth's slots still to come that no live request holds."""
    return db.session.scalars(
        select(MeetingSlot).where(MeetingSlot.booth_id == booth.id, MeetingSlot.starts_at > (now or utcnow()),
                                  ~exists().where(and_(MeetingRequest.slot_id == MeetingSlot.id,
                                                       MeetingRequest.status.in_(LIVE_REQUEST_STATUSES))))
        .order_by(MeetingSlot.starts_at)).all()


def clashes(user, slots) -> dict[int, dict]:
    """Of `slots`, those at a time `user` has a live meeting request already: slot id -> that meeting's
    booth (its name) and start. The page offers them as unavailable; request_meeting refuses them still."""
    if not slots:
        return {}
    mine = db.session.scalars(
        select(MeetingSlot).join(MeetingRequest, MeetingRequest.slot_id == MeetingSlot.id).where(
            MeetingRequest.user_id == user.id, MeetingRequest.status.in_(LIVE_REQUEST_STATUSES),
            MeetingSlot.starts_at < max(slot.ends_at for slot in slots),
            MeetingSlot.ends_at > min(slot.starts_at for slot in slots))
        .options(joinedload(MeetingSlot.booth))).all()
    found = {}
    for slot in slots:
        held = next((other for other in mine if other.starts_at < slot.ends_at and other.ends_at > slot.starts_at), None)
        if held is not None:
            found[slot.id] = {"booth": booth_name(held.booth), "starts_at": held.starts_at}
    return found


def public_page_context(booth: Booth, user, form: MeetingRequestForm | None = None) -> dict:
    """What templates/showcase/_meeting_request.html needs on the booth's public page.

    `state` is one of: "over" (the fair is over or cancelled), "anonymous" (log in first), "member"
    (the booth's own people), "requested" or "accepted" (the visitor's live request at this booth),
    "choose" (free slots to pick from) or "full" (none free). Visitors who are not logged in all see the
    same thing, so the page can be remembered for them.
    """
    event, now = booth.event, utcnow()
    context = {"event": event, "booth": booth, "state": "choose", "days": [], "meeting": None, "form": None,
               "next": _here()}
    if is_over(event, now):
        context["state"] = "over"
    elif not getattr(user, "is_authenticated", False):
        context["state"] = "anonymous"
    elif is_member(booth, user):
        context["state"] = "member"
    else:
        mine = _live_request(user, MeetingSlot.booth_id == booth.id)
        if mine is not None:
            context.update(state=mine.status, meeting=mine)
        else:
            slots = free_slots(booth, now)
            days = _by_day(slots, event)
            context.update(state="choose" if days else "full", days=days, clashes=clashes(user, slots),
                           form=form or MeetingRequestForm(formdata=None))
    return {"meeting_request": context}


def meetings_of(user) -> list[MeetingRequest]:
    """Everything `user` asked for, soonest first, with what the list shows (a fixed number of queries)."""
    return db.session.scalars(
        select(MeetingRequest).join(MeetingRequest.slot).where(MeetingRequest.user_id == user.id)
        .options(contains_eager(MeetingRequest.slot).joinedload(MeetingSlot.booth).options(
            selectinload(Booth.event), selectinload(Booth.organisation),
            selectinload(Booth.place).selectinload(BoothPlace.zone)))
        .order_by(MeetingSlot.starts_at, MeetingRequest.id)).all()


def is_cancellable(meeting: MeetingRequest, now: datetime | None = None) -> bool:
    return meeting.status in LIVE_REQUEST_STATUSES and meeting.slot.ends_at > (now or utcnow())

