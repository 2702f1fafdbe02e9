"""Demo delegations at the Paris conference: three Parties nominated by their focal points. The event has one
nominations deadline, for every delegation; it passed yesterday, so no focal point can add a member now.

- Kenya: three members nominated before it, credentials accepted, the delegation approved (the two who
  registered are confirmed);
- Colombia: two members nominated before it (one registered, waiting for approval), no credentials yet: its
  focal point can still send them (the deadline is for members);
- Viet Nam: one member; its focal point comes back after the deadline to add the others: too late.

Members who registered answered the event's required questions (registration's demo adds them first), so
their "Change my answers" saves as it is.

Focal points and members log in with the demo password. Loading twice changes nothing: a Party that already
has a delegation at the event is left as it is.
"""
from datetime import timedelta

from markupsafe import escape
from sqlalchemy import select

from accounts.demo import DEMO_PASSWORD
from accounts.models import User, UserRole
from accounts.services import hash_password
from core import uploads
from core.extensions import db
from core.models import utcnow
from core.pdf import html_to_pdf
from events.models import Event
from meetings import delegations, nominations
from meetings.models import Delegation, MeetingSettings
from registration import questions, services as registration_services
from registration.categories import PRESETS, ParticipantCategory
from registration.models import COUNTRY, DATE, MULTIPLE, SINGLE, YES_NO

MEMBER_STATE = "member_state"

#: (Party, focal point's e-mail, name, organisation, job title, language).
FOCAL_POINTS = [
    ("KE", "focal.kenya@convene.example", "Grace Wanjiku", "Ministry of Youth Affairs, Creative Economy and Sports",
     "Director of Culture", "en"),
    ("CO", "focal.colombia@convene.example", "Camila Restrepo Ospina",
     "Ministerio de las Culturas, las Artes y los Saberes", "Asesora de asuntos internacionales", "es"),
    ("VN", "focal.vietnam@convene.example", "Trần Minh Đức", "Ministry of Culture, Sports and Tourism",
     "Deputy Director, International Cooperation", "en"),
]

#: Party -> (role, title, full name, e-mail, function, completed their registration).
MEMBERS = {
    "KE": [("head", "H.E. Ms", "Achieng Otieno", "achieng.otieno@convene.example", "Cabinet Secretary", True),
           ("delegate", "Mr", "Kiprono Mutai", "kiprono.mutai@convene.example", "Director of Film Services", True),
           ("adviser", "Ms", "Njeri Kamau", "njeri.kamau@convene.example", "Legal adviser", False)],
    "CO": [("head", "Sr.", "Andrés Felipe Gómez Vargas", "andres.gomez@convene.example", "Viceministro", True),
           ("alternate", "Sra.", "Luisa Fernanda Ríos", "luisa.rios@convene.example", "Asesora", False)],
    "VN": [("head", "Mr", "Phạm Quốc Bảo", "pham.quocbao@convene.example", "Vice Minister", False)],
}


def load(event: Event):
    """Add the delegations to `event` (the Paris conference); yields what it did, as the demo loaders do."""
    category = _member_state_category(event)
    organiser = event.team[0].user if event.team else None
    people = _accounts()
    settings = db.session.get(MeetingSettings, event.id) or MeetingSettings(event_id=event.id)
    db.session.add(settings)
    # Nominations were made before the deadline: none while they are made; it is set (to yesterday) at the end.
    settings.nominations_close_at = None
    db.session.commit()
    created = 0
    nominated_at = utcnow() - timedelta(days=3)
    for country, email, *_ in FOCAL_POINTS:
        if db.session.scalar(select(Delegation.id).where(Delegation.event_id == event.id,
                                                         Delegation.country == country)) is not None:
            continue
        focal_point = delegations.name_focal_point(event, country=country, organisation="", category_id=category.id,
                                                   email=email, full_name=people[email].full_name, by=organiser)
        focal_point.user_id, focal_point.accepted_at = people[email].id, nominated_at
        focal_point.invited_at = nominated_at - timedelta(days=7)
        delegation = focal_point.delegation
        for role, honorific, name, address, function, registers in MEMBERS[country]:
            nomination = delegations.add_member(delegation, {"role": role, "honorific": honorific,
                                                             "full_name": name, "email": address,
                                                             "function": function}, by=people[email])
            nomination.created_at = nomination.sent_at = nominated_at
            db.session.commit()
            if registers and _taking_registrations(event):
                person = people[address]
                nominations.complete_registration(nomination, person, {
                    "full_name": name, "organisation": delegations.name_of(delegation), "job_title": function,
                    "country": country, "stakeholder_group": "government", "languages": ["en"],
                    "answers": _answers(event, category.id, country)})
        if country == "KE":
            document = uploads.CheckedDocument(data=_credentials_letter(delegation), pages=1)
            delegations.store_credentials(delegation, document)
            if organiser is not None:
                delegations.decide_credentials(delegation, True, "", by=organiser)
                delegations.approve_delegation(delegation, by=organiser)
        created += 1
    settings = db.session.get(MeetingSettings, event.id)
    settings.nominations_close_at = utcnow() - timedelta(days=1)
    db.session.commit()
    yield (f"demo delegations: {created} created (the nominations deadline has passed: Kenya approved, Colombia "
           "waiting for credentials, Viet Nam with one member, too late for more)")


def _answers(event: Event, category_id: int, country: str) -> dict[str, object]:
    """Answers to the event's required questions asked of the category, as the form would keep them: a member
    who opens "Change my answers" must be able to save without being told one is missing."""
    answers = {}
    for question in questions.questions_of(event.id):
        if not question.is_required or (question.category_ids and category_id not in question.category_ids):
            continue
        answers[str(question.id)] = {
            YES_NO: "no", SINGLE: (question.options or [None])[0], MULTIPLE: list(question.options[:1]),
            COUNTRY: country, DATE: event.starts_at.date().isoformat(),
        }.get(question.kind, "—")
    return answers


def _member_state_category(event: Event) -> ParticipantCategory:
    category = db.session.scalar(select(ParticipantCategory).where(ParticipantCategory.event_id == event.id,
                                                                   ParticipantCategory.key == MEMBER_STATE))
    if category is None:
        key, name, admission, colour, label, listed = next(preset for preset in PRESETS if preset[0] == MEMBER_STATE)
        category = ParticipantCategory(event_id=event.id, key=key, name=str(name), admission=admission,
                                       badge_colour=colour, badge_label=str(label), is_listed=listed)
        db.session.add(category)
        db.session.commit()
    return category


def _accounts() -> dict[str, User]:
    """The focal points' and members' demo accounts, made where missing (in accounts.demo's way)."""
    wanted = {email: (name, organisation, title, country, locale)
              for country, email, name, organisation, title, locale in FOCAL_POINTS}
    for country, members in MEMBERS.items():
        organisation = next(point[3] for point in FOCAL_POINTS if point[0] == country)
        for role, honorific, name, email, function, registers in members:
            wanted[email] = (name, organisation, function, country, "en")
    people = {user.email: user for user in db.session.scalars(select(User).where(User.email.in_(wanted)))}
    password_hash = None
    for email, (name, organisation, title, country, locale) in wanted.items():
        if email in people:
            continue
        password_hash = password_hash or hash_password(DEMO_PASSWORD)
        user = User(email=email, password_hash=password_hash, email_confirmed_at=utcnow(), full_name=name,
                    organisation=organisation, job_title=title, country=country, stakeholder_group="government",
                    locale=locale, roles=[UserRole(role="participant")])
        db.session.add(user)
        people[email] = user
    db.session.commit()
    return people


def _taking_registrations(event: Event) -> bool:
    settings = registration_services.settings_of(event)
    return registration_services.state(event, settings) == registration_services.OPEN


def _credentials_letter(delegation: Delegation) -> bytes:
    members = "".join(f"<li>{escape(member.honorific)} {escape(member.full_name)}, {escape(member.function)}</li>"
                      for member in delegation.members)
    return html_to_pdf(f"<!doctype html><html><body><h1>Credentials</h1><p>The Government of the Republic of Kenya "
                       f"accredits the following delegation:</p><ul>{members}</ul>"
                       "<p>Cabinet Secretary for Foreign and Diaspora Affairs</p></body></html>")

