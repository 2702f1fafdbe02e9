"""Meetings at booths: the booth's people open slots and answer requests; visitors ask, cancel, and
see their meetings under "My meetings"."""
from datetime import date
from functools import wraps

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user

from core.extensions import db
from core.permissions import login_required
from core.views import safe_next
from showcase import meetings
from showcase.meeting_forms import MeetingRequestForm, OpenSlotsForm
from showcase.models import MeetingRequest
from showcase.permissions import PUBLIC, booth_member, fair_page, member_role
from showcase.views import bp


def _back(booth) -> str:
    """Where the booth's forms came from (its page, or its meetings page); only a path of this site."""
    return safe_next(request.form.get("next"), url_for("showcase.edit_booth", booth_id=booth.id) + "#meetings")


def _booth_meeting(booth, request_id: int) -> MeetingRequest:
    """Request `request_id` for one of this booth's slots; 404 for another booth's."""
    meeting = db.session.get(MeetingRequest, request_id)
    if meeting is None or meeting.slot.booth_id != booth.id:
        abort(404)
    return meeting


def own_meeting(view):
    """Load the meeting request named in the address, for the visitor who made it; anyone else gets 404."""

    @wraps(view)
    def wrapped(request_id, **kwargs):
        meeting = db.session.get(MeetingRequest, request_id)
        if meeting is None or meeting.user_id != current_user.id:
            abort(404)
        return view(meeting=meeting, **kwargs)

    return login_required(wrapped)


def _booth_page(booth, form=None, status: int = 200):
    context = meetings.booth_page_context(booth, member_role(booth, current_user), form=form)
    return render_template("showcase/booth_meetings.html", booth=booth, event=booth.event,
                           booth_name=meetings.booth_name(booth), **context), status


@bp.get("/showcase/booths/<int:booth_id>/meetings")
@booth_member
def booth_meetings(booth):
    return _booth_page(booth)


@bp.post("/showcase/booths/<int:booth_id>/meetings/slots")
@booth_member
def open_meeting_slots(booth):
    form = OpenSlotsForm(meetings.fair_days(booth.event))
    if form.validate_on_submit():
        try:
            opened, kept = meetings.open_slots(booth, date.fromisoformat(form.day.data), form.starts.data,
                                               form.ends.data)
        except meetings.MeetingRefused as refusal:
            (form[refusal.field].errors if refusal.field else form.form_errors).append(refusal.message)
        else:
            if opened:
                flash(ngettext("%(num)d meeting slot opened.", "%(num)d meeting slots opened.", opened), "success")
            if kept:
                flash(ngettext("%(num)d slot in these hours was open already: it is kept as it is.",
                               "%(num)d slots in these hours were open already: they are kept as they are.",
                               kept), "info")
            return redirect(_back(booth))
    return _booth_page(booth, form, 400)


@bp.post("/showcase/booths/<int:booth_id>/meetings/slots/<int:slot_id>/remove")
@booth_member
def remove_meeting_slot(booth, slot_id):
    try:
        if not meetings.remove_slot(booth, slot_id):
            abort(404)
    except meetings.MeetingRefused as refusal:
        flash(refusal.message, "error")
    else:
        flash(_("The slot is removed."), "success")
    return redirect(_back(booth))


@bp.post("/showcase/booths/<int:booth_id>/meetings/<int:request_id>/accept")
@booth_member
def accept_meeting(booth, request_id):
    meeting = _booth_meeting(booth, request_id)
    try:
        meetings.accept(meeting)
    except meetings.MeetingRefused as refusal:
        flash(refusal.message, "error")
    else:
        flash(_("Meeting accepted: %(name)s and your booth's people get the confirmation by e-mail, with the "
                "calendar invitation.", name=meeting.user.full_name), "success")
    return redirect(_back(booth))


@bp.post("/showcase/booths/<int:booth_id>/meetings/<int:request_id>/decline")
@booth_member
def decline_meeting(booth, request_id):
    meeting = _booth_meeting(booth, request_id)
    try:
        meetings.decline(meeting, current_user)
    except meetings.MeetingRefused as refusal:
        flash(refusal.message, "error")
    else:
        flash(_("%(name)s is told by e-mail; the time is free again.", name=meeting.user.full_name), "success")
    return redirect(_back(booth))


@bp.route("/events/<slug>/showcase/<int:booth_id>/meetings", methods=["GET", "POST"])
@fair_page(login=True, booth=PUBLIC)  # an unapproved booth is not on the showcase: its address leaks nothing
def request_meeting(event, booth):
    """A visitor asks for a meeting (the form sits on the booth's public page; this page shows it again
    with what went wrong, or to a visitor who just logged in)."""
    form = MeetingRequestForm()
    status = 200
    if request.method == "POST":
        status = 400
        if form.validate_on_submit():
            try:
                meetings.request_meeting(booth, form.slot_id, current_user, form.message.data or "")
            except meetings.MeetingRefused as refusal:
                (form[refusal.field].errors if refusal.field else form.form_errors).append(refusal.message)
                status = 400 if refusal.field == "message" else 409
            else:
                flash(_("Your request is sent. %(booth)s answers by e-mail; until then the time is kept for you.",
                        booth=meetings.booth_name(booth)), "success")
                return redirect(safe_next(request.form.get("next"), url_for("showcase.my_meetings")))
    context = meetings.public_page_context(booth, current_user, form=form)
    return render_template("showcase/meeting_request.html", booth=booth, event=event, form=form,
                           booth_name=meetings.booth_name(booth), **context), status


@bp.post("/showcase/meetings/<int:request_id>/cancel")
@own_meeting
def cancel_meeting(meeting):
    try:
        meetings.cancel(meeting)
    except meetings.MeetingRefused as refusal:
        flash(refusal.message, "error")
    else:
        flash(_("Your request is cancelled; %(booth)s is told by e-mail.",
                booth=meetings.booth_name(meeting.slot.booth)), "success")
    return redirect(safe_next(request.form.get("next"), url_for("showcase.my_meetings")))


@bp.get("/showcase/meetings")
@login_required
def my_meetings():
    return render_template("showcase/my_meetings.html", meetings=meetings.meetings_of(current_user),
                           booth_name=meetings.booth_name, is_cancellable=meetings.is_cancellable)
