"""A person's registrations when they download their data or delete their account.

Anonymising cancels the places still held under the event's registration lock
(registration.waiting_list.cancel_locked), so the places freed go on to the people waiting.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from accounts.services import normalise_email
from core import jobs, uploads
from core.extensions import db
from core.models import utcnow
from core.multilingual import translated
from events import links
from registration import invitations
from registration.badges import subject as badges_subject
from registration.models import (HOLDING_A_PLACE, PENDING, WAITLISTED, AgendaFeed, Certificate, OnlineJoin,
                                 Registration)
from registration.questions import answers_as_text, questions_of
from registration.services import PHOTOS
from registration.waiting_list import cancel_locked

#: An anonymised registration's address is deleted-<id>@ this domain (.invalid: no mail can reach it).
DELETED_DOMAIN = "deleted.invalid"


def personal_data(user) -> dict:
    """The person's registrations, for their own data download."""
    registrations = db.session.scalars(select(Registration).where(Registration.user_id == user.id)).all()
    return {"registrations": [{
        "event": str(translated(registration.event, "title")), "event_address": links.page_link(registration.event),
        "status": registration.status, "full_name": registration.full_name, "email": registration.email,
        "organisation": registration.organisation, "job_title": registration.job_title,
        "stakeholder_group": registration.stakeholder_group, "country": registration.country,
        "gender": registration.gender, "accessibility_needs": registration.accessibility_needs,
        "dietary_requirements": registration.dietary_requirements, "languages": registration.languages,
        "answers": dict(answers_as_text(registration, questions_of(registration.event_id))),
        "has_photo": registration.photo is not None,
        "category": str(translated(registration.category, "name")) if registration.category else None,
        "title": registration.honorific, "how_registered": registration.source,
        "on_public_list_of_participants_since": registration.listing_consent_at.isoformat()
        if registration.listing_consent_at else None,
        "booths_may_keep_details_since": registration.exhibitor_consent_at.isoformat()
        if registration.exhibitor_consent_at else None,
        "sessions": [{"session": str(translated(choice.session, "title")), "status": choice.status}
                     for choice in registration.choices],
        "participation": registration.participation,
        "online_joins": [{"day": join.day.isoformat(), "room": str(translated(join.session, "title"))
                          if join.session else str(_l("The event's room")), "first_at": join.first_at.isoformat(),
                          "last_at": join.last_at.isoformat(), "times": join.times}
                         for join in db.session.scalars(select(OnlineJoin).where(
                             OnlineJoin.registration_id == registration.id).order_by(OnlineJoin.day, OnlineJoin.id))],
        "registered_at": registration.created_at.isoformat(),
        "history": [{"at": change.at.isoformat(), "from": change.from_status, "to": change.to_status,
                     "reason": change.reason} for change in registration.history],
    } for registration in registrations]}


def anonymise(user) -> None:
    """Before an account is deleted: its registrations lose everything that names the person, and keep
    what the counts need (status, stakeholder group, country, gender). Places held at events still to come
    are freed; at events that are over, the person's participation stays in the reports, anonymously."""
    now = utcnow()
    # Events in the order of their ids: two deletions at once take their locks in the same order.
    for registration in db.session.scalars(select(Registration).where(Registration.user_id == user.id)
                                           .order_by(Registration.event_id)).all():
        if registration.status in HOLDING_A_PLACE + (WAITLISTED, PENDING) and registration.event.ends_at > now:
            # Nobody is told: the person is leaving, and an e-mail would keep their name in the outbox.
            cancel_locked(registration, by=None, reason=str(_l("The account was deleted.")), quiet=True)
        registration.user_id = None
        registration.email = f"deleted-{registration.id}@{DELETED_DOMAIN}"
        registration.full_name = str(_l("Deleted account"))
        registration.organisation = registration.job_title = ""
        registration.accessibility_needs = registration.dietary_requirements = ""
        registration.answers, registration.languages = {}, []
        registration.exhibitor_consent_at = None  # nobody is left to have agreed
        registration.listing_consent_at, registration.honorific = None, ""  # the category stays, for the counts
        registration.join_version += 1  # the personal join links stop working (registration.online)
        uploads.delete_after_commit(PHOTOS, registration.photo)
        registration.photo = None
        # A certificate states the person's name to anyone with its code, a printed sheet of the event's
        # badges shows their name and photo: both go with the account.
        db.session.execute(delete(Certificate).where(Certificate.registration_id == registration.id))
        jobs.forget_results(badges_subject(registration.event_id))
    invitations.forget(normalise_email(user.email))
    # The agenda address ends too: SQLite does not cascade, and a later account could be given the same id.
    db.session.execute(delete(AgendaFeed).where(AgendaFeed.user_id == user.id))
    db.session.flush()


def still_reachable():
    """The registrations whose person can still be written to: not an anonymised one (see anonymise)."""
    return ~Registration.email.endswith(f"@{DELETED_DOMAIN}")
