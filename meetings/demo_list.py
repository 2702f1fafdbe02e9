"""Demo data for the list of participants: the Paris conference publishes its list, and most of its
confirmed participants agreed to be on it (one in five did not, so the organiser's page has people left
out to count). Safe to run again: consent is only added where none was given, by the same rule."""
from sqlalchemy import select

from core.extensions import db
from meetings.participant_list import publish
from registration.models import CONFIRMED, Registration

#: Every fifth confirmed participant (by id) keeps the list without them.
DECLINES_EVERY = 5


def load(event) -> int:
    """Give listing consent to most confirmed registrations of `event` (the Paris conference) and publish
    its list; returns how many registrations were given consent this time."""
    registrations = db.session.scalars(select(Registration).where(
        Registration.event_id == event.id, Registration.status == CONFIRMED,
        Registration.listing_consent_at.is_(None)).order_by(Registration.id)).all()
    given = 0
    for registration in registrations:
        if registration.id % DECLINES_EVERY:
            # Agreed when they registered.
            registration.listing_consent_at = registration.created_at
            given += 1
    publish(event, True)  # commits
    return given
