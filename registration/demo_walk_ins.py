"""Demo data for people registered by someone else, at the Paris conference (registration.demo.CONFERENCE):
three walk-ins registered and checked in at the desk on its first day, a participant an organiser added by
hand, and one whose details an organiser changed on their behalf (the participant's page shows it in the
history).

The walk-ins and their check-ins are written with the day and times they happen, as registration.demo
writes the Bangkok workshop's attendance: the desk's services record today. The other two go through the
organisers' services, so the mail log shows what the people are sent. Loading twice adds nothing.
"""
from datetime import datetime, timedelta

from sqlalchemy import exists, select

from accounts.models import User
from accounts.services import account_for
from core.extensions import db
from core.times import to_utc
from events.models import Event
from registration import checkin, people, services
from registration.categories import ParticipantCategory
from registration.demo import CHECKIN_STAFF, ORGANISER
from registration.models import CONFIRMED, WALK_IN, CheckIn, Registration, RegistrationChange

#: (e-mail, full name, organisation, country, category key, minutes after the door opens at 08:30)
WALK_INS = [
    ("thandiwe.nkosi@example.org", "Thandiwe Nkosi", "South African Cultural Observatory", "ZA", "ngo", 12),
    ("mateo.quispe@example.org", "Mateo Quispe Mamani", "Ministerio de Culturas, Bolivia", "BO", "expert", 26),
    ("ines.haddad@example.org", "Inès Haddad", "Radio Méditerranée", "LB", "press", 47),
]
#: The participant an organiser added by hand.
ADDED = {"email": "wanjiru.kamau@example.org", "full_name": "Wanjiru Kamau", "honorific": "Dr",
         "organisation": "Kenya Cultural Centre", "job_title": "Director of Programmes", "country": "KE",
         "stakeholder_group": "government", "languages": ["en", "sw"]}
#: The demo participant whose details an organiser changed, and the new details.
EDITED = ("jose.martinez@convene.example", {"honorific": "Mr", "job_title": "Head of International Relations"})


def _category_id(event: Event, key: str) -> int | None:
    """The event's category with this key, where the event has categories (their own demo makes them)."""
    return db.session.scalar(select(ParticipantCategory.id).where(ParticipantCategory.event_id == event.id,
                                                                  ParticipantCategory.key == key))


def load(event: Event) -> str:
    """The Paris conference's walk-ins, added and edited participants, where missing."""
    if services.settings_of(event) is None:
        return "demo walk-ins: skipped (the conference takes no registrations)"
    staff = db.session.scalar(select(User).where(User.email == CHECKIN_STAFF))
    organiser = db.session.scalar(select(User).where(User.email == ORGANISER))
    first_day = checkin.event_days(event)[0]
    walk_ins = 0
    for email, name, organisation, country, category, minutes in WALK_INS:
        if services.find_registration(event, email) is not None:
            continue
        at = to_utc(datetime(first_day.year, first_day.month, first_day.day, 8, 30) + timedelta(minutes=minutes),
                    event.timezone)
        account = account_for(email, name, organisation=organisation, country=country)
        registration = Registration(
            event_id=event.id, email=email, user_id=account.id, full_name=name, organisation=organisation,
            country=country, category_id=_category_id(event, category), status=CONFIRMED, source=WALK_IN,
            created_at=at, updated_at=at, choices=[],
            history=[RegistrationChange(from_status=None, to_status=CONFIRMED, by_user_id=staff.id, at=at,
                                        reason=f"Registered at the check-in desk by {staff.full_name}.")])
        db.session.add(registration)
        db.session.flush()
        if not db.session.scalar(select(exists().where(CheckIn.registration_id == registration.id))):
            db.session.add(CheckIn(event_id=event.id, registration_id=registration.id, day=first_day,
                                   at=at + timedelta(minutes=2), by_user_id=staff.id))
        walk_ins += 1
    db.session.commit()
    added = 0
    if services.find_registration(event, ADDED["email"]) is None:
        people.add_participant(event, {**ADDED, "category_id": _category_id(event, "expert")}, CONFIRMED,
                               by=organiser)
        added = 1
    email, details = EDITED
    edited = services.find_registration(event, email)
    changed = people.change_details(edited, details, by=organiser) if edited is not None else []
    return (f"demo walk-ins (Paris): {walk_ins} walk-ins checked in, {added} participant added by an organiser, "
            f"{1 if changed else 0} participant's details changed")
