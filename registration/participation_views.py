"""Switching between in person and online at a hybrid event: the participant on their registration's change
page, an organiser on the participant's page. Attaches to the registration blueprint (registration.views.bp);
the service is registration.participation's."""
from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from events.permissions import ORGANISER, event_role, part_of
from events.vocabulary import PARTICIPATIONS
from registration import participation
from registration.forms import ParticipationForm
from registration.models import WAITLISTED, Registration
from registration.notices import waitlist_position
from registration.services import NotAllowed
from registration.views import bp, own_registration

FULL = {"in_person": lambda: _("No place is left in person: you keep taking part online. Nothing was changed."),
        "online": lambda: _("No place is left online: you keep taking part in person. Nothing was changed.")}


def _switch(registration, as_organiser: bool) -> None:
    """Switch as the posted form says, and say the outcome (a refusal changes nothing)."""
    form = ParticipationForm()
    if not form.validate_on_submit():
        flash(" ".join(str(error) for error in form.participation.errors) or
              _("The form had expired: try again."), "error")
        return
    try:
        switched = participation.switch(registration, form.participation.data, by=current_user,
                                        as_organiser=as_organiser)
    except participation.ModeFull as error:
        flash(FULL[error.participation](), "error")
    except NotAllowed:
        flash(_("How this registration takes part can no longer be changed.") if as_organiser else
              _("This registration can no longer be changed: write to the organisers."), "error")
    else:
        mode = PARTICIPATIONS[registration.participation]
        if not switched:
            flash(_("Nothing was changed."), "info")
        elif registration.status == WAITLISTED:
            flash(_("Now on the waiting list for: %(mode)s, number %(position)d.", mode=mode,
                    position=waitlist_position(registration)), "warning")
        else:
            flash(_("Takes part now: %(mode)s.", mode=mode), "success")


@bp.post("/registrations/<int:registration_id>/participation")
@own_registration
def switch_participation(registration):
    _switch(registration, as_organiser=False)
    return redirect(url_for("registration.my_registrations"))


@bp.post("/events/<slug>/manage/participants/<int:registration_id>/participation")
@event_role(ORGANISER)
def switch_participant_participation(event, registration_id):
    registration = part_of(event, Registration, registration_id)
    _switch(registration, as_organiser=True)
    return redirect(url_for("registration.participant", slug=event.slug, registration_id=registration.id))
