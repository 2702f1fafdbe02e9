"""The data the report benchmark (issue 7) runs on: one finished event the size of a large conference and a
small one made the same way, in a database of their own.

- The big event: ROWS registrations made over the three months before it (statuses mixed as a popular
  event's are; stakeholder groups, genders and about 200 countries of every region, a few not given),
  check-ins at the door on its three days and at the six of its twelve sessions that take attendance, and
  a feedback survey sent to everyone who came, RESPONSES of whom answered: the seven outcome questions and
  a choice question of the organiser's, about one in eight with a comment. Everything inserted in bulk
  (executemany), bypassing the services: a registration at a time would take longer than the benchmark.
- The small event: 50 registrations and 15 answers, so that the query counts of the two can be compared.

Sizes come from the environment so that it can be tried small first (bench/run passes them on):
BENCH_REPORT_ROWS (50000), BENCH_REPORT_RESPONSES (15000).

Run as `python -m bench.report_data` with DATABASE_URL pointing at a migrated, empty database; prints JSON
for bench/report_inprocess.py and bench/report.py.
"""
from collections import Counter
from datetime import datetime, timedelta
import hashlib
import json
import os
import random
import sys

from sqlalchemy import func, insert, select

from accounts.models import User, UserRole
from bench.people import typed
from bench.registration_data import ORGANISER_EMAIL, _hash, add_users
from core.extensions import db
from core.models import utcnow
from core.regions import COUNTRY_REGION, region_of
from core.search import search_key
from core.times import to_utc
from core.vocabularies import STAKEHOLDER_GROUPS
from events.models import PUBLISHED, Event, EventOrganiser, Session
from outcomes.models import CHOICE, FEEDBACK, SurveyAnswer, SurveyInvitation, SurveyQuestion, SurveyResponse
from outcomes.surveys import survey_of
from registration import services
from registration.models import (CANCELLED, CONFIRMED, OFFERED, PENDING, REJECTED, WAITLISTED, CheckIn,
                                 Registration)

BIG_SLUG, SMALL_SLUG = "bench-report-big", "bench-report-small"
ROWS = int(os.environ.get("BENCH_REPORT_ROWS", "50000"))
RESPONSES = int(os.environ.get("BENCH_REPORT_RESPONSES", "15000"))
SMALL_ROWS, SMALL_RESPONSES = 50, 15
ZONE = "Africa/Nairobi"
DAYS = 3
#: A registration's status weeks after the event: what a popular, oversubscribed event looks like.
STATUS_SHARES = [(CONFIRMED, 70), (CANCELLED, 14), (WAITLISTED, 9), (REJECTED, 3), (PENDING, 2), (OFFERED, 2)]
GENDER_SHARES = [("woman", 47), ("man", 41), ("other", 1), ("undisclosed", 4), (None, 7)]
#: Share of the confirmed participants at the door on each day, and of those at each session taking attendance.
DAY_SHARES, SESSION_SHARE = (0.86, 0.78, 0.64), 0.35
#: How likely each score 1–5 is, outcome by outcome (the built-in questions, in order).
SCORE_WEIGHTS = [(1, 2, 8, 40, 49), (2, 6, 20, 45, 27), (4, 12, 34, 36, 14), (1, 4, 15, 40, 40),
                 (3, 8, 30, 40, 19), (8, 20, 35, 27, 10), (30, 32, 24, 10, 4)]
COMMENT_SHARE = 0.12
COMMENTS = ["Very useful, thank you.", "Trop de sessions en parallèle.", "Me gustaría más tiempo para preguntas.",
            "أتمنى المزيد من الجلسات التطبيقية", "希望明年继续举办。", "Отличная организация.",
            "The funding session was too short.", "Muito bom para conhecer outros gestores culturais."]
OPTIONS = ["Opening plenary", "Panels", "Workshops", "Peer exchanges", "The networking evening"]


def _event(slug: str, title: str, organiser_id: int) -> Event:
    """A three-day event that ended a week ago, with four sessions a day, two of them taking attendance."""
    first = utcnow().date() - timedelta(days=DAYS + 7)
    starts = to_utc(datetime(first.year, first.month, first.day, 9, 0), ZONE)
    event = Event(slug=slug, kind="conference", title=title, summary="Report benchmark.", timezone=ZONE,
                  starts_at=starts, ends_at=starts + timedelta(days=DAYS - 1, hours=9), venue_name="KICC",
                  country="KE", region=region_of("KE"), working_languages=["en", "fr"], status=PUBLISHED,
                  visibility="public", details={}, first_published_at=starts - timedelta(days=120),
                  team=[EventOrganiser(user_id=organiser_id)])
    for day in range(DAYS):
        for slot, hour in enumerate((9, 11, 14, 16)):
            at = starts + timedelta(days=day, hours=hour - 9)
            event.sessions.append(Session(title=f"Day {day + 1}, session {slot + 1}", session_type="panel",
                                          starts_at=at, ends_at=at + timedelta(minutes=90),
                                          takes_attendance=slot in (1, 2)))
    db.session.add(event)
    db.session.flush()
    return event


def _countries(rng: random.Random) -> tuple[list[str], list[float]]:
    """Every country of the regions map, in a shuffled order of popularity (a few large delegations, a long
    tail of countries with a handful of people)."""
    codes = sorted(COUNTRY_REGION)
    rng.shuffle(codes)
    return codes, [1 / (rank + 3) for rank in range(len(codes))]


def _registrations(event: Event, rows: int, prefix: str, rng: random.Random) -> list[tuple[int, str]]:
    """`rows` registrations with accounts, inserted in bulk; returns (id, status) of each."""
    emails = [f"{prefix}-{number:06d}@example.org" for number in range(rows)]
    user_ids = add_users(emails, lambda index: typed(index)["full_name"])
    statuses = rng.choices([key for key, _ in STATUS_SHARES], [share for _, share in STATUS_SHARES], k=rows)
    genders = rng.choices([key for key, _ in GENDER_SHARES], [share for _, share in GENDER_SHARES], k=rows)
    codes, weights = _countries(rng)
    countries = rng.choices(codes, weights, k=rows)
    groups = rng.choices(list(STAKEHOLDER_GROUPS) + [None], (30, 22, 12, 6, 14, 8, 6, 2), k=rows)
    batch = []
    for number, email in enumerate(emails):
        values, status = typed(number), statuses[number]
        # Three months of registrations: most in the weeks after it opened, a rush before it closed.
        before = rng.uniform(0, 10) if rng.random() < 0.2 else rng.triangular(10, 92, 80)
        at = event.starts_at - timedelta(days=before)
        batch.append({
            "event_id": event.id, "user_id": user_ids[number], "email": email, **values, "gender": genders[number],
            "country": None if rng.random() < 0.02 else countries[number], "stakeholder_group": groups[number],
            "locale": ("en", "fr", "es")[number % 3], "consented_at": at, "status": status, "created_at": at,
            "updated_at": at, "search_text": search_key(values["full_name"], email, values["organisation"]),
            "waitlisted_at": at if status == WAITLISTED else None,
            "offered_until": utcnow() + timedelta(days=365) if status == OFFERED else None,
        })
    db.session.execute(insert(Registration), batch)
    return db.session.execute(select(Registration.id, Registration.status).where(Registration.event_id == event.id)
                              .order_by(Registration.id)).all()


def _checkins(event: Event, confirmed: list[int], rng: random.Random, by: int) -> tuple[list[int], int]:
    """Door and session check-ins in bulk; returns the registrations checked in at least once, and the rows."""
    first = event.starts_at.astimezone(event.zone).date()
    sessions = [session for session in event.sessions if session.takes_attendance]
    rows, came = [], set()
    for offset, share in enumerate(DAY_SHARES):
        day = first + timedelta(days=offset)
        opening = event.starts_at + timedelta(days=offset, minutes=-45)
        of_day = [session for session in sessions if session.starts_at.astimezone(event.zone).date() == day]
        for registration_id in confirmed:
            if rng.random() >= share:
                continue
            came.add(registration_id)
            rows.append({"event_id": event.id, "registration_id": registration_id, "day": day, "session_id": None,
                         "at": opening + timedelta(seconds=rng.randint(0, 7200)), "by_user_id": by})
            rows += [{"event_id": event.id, "registration_id": registration_id, "day": day, "session_id": session.id,
                      "at": session.starts_at - timedelta(minutes=rng.randint(0, 10)), "by_user_id": by}
                     for session in of_day if rng.random() < SESSION_SHARE]
    db.session.execute(insert(CheckIn), rows)
    return sorted(came), len(rows)


def _survey(event: Event, attended: list[int], responses: int, rng: random.Random) -> dict:
    """The feedback survey, sent to everyone who came, and `responses` answers, in bulk."""
    survey = survey_of(event, FEEDBACK, create=True)
    survey.questions.append(SurveyQuestion(kind=CHOICE, label="Which part was most useful to you?",
                                           options=OPTIONS, position=len(survey.questions)))
    sent = event.ends_at + timedelta(hours=2)
    survey.is_enabled, survey.first_sent_at = True, sent
    db.session.flush()
    outcomes = [question for question in survey.questions if question.outcome]
    choice = next(question for question in survey.questions if question.kind == CHOICE)
    answering = set(rng.sample(attended, min(responses, len(attended))))
    last_day = utcnow().date()
    invitations, rows, answers = [], [], []
    for registration_id in attended:
        on = None
        if registration_id in answering:
            on = min(event.ends_at.date() + timedelta(days=int(rng.expovariate(0.4))), last_day)
            response_id = f"{rng.getrandbits(128):032x}"
            rows.append({"id": response_id, "survey_id": survey.id, "registration_id": registration_id,
                         "submitted_on": on})
            commented = outcomes[rng.randrange(len(outcomes))].id if rng.random() < COMMENT_SHARE else None
            answers += [{"response_id": response_id, "question_id": question.id, "choice": None,
                         "score": rng.choices(range(1, 6), weights)[0],
                         "text": rng.choice(COMMENTS) if question.id == commented else ""}
                        for question, weights in zip(outcomes, SCORE_WEIGHTS)]
            answers.append({"response_id": response_id, "question_id": choice.id, "score": None, "text": "",
                            "choice": rng.choices(OPTIONS, (3, 5, 8, 4, 2))[0]})
        invitations.append({"survey_id": survey.id, "registration_id": registration_id, "sent_at": sent,
                            "token_hash": hashlib.sha256(f"{survey.id}:{registration_id}".encode()).hexdigest(),
                            "answered_on": on})
    db.session.execute(insert(SurveyInvitation), invitations)
    db.session.execute(insert(SurveyResponse), rows)
    db.session.execute(insert(SurveyAnswer), answers)
    return {"invited": len(invitations), "responses": len(rows), "answers": len(answers),
            "comments": sum(1 for answer in answers if answer["text"])}


def build_event(slug: str, title: str, rows: int, responses: int, organiser_id: int, rng: random.Random) -> dict:
    event = _event(slug, title, organiser_id)
    registrations = _registrations(event, rows, slug, rng)
    statuses = Counter(status for _id, status in registrations)
    confirmed = [registration_id for registration_id, status in registrations if status == CONFIRMED]
    attended, checkins = _checkins(event, confirmed, rng, organiser_id)
    survey = _survey(event, attended, responses, rng)
    db.session.commit()
    # Settings through the service, as an organiser saves them. The capacity is exactly the places held, so
    # that saving them offers no place to anyone waiting.
    services.save_settings(event, {"is_open": False, "capacity": statuses[CONFIRMED] + statuses[OFFERED],
                                   "offer_hours": 48, "opens_at": event.starts_at - timedelta(days=92),
                                   "closes_at": event.starts_at - timedelta(days=1)})
    countries = db.session.scalar(select(func.count(func.distinct(Registration.country))).where(
        Registration.event_id == event.id))
    return {"slug": slug, "event_id": event.id, "rows": rows, "statuses": dict(statuses), "countries": countries,
            "checkins": checkins, "attended": len(attended), **survey}


def build() -> dict:
    organiser = User(email=ORGANISER_EMAIL, password_hash=_hash(), full_name="Bench Organiser",
                     email_confirmed_at=utcnow(), roles=[UserRole(role="organiser"), UserRole(role="participant")])
    db.session.add(organiser)
    db.session.flush()
    rng = random.Random(2005)  # the same data every run
    return {"big": build_event(BIG_SLUG, "Report benchmark: big", ROWS, RESPONSES, organiser.id, rng),
            "small": build_event(SMALL_SLUG, "Report benchmark: small", SMALL_ROWS, SMALL_RESPONSES, organiser.id,
                                 rng),
            "organiser": ORGANISER_EMAIL}


def main() -> None:
    from factory import create_app

    with create_app().app_context():
        if db.session.scalar(select(func.count(Event.id))):
            raise SystemExit("bench.report_data: the database already has events; it needs an empty one.")
        if ROWS < 100 or not 0 < RESPONSES:
            raise SystemExit("bench.report_data: BENCH_REPORT_ROWS must be 100 or more, BENCH_REPORT_RESPONSES 1 "
                             "or more.")
        built = build()
        built["database"] = db.engine.dialect.name
    json.dump(built, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
