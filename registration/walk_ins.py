"""The check-in desk's walk-ins: someone who came without registering is registered there, their badge
printed at once, and checked in. Attaches to the registration blueprint (registration.views.bp), like
registration.onsite; the services are registration.people's."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _, lazy_gettext as _l, ngettext
from flask_login import current_user

from core.multilingual import translated
from events.permissions import ORGANISER, event_role, part_of
from events.services import is_organiser
from registration import checkin, people
from registration.categories import NOMINATION
from registration.category_services import categories_of
from registration.models import Registration
from registration.people_forms import WalkInForm
from registration.permissions import desk_staff
from registration.views import bp

#: Why nobody can be added to an event (people.not_taking), as the desk and the organisers' pages say it.
NOT_TAKING = {
    "cancelled": _l("This event is cancelled: nobody can be registered for it."),
    "over": _l("This event is over: nobody can be registered for it any more."),
    "no_registration": _l("This event does not take registrations in Convene."),
}


def person_problem(form, error) -> str | None:
    """Put a service's refusal where the person reads it: on the field it concerns, else returned for the page."""
    if isinstance(error, people.AlreadyIn):
        form.email.errors.append(_("%(name)s is already registered for this event with this address.",
                                   name=error.registration.full_name))
        return None
    if isinstance(error, people.CategoryFull):
        form.category.errors.append(ngettext("The category “%(category)s” is full: its %(num)d place is taken.",
                                             "The category “%(category)s” is full: its %(num)d places are taken.",
                                             error.category.capacity, category=translated(error.category, "name")))
        return None
    if isinstance(error, people.NoRoom):
        return _("The event is full: no place is left.") if error.free == 0 else \
            _("Not enough places are left: %(free)d.", free=error.free)
    return str(NOT_TAKING[error.reason])


def _walk_in(event, beyond_limit: bool):
    categories = categories_of(event.id)
    form = WalkInForm(categories)
    problem, already, full = None, None, False
    organiser = is_organiser(event, current_user)
    if form.validate_on_submit() and not _nominated_only(form, categories, organiser):
        try:
            registration = people.register_walk_in(event, form.values(), by=current_user, beyond_limit=beyond_limit)
        except (people.NotTaking, people.AlreadyIn, people.NoRoom, people.CategoryFull) as error:
            problem = person_problem(form, error)
            already = error.registration if isinstance(error, people.AlreadyIn) else None
            full = isinstance(error, (people.NoRoom, people.CategoryFull))
        else:
            flash(_("%(name)s is registered: print their badge.", name=registration.full_name), "success")
            return redirect(url_for("registration.desk_person", slug=event.slug, registration_id=registration.id))
    failed = bool(form.errors or problem)
    return render_template("registration/walk_in.html", event=event, form=form, problem=problem, already=already,
                           full=full, may_go_beyond=organiser), 400 if failed else 200


def _nominated_only(form, categories, organiser: bool) -> bool:
    """Check-in staff do not register anyone into a nomination-only category (focal points nominate its
    people; an organiser may still place someone there): said on the category field."""
    chosen = form.values().get("category_id")
    category = next((category for category in categories if category.id == chosen), None)
    if organiser or category is None or category.admission != NOMINATION:
        return False
    form.category.errors.append(_("Only an organiser can register someone in the category “%(category)s”: "
                                  "its people are nominated. Choose another category or ask an organiser.",
                                  category=translated(category, "name")))
    return True


@bp.route("/events/<slug>/checkin/walk-in", methods=["GET", "POST"])
@desk_staff
def register_walk_in(event):
    return _walk_in(event, beyond_limit=False)


@bp.post("/events/<slug>/checkin/walk-in/beyond-limit")
@event_role(ORGANISER)
def register_walk_in_beyond_limit(event):
    """Only organisers give a place the event does not have (check-in staff ask one)."""
    return _walk_in(event, beyond_limit=True)


@bp.get("/events/<slug>/checkin/people/<int:registration_id>")
@desk_staff
def desk_person(event, registration_id):
    """A person at the desk: their badge, printed at once (registration.onsite.desk_badge's PDF in a frame
    whose print dialogue opens), and checking them in."""
    registration = part_of(event, Registration, registration_id)
    standing = checkin.standing_today(event, [registration.id]).get(registration.id)
    return render_template("registration/desk_person.html", event=event, registration=registration,
                           checked_in=standing, is_event_day=checkin.event_day(event) is not None)


@bp.post("/events/<slug>/checkin/people/<int:registration_id>/check-in")
@desk_staff
def check_in_person(event, registration_id):
    """The desk's check-in (registration.checkin.check_in) of someone found without a badge scan."""
    registration = part_of(event, Registration, registration_id)
    outcome = checkin.check_in(event, registration, by=current_user)
    if outcome.result == checkin.OK:
        flash(_("%(name)s is checked in.", name=registration.full_name), "success")
        return redirect(url_for("registration.checkin_desk", slug=event.slug))
    flash(f"{outcome.label or checkin.RESULTS[outcome.result]}: {outcome.reason}",
          "info" if outcome.result == checkin.ALREADY else "error")
    return redirect(url_for("registration.desk_person", slug=event.slug, registration_id=registration.id))

