"""Demo beneficiaries: the demo beneficiary account's organisation and its IFCD projects.

Booths, material, meetings and leads arrive with the rest of the showcase.
"""
from datetime import date

from sqlalchemy import select

from accounts.models import User
from core.extensions import db
from showcase import services
from showcase.models import Project

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
