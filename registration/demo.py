"""Demo registrations, made through the real flow so the mail log shows every message it sends.

The Dakar workshop is full, with people waiting and one place offered; the conference has room.
"""
from datetime import timedelta

from sqlalchemy import select

from accounts.models import User
from core.extensions import db
from events.models import Event
from registration import services
from registration.models import RegistrationSettings

#: event slug -> (places, e-mails of the demo people who register, in order)
PLAN = {
    "global-forum-cultural-policies-2027": (300, ["participant@convene.example", "fatima.alzahra@convene.example",
                                                  "li.jing@convene.example", "olena.kovalenko@convene.example",
                                                  "jose.martinez@convene.example", "ngozi.okonkwo@convene.example",
                                                  "beneficiary@convene.example", "sato.haruto@convene.example"]),
    "workshop-status-of-the-artist-dakar": (3, ["youssef.benali@convene.example", "kwame.mensah@convene.example",
                                                "ana.ferreira@convene.example", "priya.r@convene.example",
                                                "mele.tupou@convene.example", "participant@convene.example"]),
    "deep-dive-music-policy-nairobi-2027": (25, ["aigerim.s@convene.example", "tariq.haddad@convene.example"]),
}


def load():
    created = 0
    for slug, (places, emails) in PLAN.items():
        event = db.session.scalar(select(Event).where(Event.slug == slug))
        if event is None or db.session.get(RegistrationSettings, event.id) is not None:
            continue
        services.save_settings(event, {"is_open": True, "capacity": places, "offer_hours": 48, "opens_at": None,
                                       "closes_at": event.starts_at - timedelta(days=1)})
        people = {user.email: user for user in db.session.scalars(select(User).where(User.email.in_(emails)))}
        for email in emails:
            person = people[email]
            services.register(event, person, {"full_name": person.full_name, "organisation": person.organisation,
                                              "job_title": person.job_title, "country": person.country,
                                              "stakeholder_group": person.stakeholder_group})
            created += 1
        if slug == "workshop-status-of-the-artist-dakar":
            # One confirmed participant drops out: the first person waiting is offered the place.
            services.cancel(services.find_registration(event, emails[0]), by=people[emails[0]])
    yield f"demo registrations: {created} created"
