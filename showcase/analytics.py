"""Booth analytics: page views, bookmarks, meeting requests and lead scans, for the booth and the organisers.

Each measure is one GROUP BY over its own table, whatever the number of booths. Meeting requests count
every request a visitor made, whatever became of it (declined and cancelled ones too): the number says
how many people wanted to meet the booth; the booth's meetings page says how many meetings there are.
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError

from core.extensions import db
from core.models import utcnow
from events import services as events
from showcase.floor_plan import place_order
from showcase.models import Booth, Bookmark, BoothView, Lead, MeetingRequest, MeetingSlot
from showcase.permissions import is_member

MEASURES = ("views", "bookmarks", "meeting_requests", "leads")


@dataclass(frozen=True)
class BoothNumbers:
    views: int = 0
    bookmarks: int = 0
    meeting_requests: int = 0
    leads: int = 0

    def __add__(self, other: "BoothNumbers") -> "BoothNumbers":
        return BoothNumbers(*(getattr(self, name) + getattr(other, name) for name in MEASURES))


def numbers(booth_ids) -> dict[int, BoothNumbers]:
    """{booth id: its numbers} for these booths (zeros for a booth with nothing yet): four queries."""
    booth_ids = list(booth_ids)
    if not booth_ids:
        return {}
    counted = {
        "views": select(BoothView.booth_id, func.sum(BoothView.views)).where(BoothView.booth_id.in_(booth_ids))
        .group_by(BoothView.booth_id),
        "bookmarks": select(Bookmark.booth_id, func.count()).where(Bookmark.booth_id.in_(booth_ids))
        .group_by(Bookmark.booth_id),
        "meeting_requests": select(MeetingSlot.booth_id, func.count(MeetingRequest.id))
        .join(MeetingRequest, MeetingRequest.slot_id == MeetingSlot.id).where(MeetingSlot.booth_id.in_(booth_ids))
        .group_by(MeetingSlot.booth_id),
        "leads": select(Lead.booth_id, func.count()).where(Lead.booth_id.in_(booth_ids)).group_by(Lead.booth_id),
    }
    values = {name: dict(db.session.execute(query).all()) for name, query in counted.items()}
    return {booth_id: BoothNumbers(*(int(values[name].get(booth_id) or 0) for name in MEASURES))
            for booth_id in booth_ids}


def total(numbers_by_booth: dict[int, BoothNumbers]) -> BoothNumbers:
    return sum(numbers_by_booth.values(), BoothNumbers())


def booth_page_context(booth, role) -> dict:
    """What templates/showcase/_booth_numbers.html needs on the beneficiary's booth page."""
    return {"numbers": numbers([booth.id])[booth.id]}


def today_at(event) -> date:
    """Today on the venue's calendar: a visit at 23:30 in Nairobi counts for that day, not the next."""
    return utcnow().astimezone(event.zone).date()


def count_view(booth: Booth, user) -> bool:
    """Count a view of the booth's public page today, unless `user` is one of the booth's people or the
    fair's organisers (they look at it to check it). True if it was counted. Commits."""
    if is_member(booth, user) or events.is_organiser(booth.event, user):
        return False
    day = today_at(booth.event)
    if not _add_to_day(booth.id, day):
        try:
            with db.session.begin_nested():
                db.session.execute(insert(BoothView).values(booth_id=booth.id, day=day, views=1))
        except IntegrityError:
            # Another visitor's first view of the day went in between our two statements: add to it.
            _add_to_day(booth.id, day)
    db.session.commit()
    return True


def _add_to_day(booth_id: int, day: date) -> bool:
    """One more view on the day's row, if there is one yet."""
    return db.session.execute(update(BoothView).where(BoothView.booth_id == booth_id, BoothView.day == day)
                              .values(views=BoothView.views + 1)).rowcount > 0


SORTS = ("booth", "place") + MEASURES


def sorted_booths(booths, numbers_by_booth: dict[int, BoothNumbers], sort: str) -> list:
    """The booths for the organisers' table: by name, by place (unplaced last), or by a measure, most first."""
    if sort == "place":
        return sorted(booths, key=place_order)
    if sort in MEASURES:
        return sorted(booths, key=lambda booth: -getattr(numbers_by_booth[booth.id], sort))  # stable: by name
    return list(booths)
