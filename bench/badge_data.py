"""The data the badge and check-in benchmarks run on, added to the benchmark database after the public
pages were loaded (so that their figures and query counts are those of bench/data.py alone).

- The badges: an event with BADGES confirmed registrations inserted in bulk, each with an account, names
  in Latin with accents, Arabic, Chinese, Japanese, Cyrillic and Vietnamese (bench/people.py). The batch
  is all of them, as "Print all badges" prints them; the first is the participant who downloads their
  own badge.
- The door: an event with PEOPLE confirmed registrations made the same way, a check-in device of it with
  its token, and the people's signed badge codes that the check-in load posts: WARMUP_CODES of them for
  wrk's warm-up, the others for the measured run, each person in one file only, so that the measured run
  starts with people not yet checked in.

The codes are signed with the SECRET_KEY of this process's environment: bench/run gives the served app
the same one, or every scan would answer "invalid".

Sizes come from the environment so that the benchmark can be tried small first (bench/run passes them
on): BENCH_BADGES (1000 badges in the batch), BENCH_CHECKIN_PEOPLE (5000 people at the door).

Run as `python -m bench.badge_data WORK_DIR` against the benchmark database; writes the codes to
WORK_DIR/checkin-codes.txt and WORK_DIR/checkin-warmup-codes.txt and prints JSON for bench/run and
bench/report.py, the device token among it.
"""
from datetime import timedelta
import json
import os
from pathlib import Path
import random
import sys

from sqlalchemy import func, select

from bench.registration_data import add_registrations, make_event
from core.extensions import db
from core.models import utcnow
from events.models import Event
from registration import desk_access
from registration.badges import confirmed
from registration.codes import make_code
from registration.models import CONFIRMED, Registration

BADGES_SLUG, DOOR_SLUG = "bench-badges", "bench-door"
BADGES = int(os.environ.get("BENCH_BADGES", "1000"))
PEOPLE = int(os.environ.get("BENCH_CHECKIN_PEOPLE", "5000"))
#: Enough for wrk's one-second warm-up; it starts over when it runs out, which is no matter there.
WARMUP_CODES = max(min(1000, PEOPLE // 5), 1)
#: How the names of the batch are written, for the report: the Unicode blocks of each script.
SCRIPTS = {
    "Latin with accents": [(0x00C0, 0x024F), (0x1E00, 0x1EFF)],
    "Arabic": [(0x0600, 0x06FF)],
    "Chinese or Japanese": [(0x3040, 0x30FF), (0x4E00, 0x9FFF)],
    "Cyrillic": [(0x0400, 0x04FF)],
}


def _confirmed_event(slug: str, title: str, people: int, prefix: str) -> Event:
    """An event with `people` confirmed registrations, each with an account (bench.people's password)
    whose e-mail is <prefix>-000000@example.org and on."""
    event = make_event(slug, title, 45)
    db.session.add(event)
    db.session.flush()
    add_registrations(event, people, prefix, random.Random(0), shares=[(CONFIRMED, 1)])
    db.session.commit()
    return event


def _scripts(names: list[str]) -> dict[str, int]:
    """How many of `names` have a letter in each script of SCRIPTS."""
    return {script: sum(any(low <= ord(char) <= high for char in name for low, high in ranges) for name in names)
            for script, ranges in SCRIPTS.items()}


def build(work: Path) -> dict:
    badges = _confirmed_event(BADGES_SLUG, "Benchmark summit: badges", BADGES, "bench-badge")
    batch = db.session.scalars(confirmed(badges.id)).all()
    participant = min(batch, key=lambda registration: registration.id)

    door = _confirmed_event(DOOR_SLUG, "Benchmark summit: the door", PEOPLE, "bench-door")
    # Under way while the benchmark runs: the desk records check-ins only on the event's days.
    door.starts_at, door.ends_at = utcnow() - timedelta(hours=1), utcnow() + timedelta(hours=8)
    db.session.commit()
    _, token = desk_access.issue_device(door, "Benchmark scanner", by=None)
    people = db.session.execute(select(Registration.id, Registration.badge_version)
                                .where(Registration.event_id == door.id).order_by(Registration.id)).all()
    codes = [make_code(door.id, registration_id, version) for registration_id, version in people]
    (work / "checkin-warmup-codes.txt").write_text("\n".join(codes[:WARMUP_CODES]) + "\n")
    (work / "checkin-codes.txt").write_text("\n".join(codes[WARMUP_CODES:]) + "\n")

    return {"badges": {"slug": BADGES_SLUG, "event_id": badges.id, "badges": len(batch),
                       "scripts": _scripts([registration.full_name for registration in batch]),
                       "participant": {"registration_id": participant.id, "email": participant.email}},
            "door": {"slug": DOOR_SLUG, "event_id": door.id, "people": PEOPLE, "device_token": token,
                     "warmup_codes": WARMUP_CODES, "codes": len(codes) - WARMUP_CODES}}


def main(args: list[str]) -> None:
    from factory import create_app

    work = Path(args[0])
    with create_app().app_context():
        if BADGES < 1 or PEOPLE < 10:
            raise SystemExit("bench.badge_data: BENCH_BADGES must be 1 or more, BENCH_CHECKIN_PEOPLE 10 or more.")
        if db.session.scalar(select(func.count(Event.id)).where(Event.slug.in_([BADGES_SLUG, DOOR_SLUG]))):
            raise SystemExit("bench.badge_data: the database already has the badge benchmark's events.")
        built = build(work)
    json.dump(built, sys.stdout, indent=2, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
