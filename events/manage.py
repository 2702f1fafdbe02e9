"""The organiser's pages of an event: details, status, programme, speakers, rooms, team, copies."""
from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user

from core.language_fields import field_name, load, missing_notes, texts
from core.overview import Figure, Task, gather
from core.permissions import login_required, role_required
from core.signals import event_overview_requested
from events import programme as programme_service
from events import materials, services
from core.multilingual import translated
from core.vocabularies import language_names
from events.forms import DuplicateForm, OrganiserForm, event_form_data, make_event_form
from events.kinds import KINDS
from events.programme_forms import (RoomForm, SpeakerForm, TrackForm, name_form, session_form,
                                   session_form_data)
from events.models import CANCELLED, DRAFT, PUBLISHED, Room, Session, Speaker, Track
from events.permissions import ORGANISER, event_role, part_of
from events.timetable import by_day
from events.views import bp


@bp.get("/manage")
@login_required  # co-organisers need not hold the organiser role: they see the events of their teams
def my_events():
    return render_template("events/manage/my_events.html", events=services.managed_events(current_user), kinds=KINDS)


@bp.get("/new")
@role_required("organiser")
def choose_kind():
    return render_template("events/manage/choose_kind.html", kinds=KINDS)


@bp.route("/new/<kind>", methods=["GET", "POST"])
@role_required("organiser")
def create_event(kind):
    if kind not in KINDS:
        abort(404)
    form = make_event_form(KINDS[kind])
    if form.validate_on_submit():
        try:
            event = services.create_event(form.values(), current_user, texts(form), form.languages())
        except services.SlugTaken:
            form.slug.errors.append(_("Another event already uses this address. Choose another one."))
        else:
            flash(_("The event is saved as a draft. Add its programme, then publish it."), "success")
            _say_what_is_missing(form, event)
            return redirect(url_for("events.manage_event", slug=event.slug))
    return render_template("events/manage/edit_event.html", form=form, kind=KINDS[kind], event=None), \
        400 if form.errors else 200


@bp.get("/<slug>/manage")
@event_role(ORGANISER)
def manage_event(event):
    sessions = programme_service.programme(event)
    warnings = programme_service.programme_warnings(event, sessions)
    # Registrations, booths, surveys: the packages above answer with their figures and what is left to do.
    parts = gather(event_overview_requested, event=event) + _own_tasks(event, sessions)
    return render_template("events/manage/overview.html", event=event, kind=KINDS[event.kind],
                           session_count=len(sessions), warning_count=len(warnings),
                           figures=[part for part in parts if isinstance(part, Figure)],
                           tasks=sorted((part for part in parts if isinstance(part, Task)), key=lambda task: task.order))


def _own_tasks(event, sessions) -> list[Task]:
    tasks = []
    if event.status == DRAFT:
        tasks.append(Task(_("The event is still a draft: publish it when its details are right."),
                          "#status-title", order=0))
    if not sessions:
        tasks.append(Task(_("The programme is empty: add its sessions."),
                          url_for("events.manage_programme", slug=event.slug), order=5))
    waiting = materials.waiting_uploads(event)
    if waiting:
        tasks.append(Task(ngettext("%(num)d upload from a speaker waits for you: publish it or keep it hidden.",
                                   "%(num)d uploads from speakers wait for you: publish them or keep them hidden.",
                                   waiting), url_for("events.manage_materials", slug=event.slug), order=6))
    return tasks


@bp.route("/<slug>/manage/edit", methods=["GET", "POST"])
@event_role(ORGANISER)
def edit_event(event):
    kind = KINDS[event.kind]
    form = make_event_form(kind, event=event, data=event_form_data(event))
    if request.method != "POST":
        load(form, event)
    if form.validate_on_submit():
        try:
            services.update_event(event, form.values(), texts(form), form.languages())
        except services.SlugTaken:
            form.slug.errors.append(_("Another event already uses this address. Choose another one."))
        else:
            flash(_("The event is saved."), "success")
            _say_what_is_missing(form, event)
            return redirect(url_for("events.manage_event", slug=event.slug))
    return render_template("events/manage/edit_event.html", form=form, kind=kind, event=event), \
        400 if form.errors else 200


def _say_what_is_missing(form, item) -> None:
    """Saved, but some texts are not written in every working language: say which, at once."""
    for note in missing_notes(form, item):
        flash(note, "warning")


STATUS_ACTIONS = {"publish": PUBLISHED, "unpublish": DRAFT, "cancel": CANCELLED, "restore": PUBLISHED}


@bp.post("/<slug>/manage/status")
@event_role(ORGANISER)
def change_status(event):
    action = request.form.get("action")
    if action not in STATUS_ACTIONS:
        abort(400)
    if action == "unpublish" and event.first_published_at:
        # Calendars that subscribed would keep it forever: a published event is cancelled, not hidden.
        flash(_("A published event cannot go back to draft: cancel it instead, so that calendars learn of it."),
              "error")
        return redirect(url_for("events.manage_event", slug=event.slug))
    services.set_status(event, STATUS_ACTIONS[action])
    flash({"publish": _("The event is published."), "unpublish": _("The event is back to draft: only its organisers see it."),
           "cancel": _("The event is cancelled. Subscribed calendars will show it as cancelled."),
           "restore": _("The event is published again.")}[action], "success")
    return redirect(url_for("events.manage_event", slug=event.slug))


@bp.get("/<slug>/manage/programme")
@event_role(ORGANISER)
def manage_programme(event):
    sessions = programme_service.programme(event)
    return render_template("events/manage/programme.html", event=event, sessions=sessions,
                           slots=by_day(event, sessions),
                           warnings=programme_service.programme_warnings(event, sessions))


def _session_form_page(event, form, session):
    return render_template("events/manage/edit_session.html", event=event, form=form, session=session), \
        400 if form.errors else 200


def _after_session_saved(event, form, session):
    warnings = programme_service.programme_warnings(event, programme_service.programme(event)).get(session.id, [])
    for warning in warnings:
        flash(_("Check: %(warning)s", warning=warning), "warning")
    flash(_("The session “%(title)s” is saved.", title=translated(session, "title")), "success")
    _say_what_is_missing(form, session)
    return redirect(url_for("events.manage_programme", slug=event.slug))


@bp.route("/<slug>/manage/sessions/new", methods=["GET", "POST"])
@event_role(ORGANISER)
def create_session(event):
    zone = event.zone
    start = event.starts_at.astimezone(zone).replace(tzinfo=None)
    form = session_form(event, data={"starts_at": start, "ends_at": start + timedelta(hours=1)})
    if form.validate_on_submit():
        session = programme_service.save_session(event, None, form.values(), form.speaker_roles(), texts(form))
        return _after_session_saved(event, form, session)
    return _session_form_page(event, form, None)


@bp.route("/<slug>/manage/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@event_role(ORGANISER)
def edit_session(event, session_id):
    session = part_of(event, Session, session_id)
    form = session_form(event, data=session_form_data(session))
    if request.method != "POST":
        load(form, session)
    if form.validate_on_submit():
        programme_service.save_session(event, session, form.values(), form.speaker_roles(), texts(form))
        return _after_session_saved(event, form, session)
    return _session_form_page(event, form, session)


@bp.post("/<slug>/manage/sessions/<int:session_id>/<any(cancel, restore, delete):action>")
@event_role(ORGANISER)
def change_session(event, session_id, action):
    session = part_of(event, Session, session_id)
    if action == "cancel":
        programme_service.cancel_session(session)
        flash(_("“%(title)s” is cancelled. It stays in calendars, marked cancelled.", title=translated(session, "title")), "success")
    elif action == "restore":
        programme_service.restore_session(session)
        flash(_("“%(title)s” is back in the programme.", title=translated(session, "title")), "success")
    elif event.first_published_at is not None:
        # Once an event has been published someone may have subscribed: cancel, never make it vanish.
        flash(_("Sessions of a published event are cancelled, not deleted, so that calendars learn of it."), "error")
    else:
        title = translated(session, "title")
        programme_service.delete_session(session)
        flash(_("“%(title)s” is deleted.", title=title), "success")
    return redirect(url_for("events.manage_programme", slug=event.slug))


@bp.route("/<slug>/manage/speakers", methods=["GET", "POST"])
@event_role(ORGANISER)
def manage_speakers(event):
    form = SpeakerForm()
    if form.validate_on_submit():
        speaker = programme_service.save_speaker(event, None, form.values())
        flash(_("%(name)s is added.", name=speaker.name), "success")
        return redirect(url_for("events.manage_speakers", slug=event.slug))
    return render_template("events/manage/speakers.html", event=event, form=form), 400 if form.errors else 200


@bp.route("/<slug>/manage/speakers/<int:speaker_id>", methods=["GET", "POST"])
@event_role(ORGANISER)
def edit_speaker(event, speaker_id):
    speaker = part_of(event, Speaker, speaker_id)
    form = SpeakerForm(obj=speaker, data={"country": speaker.country or ""})
    if form.validate_on_submit():
        programme_service.save_speaker(event, speaker, form.values())
        flash(_("%(name)s is saved.", name=speaker.name), "success")
        return redirect(url_for("events.manage_speakers", slug=event.slug))
    return render_template("events/manage/edit_speaker.html", event=event, form=form, speaker=speaker), \
        400 if form.errors else 200


@bp.post("/<slug>/manage/speakers/<int:speaker_id>/delete")
@event_role(ORGANISER)
def delete_speaker(event, speaker_id):
    speaker = part_of(event, Speaker, speaker_id)
    name = speaker.name
    programme_service.delete_speaker(speaker)
    flash(_("%(name)s is removed from the programme.", name=name), "success")
    return redirect(url_for("events.manage_speakers", slug=event.slug))


def _names(form) -> dict[str, str]:
    return texts(form)["name"]


def _name_taken(form, language: str, is_room: bool) -> None:
    """Put "already has this name" on the field of the language at fault."""
    field = form.name if language == form.content_languages[0] else form[field_name("name", language)]
    if language == form.content_languages[0]:
        field.errors.append(_("This event already has a room with this name.") if is_room
                            else _("This event already has a track with this name."))
    else:
        name = language_names().get(language, language)
        field.errors.append(_("This event already has a room with this name in %(language)s.", language=name)
                            if is_room else
                            _("This event already has a track with this name in %(language)s.", language=name))


@bp.route("/<slug>/manage/rooms", methods=["GET", "POST"])
@event_role(ORGANISER)
def manage_rooms(event):
    room_form, track_form = name_form(RoomForm, event, prefix="room"), name_form(TrackForm, event, prefix="track")
    if room_form.add_room.data and room_form.validate_on_submit():
        try:
            room = programme_service.add_room(event, _names(room_form), room_form.capacity.data)
        except programme_service.NameTaken as taken:
            _name_taken(room_form, taken.args[0], is_room=True)
        else:
            flash(_("The room %(name)s is added.", name=translated(room, "name")), "success")
            _say_what_is_missing(room_form, room)
            return redirect(url_for("events.manage_rooms", slug=event.slug))
    elif track_form.add_track.data and track_form.validate_on_submit():
        try:
            track = programme_service.add_track(event, _names(track_form))
        except programme_service.NameTaken as taken:
            _name_taken(track_form, taken.args[0], is_room=False)
        else:
            flash(_("The track %(name)s is added.", name=translated(track, "name")), "success")
            _say_what_is_missing(track_form, track)
            return redirect(url_for("events.manage_rooms", slug=event.slug))
    status = 400 if room_form.errors or track_form.errors else 200
    return render_template("events/manage/rooms.html", event=event, room_form=room_form,
                           track_form=track_form), status


@bp.route("/<slug>/manage/<any(rooms, tracks):what>/<int:item_id>", methods=["GET", "POST"])
@event_role(ORGANISER)
def edit_room_or_track(event, what, item_id):
    is_room = what == "rooms"
    item = part_of(event, Room if is_room else Track, item_id)
    form = name_form(RoomForm if is_room else TrackForm, event, prefix="room" if is_room else "track", obj=item)
    if request.method != "POST":
        load(form, item)
    (form.add_room if is_room else form.add_track).label.text = _("Save")
    if form.validate_on_submit():
        try:
            programme_service.change_room_or_track(item, _names(form), form.capacity.data if is_room else None)
        except programme_service.NameTaken as taken:
            _name_taken(form, taken.args[0], is_room)
        else:
            flash(_("%(name)s is saved.", name=translated(item, "name")), "success")
            _say_what_is_missing(form, item)
            return redirect(url_for("events.manage_rooms", slug=event.slug))
    return render_template("events/manage/room.html", event=event, form=form, item=item, is_room=is_room), \
        400 if form.errors else 200


@bp.post("/<slug>/manage/<any(rooms, tracks):what>/<int:item_id>/delete")
@event_role(ORGANISER)
def delete_room_or_track(event, what, item_id):
    item = part_of(event, Room if what == "rooms" else Track, item_id)
    name = translated(item, "name")
    programme_service.delete_room_or_track(item)
    flash(_("%(name)s is removed; its sessions keep their times.", name=name), "success")
    return redirect(url_for("events.manage_rooms", slug=event.slug))


@bp.route("/<slug>/manage/team", methods=["GET", "POST"])
@event_role(ORGANISER)
def manage_team(event):
    form = OrganiserForm()
    if form.validate_on_submit():
        try:
            person = services.add_organiser(event, form.email.data)
        except services.UnknownPerson:
            form.email.errors.append(_("No Convene account uses this address. Ask the person to sign up first."))
        else:
            flash(_("%(name)s is now an organiser of this event.", name=person.full_name), "success")
            return redirect(url_for("events.manage_team", slug=event.slug))
    return render_template("events/manage/team.html", event=event, form=form), 400 if form.errors else 200


@bp.post("/<slug>/manage/team/<int:user_id>/remove")
@event_role(ORGANISER)
def remove_organiser(event, user_id):
    if not any(member.user_id == user_id for member in event.team):
        abort(404)  # not of this team: nothing to remove, nothing to claim
    try:
        services.remove_organiser(event, user_id)
    except services.LastOrganiser:
        flash(_("An event needs at least one organiser."), "error")
    else:
        flash(_("The team is updated."), "success")
    return redirect(url_for("events.manage_team", slug=event.slug))


@bp.route("/<slug>/manage/duplicate", methods=["GET", "POST"])
@event_role(ORGANISER)
def duplicate_event(event):
    next_year = event.starts_at.astimezone(event.zone).date()
    try:
        next_year = next_year.replace(year=next_year.year + 1)
    except ValueError:  # 29 February
        next_year = next_year.replace(year=next_year.year + 1, day=28)
    title = services.next_edition_title(event.title, next_year.year - 1, next_year.year)
    form = DuplicateForm(data={"title": title, "first_day": next_year,
                               "slug": services.available_slug(title, next_year.year)})
    if form.validate_on_submit():
        try:
            copy = services.duplicate_event(event, form.title.data, form.slug.data, form.first_day.data, current_user)
        except services.SlugTaken:
            form.slug.errors.append(_("Another event already uses this address. Choose another one."))
        else:
            flash(_("This is the copy, saved as a draft. Check its details, then publish it."), "success")
            return redirect(url_for("events.manage_event", slug=copy.slug))
    return render_template("events/manage/duplicate.html", event=event, form=form), 400 if form.errors else 200
