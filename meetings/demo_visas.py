"""Demo visa-support letters for the Paris conference: the demo organiser handles its visas, and participants
from the Global South have asked — one request waiting, two approved (letters ready), one refused.

`load(event)` is idempotent: a second run adds nothing. The lead wires it into the demo loader.
"""
from datetime import date, timedelta

from sqlalchemy import select

from accounts.models import User
from core.extensions import db
from core.models import utcnow
from core.regions import is_global_south
from meetings.settings import settings_for
from meetings import visas
from meetings.models import APPROVED, REFUSED, VisaOfficer
from registration.models import Registration

ORGANISER = "organiser@convene.example"
#: (passport number, date of birth, place of issue, embassy or consulate, what happens), given in turn to the
#: conference's participants from the Global South, in the order they registered.
REQUESTS = [
    ("A07391845", date(1984, 2, 11), "Abuja", "Embassy of France in Abuja", APPROVED),
    ("G2841735", date(1979, 9, 30), "Accra", "Embassy of France in Accra", APPROVED),
    ("UZ4471203", date(1990, 6, 5), "الرباط", "Consulate General of France in Rabat", None),
    ("N012993417", date(1988, 12, 1), "Beirut", "Embassy of France in Beirut", REFUSED),
]
REFUSAL = "Your registration is for online participation only: no visa is needed to take part."


def load(event) -> list[str]:
    organiser = db.session.scalar(select(User).where(User.email == ORGANISER))
    if organiser is None:
        return ["visa letters: no demo organiser, nothing loaded"]
    settings = settings_for(event)  # the delegations' deadline may have made the row already
    if not settings.signatory_name:
        settings.offers_visa_letters, settings.reference_prefix = True, "CLT/DCE/2027/"
        settings.signatory_name, settings.signatory_title = "Amina Diallo", "Secretary of the 2005 Convention"
    if not visas.is_officer(event, organiser):
        db.session.add(VisaOfficer(event_id=event.id, user_id=organiser.id))
    db.session.commit()
    if event.ends_at <= utcnow():
        return [f"visa letters: {event.slug} has ended, no requests added"]
    first, last = visas.local_days(event)
    made = 0
    registrations = [registration for registration in db.session.scalars(
        select(Registration).where(Registration.event_id == event.id, Registration.user_id.is_not(None),
                                   Registration.status.not_in(visas.NOT_STANDING)).order_by(Registration.id))
        if is_global_south(registration.country)]
    for registration, (number, born, place, consulate, outcome) in zip(registrations, REQUESTS):
        if visas.request_of(registration) is not None:
            continue
        request = visas.ask(event, registration, {
            "passport_name": registration.full_name, "passport_number": number, "nationality": registration.country,
            "date_of_birth": born, "place_of_issue": place, "consulate": consulate,
            "arrival": first - timedelta(days=1), "departure": last + timedelta(days=1)})
        if outcome == APPROVED:
            visas.approve(event, [request.id], by=organiser)
        elif outcome == REFUSED:
            visas.refuse(event, request, organiser, REFUSAL)
        made += 1
    return [f"visa letters: {made} request(s) for {event.slug}, handled by {ORGANISER}"]
