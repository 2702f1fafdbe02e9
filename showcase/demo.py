"""Demo beneficiaries and the demo knowledge fair: 24 booths from every UNESCO region on a floor plan of
three zones, with approved and pending material, meeting slots and requests, bookmarks, views and leads.
"""
from datetime import date, time, timedelta
import io

from PIL import Image, ImageDraw
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from accounts.demo import DEMO_PASSWORD
from accounts.models import User, UserRole
from accounts.services import hash_password
from core.extensions import db
from core.models import utcnow
from core.pdf import html_to_pdf
from events.models import Event
from registration import services as registration_services
from registration.codes import badge_code
from registration.models import Registration, RegistrationSettings
from showcase import analytics, booths, fairs, floor, invitations, leads, materials, meetings, moderation, services
from showcase.demo_fair import EXHIBITORS, FRENCH_PITCHES
from showcase.models import (APPROVED, DRAFTING, Booth, BoothView, Bookmark,
                             Organisation, Project)

BENEFICIARY = "beneficiary@convene.example"
ORGANISATION = {"name": "Harare Creative Hub Trust", "kind": "ngo", "country": "ZW",
                "website": "https://hcit.example.org", "contact_name": "Tendai Moyo",
                "contact_email": BENEFICIARY, "contact_phone": "+263 24 270 0000"}
PROJECTS = [
    {"code": "2017-4521", "title": "Mapping the music industry of Zimbabwe for better policies", "funding_usd": 82400,
     "call_number": 8, "call_year": 2017, "starts_on": date(2018, 4, 1), "ends_on": date(2019, 9, 30),
     "countries": ["ZW"], "domains": ["music"], "goals": ["governance"], "sdgs": [8, 16],
     "summary": "A national survey of musicians, studios and venues, the first of its kind, made with the Ministry "
                "of Youth, Sport, Arts and Recreation.",
     "expected_results": "A music sector strategy grounded in data; a trained team of researchers.",
     "achieved_results": "1,140 music professionals surveyed; the strategy was adopted in 2020."},
    {"code": "2021-7788", "title": "Women in film: mentoring and distribution in Southern Africa",
     "funding_usd": 98000, "call_number": 12, "call_year": 2021, "starts_on": date(2022, 3, 1),
     "ends_on": date(2023, 12, 31), "countries": ["ZW", "ZM", "MZ"], "domains": ["audiovisual"],
     "goals": ["development", "rights"], "sdgs": [5, 8],
     "summary": "Mentoring for 30 women filmmakers and a regional distribution circuit for their films.",
     "expected_results": "30 films completed and screened in three countries.", "achieved_results": ""},
]


def load():
    user = db.session.scalar(select(User).where(User.email == BENEFICIARY))
    if user is None:
        return
    organisation = services.organisation_of(user)
    created = 0
    if organisation is None:
        organisation = services.save_organisation(user, None, ORGANISATION)
        created += 1
    for values in PROJECTS:
        if db.session.scalar(select(Project.id).where(Project.code == values["code"])) is None:
            services.save_project(organisation, None, values)
            created += 1
    yield f"demo beneficiaries: {created} organisation and project records created"
    yield from _fair()


FAIR = "ifcd-knowledge-fair-2027"
ORGANISER = "organiser@convene.example"
#: Visitors who register for the fair: (e-mail, agrees that booths keep their details).
VISITORS = [("participant@convene.example", True), ("fatima.alzahra@convene.example", True),
            ("li.jing@convene.example", False), ("olena.kovalenko@convene.example", True),
            ("jose.martinez@convene.example", True), ("ngozi.okonkwo@convene.example", False),
            ("sato.haruto@convene.example", True), ("kwame.mensah@convene.example", True)]
ZONES = [("Hall A · Africa and the Arab States", "A", 10, 5), ("Hall B · Asia and the Pacific", "B", 6, 3),
         ("Hall C · Europe and the Americas", "C", 10, 5)]
COLOURS = ["#0b5cab", "#b35900", "#2e7d32", "#6a1b9a", "#00695c", "#ad1457"]


def _fair():
    event = db.session.scalar(select(Event).where(Event.slug == FAIR))
    if event is None or db.session.scalar(select(Booth.id).where(Booth.event_id == event.id)) is not None:
        return
    organiser = db.session.scalar(select(User).where(User.email == ORGANISER))
    fairs.save_settings(event, dict(fairs.DEFAULTS, lead_fields=["full_name", "organisation", "job_title",
                                                                 "country"], meeting_minutes=20))
    for name, code, places, columns in ZONES:
        floor.add_zone(event, name, code, places, columns)
    zone_of = {"africa": "A", "arab_states": "A", "asia_pacific": "B"}
    places = {zone.code: iter(zone.places) for zone in fairs.zones_of(event)}
    owners, password_hash = [], hash_password(DEMO_PASSWORD)
    for position, row in enumerate(EXHIBITORS):
        organisation = _organisation(row, password_hash)
        owners.append(organisation)
        booth = _booth(event, organisation, organiser, row, position)
        if booth.status == APPROVED or position % 6 == 5:
            booths.assign_place(booth, next(places[zone_of.get(organisation.region, "C")]))
    pending = _material(event, organiser)
    requests = _meetings(event)
    scanned = _visitors(event)
    yield (f"demo knowledge fair: {len(EXHIBITORS)} booths on {len(ZONES)} zones, {pending} items waiting for "
           f"review, {requests} meeting requests, {scanned} leads")


def _organisation(row, password_hash) -> Organisation:
    name, kind, country, code, title, funding, call, year, domains, sdgs, summary, _pitch = row
    existing = db.session.scalar(select(Project).where(Project.code == code))
    if existing is not None:  # the demo beneficiary's own (Harare)
        return existing.organisation
    email = f"exhibitor.{country.lower()}@convene.example"
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, password_hash=password_hash, email_confirmed_at=utcnow(),
                    full_name=f"{name} (booth)", country=country, locale="fr" if country in ("BF", "SN", "CD",
                                                                                           "TN", "MA", "MR", "HT")
                    else "en", roles=[UserRole(role="participant"), UserRole(role="beneficiary")])
        db.session.add(user)
        db.session.commit()
    organisation = services.save_organisation(user, None, {
        "name": name, "kind": kind, "country": country, "website": f"https://{code}.example.org",
        "contact_name": user.full_name, "contact_email": email, "contact_phone": ""})
    services.save_project(organisation, None, {
        "code": code, "title": title, "funding_usd": funding, "call_number": call, "call_year": year,
        "starts_on": date(year + 1, 3, 1), "ends_on": date(year + 2, 12, 31), "countries": [country],
        "domains": domains, "goals": ["development"], "sdgs": sdgs, "summary": summary,
        "expected_results": "", "achieved_results": ""})
    return organisation


def _booth(event, organisation, organiser, row, position) -> Booth:
    """Through the invitation, as in life: most booths approved, a few submitted, one still being drafted."""
    [booth] = invitations.invite(event, [{"email": organisation.contact_email, "organisation": organisation.name}],
                                 by=organiser)
    owner = db.session.get(User, organisation.members[0].user_id)
    invitations.accept(booth, owner, organisation)
    project = next(project for project in organisation.projects if project.code == row[3])
    booths.save_booth(booth, row[-1], project.id, {"fr": FRENCH_PITCHES.get(row[0], "")})
    if position == len(EXHIBITORS) - 1:
        return booth  # still drafting
    booths.submit(booth)
    if position % 6 != 5:  # every sixth booth still waits for review
        moderation.decide_booth(booth, True, "", organiser, moderation.booth_version(booth))
    db.session.refresh(booth)
    return booth


def _image(colour: str, label: int) -> FileStorage:
    image = Image.new("RGB", (960, 640), colour)
    draw = ImageDraw.Draw(image)
    for ring in range(6):
        inset = 40 + ring * 45
        draw.ellipse((inset + label % 30 * 5, inset, 960 - inset, 640 - inset), outline="white", width=6)
    data = io.BytesIO()
    image.save(data, "JPEG", quality=85)
    data.seek(0)
    return FileStorage(data, filename="photo.jpg", content_type="image/jpeg")


def _document(booth: Booth) -> FileStorage:
    project = booth.project
    data = html_to_pdf(f"<h1>{project.code}</h1><h2>{project.title}</h2><p>{project.summary}</p>"
                       f"<p>{booth.organisation.name}</p>")
    return FileStorage(io.BytesIO(data), filename="project-sheet.pdf", content_type="application/pdf")


def _material(event, organiser) -> int:
    """Each booth: a photo, and for some a project sheet and a video; most approved, some still pending."""
    pending = 0
    for position, booth in enumerate(fairs.booths_of(event)):
        made = [materials.add_item(booth, "image", f"{booth.organisation.name} at work",
                                   upload=_image(COLOURS[position % len(COLOURS)], position))]
        if position % 2 == 0:
            made.append(materials.add_item(booth, "document", "Project sheet", upload=_document(booth)))
        if position % 3 == 0:
            made.append(materials.add_item(booth, "video", "Our project in three minutes",
                                           link="https://www.youtube.com/watch?v=dQw4w9WgXcQ"))
        for number, item in enumerate(made):
            if booth.status == DRAFTING or (position % 4 == 3 and number == len(made) - 1):
                pending += 1
                continue
            moderation.decide_item(item, True, "", organiser, moderation.item_version(item))
    # One item refused, so that the beneficiary sees a reason.
    booth = fairs.booths_of(event)[2]
    item = materials.add_item(booth, "image", "Poster", upload=_image("#444444", 99))
    moderation.decide_item(item, False, "The poster's text cannot be read at this size: upload a larger one.",
                           organiser, moderation.item_version(item))
    return pending


def _meetings(event) -> int:
    """Slots on both days at every public booth; visitors ask for some, booths accept most."""
    days = meetings.fair_days(event)
    public = fairs.public_booths(event)
    for booth in public:
        for day in days:
            meetings.open_slots(booth, day, time(11, 0), time(12, 0))
            meetings.open_slots(booth, day, time(14, 0), time(16, 0))
    visitors = [db.session.scalar(select(User).where(User.email == email)) for email, _agrees in VISITORS]
    made = 0
    for number, visitor in enumerate(visitors):
        for offset in range(2):
            booth = public[(number * 3 + offset * 5) % len(public)]
            slot = meetings.free_slots(booth)[number + offset]
            meeting = meetings.request_meeting(booth, slot.id, visitor, "I would like to hear about your "
                                               "partners and how the project goes on.")
            made += 1
            if (number + offset) % 3 != 2:
                meetings.accept(meeting)
    return made


def _visitors(event) -> int:
    """Visitors registered for the fair (most agreeing that booths keep their details), their bookmarks,
    views of the booths over the weeks before the fair, and the leads booths scanned at the opening."""
    if db.session.get(RegistrationSettings, event.id) is None:
        registration_services.save_settings(event, {
            "is_open": True, "mode": "open", "capacity": 500, "offer_hours": 48, "opens_at": None,
            "closes_at": event.starts_at - timedelta(days=1), "changes_until": None, "fields": {},
            "privacy_notice": ""})
    public = fairs.public_booths(event)
    scanned = 0
    for number, (email, agrees) in enumerate(VISITORS):
        person = db.session.scalar(select(User).where(User.email == email))
        registration = db.session.scalar(select(Registration).where(Registration.event_id == event.id,
                                                                    Registration.user_id == person.id))
        if registration is None:
            registration = registration_services.register(event, person, {
                "full_name": person.full_name, "organisation": person.organisation, "job_title": person.job_title,
                "country": person.country, "stakeholder_group": person.stakeholder_group}, exhibitor_consent=agrees)
        for booth in public[number::5]:
            db.session.add(Bookmark(user_id=person.id, booth_id=booth.id))
        for booth in public[number % 4::4][:3]:
            staff = db.session.get(User, booth.organisation.members[0].user_id)
            outcome = leads.scan(booth, badge_code(registration), staff, consent=None if agrees else "asked",
                                 rating=(number % 5) + 1, note="Interested in a partnership." if number % 2 else "")
            scanned += outcome.lead is not None
    today = analytics.today_at(event)
    for position, booth in enumerate(public):
        for days_ago in range(14):
            db.session.add(BoothView(booth_id=booth.id, day=today - timedelta(days=days_ago),
                                     views=(position * 7 + days_ago * 3) % 23 + 1))
    db.session.commit()
    return scanned
