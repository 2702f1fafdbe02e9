"""Public pages of events: the list, an event, its programme, a session, and their calendar feeds.

The blueprint's other routes: manage.py (the organisers' pages), material_manage.py (their Materials page),
material_views.py (the public Materials page, materials' files, speakers' upload links)."""
from datetime import UTC, datetime, timedelta
from functools import wraps
import hashlib

from flask import Blueprint, abort, current_app, g, render_template, request
from flask_login import current_user
from flask_babel import get_locale, gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from core.cache import cached_file, remembered
from core.extensions import db
from core.http import conditional_response, public_page, remembered_public_page, shared_with_visitors
from core.models import utcnow
from core.multilingual import translated
from core.overview import HomeSection
from core.signals import home_page_requested, public_page_version, session_join_link
from core.urls import page_number
from events import ical, links, materials, services, timetable
from events.formatting import TEMPLATE_FILTERS
from events.forms import EventFilterForm
from events.kinds import KINDS
from events.models import Event, Session
from events.permissions import VIEWER, event_role, part_of
from events.programme import programme
from events.programme_pdf import programme_pdf
from events.vocabulary import ATTENDANCE_MODES, CONVENTION_GOALS, PARTICIPATIONS, SDGS, SESSION_TYPES, SPEAKER_ROLES

bp = Blueprint("events", __name__, url_prefix="/events", cli_group=None)
for _name, _filter in TEMPLATE_FILTERS.items():
    bp.add_app_template_filter(_filter, _name)

ICS = "text/calendar"  # Flask adds "; charset=utf-8" to every text/ type
#: The all-events feed keeps recently ended events so that late cancellations still reach calendars.
FEED_HISTORY = timedelta(days=90)


@bp.app_context_processor
def vocabulary():
    # A function, so the query runs only on pages that ask (the menu, for people who are logged in).
    return {"session_types": SESSION_TYPES, "speaker_roles": SPEAKER_ROLES, "goals": CONVENTION_GOALS, "sdgs": SDGS,
            "attendance_modes": ATTENDANCE_MODES, "participations": PARTICIPATIONS,
            "organises_events": lambda: services.organises_any_event(current_user)}


@bp.record_once
def _answer_lower_pages(state):
    home_page_requested.connect_via(state.app, weak=False)(_home_sections)


def _home_sections(sender, user) -> list:
    """On the home page of someone logged in: the events they organise that are not over."""
    events = services.organised_events(user)
    if not events:
        return []
    return [HomeSection(_("Events you organise"), "events/_home_organised.html", events, order=20)]


def _filters_from_request():
    form = EventFilterForm(request.args)
    filters = form.filters() if form.validate() else services.EventFilters()
    return form, filters


def _list_version(statement) -> tuple[int, datetime]:
    """How many events a list holds and when the last of them changed: its version, in one query."""
    listed = statement.order_by(None).subquery()  # sorting what is only counted costs as much again
    count, changed = db.session.execute(select(func.count(), func.max(listed.c.content_changed_at))).one()
    return count, changed or datetime(2000, 1, 1, tzinfo=UTC)


@bp.get("/")
def list_events():
    # "Upcoming" moves with the clock: the hour is part of the version, so ended events leave the list.
    version = (*services.events_version(), utcnow().strftime("%Y%m%d%H"), *contributed_version(None))
    remembered_page = remembered_public_page(version)
    if remembered_page is not None:  # before the filters are even read: the address holds them
        return remembered_page
    form, filters = _filters_from_request()
    statement = services.listed_events(filters)

    def render():
        page = db.paginate(statement, page=page_number(), per_page=20, error_out=False)
        feed = links.feed_url("events.list_calendar", **request.args.to_dict(flat=True))
        args = {key: value for key, value in request.args.items() if key != "page"}
        return render_template("events/list.html", form=form, page=page, args=args, kinds=KINDS,
                               subscribe=links.subscribe_links(feed, _("Convene events")), feed=feed,
                               is_filtered=not filters.is_empty())

    if form.errors:
        return render(), 400
    return public_page(version, render)


@bp.get("/calendar.ics")
def list_calendar():
    """All public events, or the filtered list: a feed to subscribe to."""
    form, filters = _filters_from_request()
    if form.errors:
        abort(400)
    # Asked before the feed's own default start is added, which is not a filter the subscriber chose.
    name = _("Convene events") if filters.is_empty() else _("Convene events (filtered)")
    if not filters.start and not filters.past:
        filters.start = (utcnow() - FEED_HISTORY).date()
    statement = services.listed_events(filters)
    count, changed = _list_version(statement)
    query = hashlib.sha1(repr(sorted(request.args.items(multi=True))).encode()).hexdigest()[:12]
    etag = f"events-{count}-{changed.timestamp():.3f}-{query}"
    return conditional_response(
        lambda: ical.events_calendar(db.session.scalars(statement.options(selectinload(Event.speakers))).all(),
                                     name=name, link=links.page_link),
        etag=etag, last_modified=changed, mimetype=ICS, filename="convene-events.ics")


def contributed_version(event_id: int | None) -> tuple:
    """What the packages above add to a page's version (core.signals.public_page_version): whether
    the event is full, say. `event_id` None: the lists of events."""
    return tuple(answer for receiver, answer in public_page_version.send(current_app._get_current_object(),
                                                                         event_id=event_id))


def version(event: Event) -> tuple:
    """What an event's pages depend on: any change to it or its programme changes this, and so does the
    hour (what the page says can follow the clock, such as whether registration is open yet), and
    whatever the packages above show on it (whether it is full)."""
    return (event.id, event.sequence, event.content_changed_at.timestamp(), utcnow().strftime("%Y%m%d%H"),
            *contributed_version(event.id))


def remembered_for_visitors(view):
    """Send a visitor the page already built for the event's current version, without loading it.

    Stacked over the permission check, and no weaker: only public events are looked up in memory,
    and anything else goes through `event_role` as usual.
    """

    @wraps(view)
    def wrapped(slug, **kwargs):
        row = services.event_version(slug) if shared_with_visitors() else None
        if row is not None and services.is_visible_to_public(row):
            page = remembered_public_page(version(row))
            if page is not None:
                return page
        return view(slug=slug, **kwargs)

    return wrapped


@bp.get("/<slug>/")
@remembered_for_visitors
@event_role(VIEWER)
def show_event(event):
    def render():
        sessions = programme(event)
        url = links.feed_url("events.event_calendar", slug=event.slug)
        return render_template("events/event.html", event=event, kind=KINDS[event.kind],
                               days=timetable.by_day(event, sessions), can_manage=g.can_manage_event,
                               has_materials=bool(_readable_materials(event)), is_over=event.ends_at <= utcnow(),
                               subscribe=links.subscribe_links(url, translated(event, "title")), feed=url,
                               add=links.add_links(event, None, links.page_link(event)))

    return public_page(version(event), render)


def _readable_materials(event: Event) -> list:
    """The event's materials the reader may see (visitors: the public ones)."""
    return materials.materials_of(event, materials.visibilities_for(event, current_user))


@bp.get("/<slug>/programme")
@remembered_for_visitors
@event_role(VIEWER)
def show_programme(event):
    view = request.args.get("view", "day")
    layout = {"room": timetable.by_day_and_room, "track": timetable.by_track}.get(view, timetable.by_day)

    def render():
        url = links.feed_url("events.event_calendar", slug=event.slug)
        return render_template("events/programme.html", event=event,
                               view=view if view in ("room", "track") else "day",
                               layout=layout(event, programme(event)), can_manage=g.can_manage_event,
                               session_materials=materials.by_session(_readable_materials(event)),
                               subscribe=links.subscribe_links(url, translated(event, "title")), feed=url)

    return public_page(version(event), render)


@bp.get("/<slug>/programme.pdf")
@event_role(VIEWER)
def programme_document(event):
    # The printed programme is in the reader's language: conditional_response adds it to the version.
    etag = f"programme-{event.id}-{event.sequence}-{event.content_changed_at.timestamp():.3f}"
    # A big programme takes seconds to lay out: build each version once per language, then serve the file.
    return conditional_response(lambda: cached_file(f"programme-{event.id}-{get_locale()}", etag,
                                                    lambda: programme_pdf(event, programme(event))), etag=etag,
                                last_modified=event.content_changed_at, mimetype="application/pdf",
                                filename=f"{event.slug}-programme.pdf", public=services.is_visible_to_public(event))


@bp.get("/<slug>/calendar.ics")
@event_role(VIEWER)
def event_calendar(event):
    etag = f"event-{event.id}-{event.sequence}-{event.content_changed_at.timestamp():.3f}"
    # Some calendar services poll without If-None-Match: remember the bytes of each version.
    return conditional_response(lambda: remembered(("feed", request.host, etag), lambda: ical.event_calendar(
                                    event, programme(event), link=links.page_link)),
                                etag=etag, last_modified=event.content_changed_at, mimetype=ICS,
                                filename=f"{event.slug}.ics", public=services.is_visible_to_public(event))


@bp.get("/<slug>/sessions/<int:session_id>")
@remembered_for_visitors
@event_role(VIEWER)
def show_session(event, session_id):
    session = part_of(event, Session, session_id)
    join = None
    if current_user.is_authenticated:  # a page remembered for visitors never has it
        # The person's own join link, when they take part online (the registration package knows).
        join = next((url for _receiver, url in session_join_link.send(current_app._get_current_object(),
                                                                      user=current_user, session=session) if url), None)
    return public_page(version(event), lambda: render_template(
        "events/session.html", event=event, session=session, slot=timetable.slots(event, [session])[0],
        session_materials=materials.materials_of(event, materials.visibilities_for(event, current_user), session),
        can_manage=g.can_manage_event, add=links.add_links(event, session, links.page_link(session)), join=join))


@bp.get("/<slug>/sessions/<int:session_id>/calendar.ics")
@event_role(VIEWER)
def session_calendar(event, session_id):
    session = part_of(event, Session, session_id)
    changed = max(session.updated_at, event.content_changed_at)
    etag = f"session-{session.id}-{event.sequence + session.sequence}-{changed.timestamp():.3f}"
    return conditional_response(lambda: ical.session_calendar(session, link=links.page_link), etag=etag,
                                last_modified=changed, mimetype=ICS, filename=f"{event.slug}-session-{session.id}.ics",
                                public=services.is_visible_to_public(event))
