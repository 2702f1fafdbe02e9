"""Helpers shared by the visa-support letter tests."""
from datetime import date, datetime

from core.extensions import db
from meetings import visas
from meetings.models import MeetingSettings, VisaOfficer, VisaRequest
from tests.registration.onsite import confirmed

#: A passport number nothing else in the tests contains: the privacy test looks for it everywhere.
PASSPORT = "ZX98Q7W6E"


def visa_event(make_event, **settings):
    """An event to come that offers visa letters, with an organiser who is also its visa officer."""
    event = make_event(title="Conference of Parties to the Convention", start=datetime(2027, 6, 14, 9, 0),
                       end=datetime(2027, 6, 16, 18, 0), country="FR", venue_name="UNESCO Headquarters")
    settings.setdefault("signatory_name", "Ana Ruiz")
    settings.setdefault("signatory_title", "Secretary of the Convention")
    settings.setdefault("reference_prefix", "CLT/DCE/2027/")
    db.session.add(MeetingSettings(event_id=event.id, offers_visa_letters=True, **settings))
    db.session.add(VisaOfficer(event_id=event.id, user_id=event.team[0].user_id))
    db.session.commit()
    return event


def form_values(**overrides) -> dict:
    values = {"passport_name": "Amina Diallo", "passport_number": PASSPORT, "nationality": "SN",
              "date_of_birth": "1985-04-02", "place_of_issue": "Dakar", "consulate": "Embassy of France in Dakar",
              "arrival": "2027-06-13", "departure": "2027-06-17"}
    values.update(overrides)
    return values


def asked(event, user=None, **overrides) -> VisaRequest:
    """A request made through the service, for a confirmed registration of `user` (or a guest)."""
    registration = confirmed(event, user, full_name=overrides.pop("full_name", None) or
                             (user.full_name if user else "Amina Diallo"))
    values = form_values(**overrides)
    values.update(date_of_birth=date.fromisoformat(values["date_of_birth"]),
                  arrival=date.fromisoformat(values["arrival"]), departure=date.fromisoformat(values["departure"]))
    return visas.ask(event, registration, values)
