"""Visitors' bookmarked booths: kept across fairs, shown while the booth is public."""
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from core.extensions import db
from events import services as events
from events.models import Event
from showcase.models import PUBLIC_BOOTH_STATUSES, Booth, Bookmark, BoothPlace


def is_bookmarked(booth: Booth, user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.get(Bookmark, (user.id, booth.id)) is not None


def toggle(booth: Booth, user) -> bool:
    """Bookmark the booth for `user`, or remove the bookmark they have; True if it is bookmarked now. Commits."""
    removed = db.session.execute(delete(Bookmark).where(Bookmark.user_id == user.id,
                                                        Bookmark.booth_id == booth.id)).rowcount
    if removed:
        db.session.commit()
        return False
    db.session.add(Bookmark(user_id=user.id, booth_id=booth.id))
    try:
        db.session.commit()
    except IntegrityError:  # the same button pressed twice at once: the first press bookmarked it
        db.session.rollback()
    return True


def bookmarked_booths(user) -> list[Booth]:
    """The person's bookmarked booths that the public may see, fair by fair (soonest first), in the order
    they were bookmarked."""
    booths = db.session.scalars(
        select(Booth).join(Bookmark, Bookmark.booth_id == Booth.id).join(Event, Event.id == Booth.event_id)
        .where(Bookmark.user_id == user.id, Booth.status.in_(PUBLIC_BOOTH_STATUSES))
        .options(selectinload(Booth.event), selectinload(Booth.organisation), selectinload(Booth.project),
                 selectinload(Booth.place).selectinload(BoothPlace.zone))
        .order_by(Event.starts_at, Event.id, Bookmark.created_at)).all()
    # A fair taken back to draft or made private takes its booths out of the list with it.
    return [booth for booth in booths if events.is_visible_to_public(booth.event)]
