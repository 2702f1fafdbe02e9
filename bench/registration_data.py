"""The data the registration benchmark runs on, in its own PostgreSQL database.

- The rush: a published event open for registration with CAPACITY places, and USERS accounts that
  have not registered yet; bench/register_load.py makes each of them register once, at the same time.
- The big list: an event with EXPORT_ROWS registrations (statuses mixed, names in several scripts,
  countries and stakeholder groups varied), and a small one with 50, for the participant list and
  the CSV export; both belong to one organiser.

Sizes come from the environment so that the benchmark can be tried small first (bench/run passes
them on): BENCH_REG_USERS, BENCH_REG_CAPACITY, BENCH_EXPORT_ROWS.

Run as `python -m bench.registration_data` with DATABASE_URL pointing at a migrated, empty database.
"""
from datetime import datetime, timedelta
import json
import os
import random
import sys

from sqlalchemy import func, insert, select
from werkzeug.security import generate_password_hash

from accounts.models import User, UserRole
from bench.people import PASSWORD, rush_email, typed
from core.extensions import db
from core.models import utcnow
from core.regions import region_of
from core.search import search_key
from core.times import to_utc
from events.models import PUBLISHED, Event, EventOrganiser
from registration import services
from registration.models import CANCELLED, CONFIRMED, OFFERED, REJECTED, WAITLISTED, Registration

RUSH_SLUG, BIG_LIST_SLUG, SMALL_LIST_SLUG = "bench-rush", "bench-list-big", "bench-list-small"
USERS = int(os.environ.get("BENCH_REG_USERS", "3000"))
CAPACITY = int(os.environ.get("BENCH_REG_CAPACITY", "200"))
EXPORT_ROWS = int(os.environ.get("BENCH_EXPORT_ROWS", "50000"))
SMALL_ROWS = 50
ORGANISER_EMAIL = "bench-organiser@example.org"
ZONE = "Europe/Paris"


def _hash() -> str:
    # One PBKDF2 iteration instead of scrypt: logging 3,000 people in before the rush must not take
    # minutes, and the timed part (registering) never checks a password. check_password_hash accepts it.
    return generate_password_hash(PASSWORD, method="pbkdf2:sha256:1")


#: The big list's statuses, in these shares: what a popular event looks like weeks after opening.
STATUS_SHARES = [(CONFIRMED, 70), (WAITLISTED, 16), (CANCELLED, 10), (REJECTED, 2), (OFFERED, 2)]


def make_event(slug: str, title: str, days_ahead: int) -> Event:
    on = utcnow().date() + timedelta(days=days_ahead)
    starts = to_utc(datetime(on.year, on.month, on.day, 9, 0), ZONE)
    return Event(slug=slug, kind="workshop", title=title, summary="Registration benchmark.", timezone=ZONE,
                 starts_at=starts, ends_at=starts + timedelta(hours=8), venue_name="Conference centre",
                 country="SN", region=region_of("SN"), working_languages=["en", "fr"], status=PUBLISHED,
                 visibility="public", details={}, first_published_at=utcnow())


def add_users(emails: list[str], full_name) -> list[int]:
    """Participants' accounts inserted in bulk, with their role; returns their ids in the order of `emails`."""
    password_hash = _hash()  # one for all: the same password, and a salt per account would protect nothing here
    rows = [{"email": email, "password_hash": password_hash, "full_name": full_name(index), "organisation": "",
             "search_text": search_key(full_name(index), email), "email_confirmed_at": utcnow()}
            for index, email in enumerate(emails)]
    ids = db.session.scalars(insert(User).returning(User.id, sort_by_parameter_order=True), rows).all()
    db.session.execute(insert(UserRole), [{"user_id": user_id, "role": "participant"} for user_id in ids])
    return ids


def add_people(first: int, count: int) -> None:
    """Accounts for the rush's people `first` to `first + count - 1`, not registered yet."""
    add_users([rush_email(number) for number in range(first, first + count)],
              lambda index: f"Rush Participant {first + index}")


def add_registrations(event: Event, rows: int, prefix: str, rng: random.Random,
                      shares: list[tuple[str, int]] = STATUS_SHARES) -> dict[str, int]:
    """`rows` registrations with statuses in these shares, inserted in bulk, bypassing the services:
    filling 50,000 places one locked transaction at a time would take longer than the benchmark.
    Returns the count per status."""
    emails = [f"{prefix}-{number:06d}@example.org" for number in range(rows)]
    user_ids = add_users(emails, lambda index: typed(index)["full_name"])
    statuses = rng.choices([status for status, _ in shares], [share for _, share in shares], k=rows)
    first = utcnow() - timedelta(days=30)
    batch = []
    for number, (email, user_id, status) in enumerate(zip(emails, user_ids, statuses)):
        values = typed(number)
        at = first + timedelta(seconds=number * 30)
        batch.append({
            "event_id": event.id, "user_id": user_id, "email": email, **values, "gender": values["gender"] or None,
            "locale": ("en", "fr")[number % 2],
            "consented_at": at, "status": status, "created_at": at, "updated_at": at,
            # The model keeps search_text up to date on flush; a bulk insert has to do it itself.
            "search_text": search_key(values["full_name"], email, values["organisation"]),
            "waitlisted_at": at if status == WAITLISTED else None,
            # Far ahead: the list page expires offers that ran out, which would change the data.
            "offered_until": utcnow() + timedelta(days=365) if status == OFFERED else None,
        })
    db.session.execute(insert(Registration), batch)
    return {status: statuses.count(status) for status, _ in shares}


def build() -> dict:
    organiser = User(email=ORGANISER_EMAIL, password_hash=_hash(), full_name="Bench Organiser",
                     email_confirmed_at=utcnow(), roles=[UserRole(role="organiser"), UserRole(role="participant")])
    rush, big, small = (make_event(RUSH_SLUG, "Registration rush", 30), make_event(BIG_LIST_SLUG, "Big list", 60),
                        make_event(SMALL_LIST_SLUG, "Small list", 61))
    db.session.add_all([organiser, rush, big, small])
    db.session.flush()
    for event in (rush, big, small):
        event.team = [EventOrganiser(user_id=organiser.id)]
    add_people(0, USERS)
    rng = random.Random(2005)  # the same mix every run
    counts = {"big": add_registrations(big, EXPORT_ROWS, "bench-list", rng),
              "small": add_registrations(small, SMALL_ROWS, "bench-small", rng)}
    db.session.commit()

    # Settings through the service, as an organiser saves them. The big lists' capacity is exactly
    # the places held, so that saving them offers no place to anyone waiting.
    for event, places in ((big, counts["big"][CONFIRMED] + counts["big"][OFFERED]),
                          (small, counts["small"][CONFIRMED] + counts["small"][OFFERED]), (rush, CAPACITY)):
        services.save_settings(event, {"is_open": True, "capacity": places, "offer_hours": 48, "opens_at": None,
                                       "closes_at": event.starts_at - timedelta(days=1)})
    return {"rush": {"slug": RUSH_SLUG, "capacity": CAPACITY, "users": USERS},
            "big": {"slug": BIG_LIST_SLUG, "rows": EXPORT_ROWS, "statuses": counts["big"]},
            "small": {"slug": SMALL_LIST_SLUG, "rows": SMALL_ROWS, "statuses": counts["small"]},
            "organiser": ORGANISER_EMAIL, "password": PASSWORD}


def main() -> None:
    from factory import create_app

    with create_app().app_context():
        if db.engine.dialect.name != "postgresql":
            raise SystemExit("bench.registration_data: the registration benchmark runs on PostgreSQL only.")
        if db.session.scalar(select(func.count(Event.id))):
            raise SystemExit("bench.registration_data: the database already has events; it needs an empty one.")
        built = build()
    json.dump(built, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
