"""A booth's pitch and project, its submission for review, and its place on the floor."""
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.extensions import db
from core.models import utcnow
from core.multilingual import change_source_language, set_translations, translations_of
from showcase.models import APPROVED, ASSIGNED, DRAFTING, SUBMITTED, Booth, BoothPlace, FloorZone


class NotReady(ValueError):
    """The booth cannot be submitted yet: `message` says what is missing."""


class PlaceTaken(ValueError):
    """Another booth stands at this place."""


def save_booth(booth: Booth, pitch: str, project_id: int | None, translations: dict[str, str] | None = None) -> bool:
    """The owner's pitch and project; `translations`: the pitch in the fair's other working languages
    ({language: text}). An approved booth stays public with its approved pitch; the new one waits for an
    organiser (Booth.has_pitch_pending). Another project, though, is new content the public has not seen
    approved: the booth goes back for review. Returns whether it did. Commits."""
    sent_back = booth.is_public and project_id != booth.project_id
    booth.pitch, booth.project_id = pitch, project_id
    set_translations(booth, "pitch", translations or {})
    if sent_back:
        send_back(booth)
    db.session.commit()
    return sent_back


def send_back(booth: Booth) -> None:
    """An approved booth whose content changed waits for review again, out of public view (as a changed
    item does); it keeps its place. The caller commits."""
    booth.status, booth.submitted_at = SUBMITTED, utcnow()


def public_booths_presenting(organisation, project=None) -> list[Booth]:
    """The public booths that show this organisation's profile (or this project of it)."""
    query = select(Booth).where(Booth.organisation_id == organisation.id, Booth.status.in_((APPROVED, ASSIGNED)))
    if project is not None:
        query = query.where(Booth.project_id == project.id)
    return db.session.scalars(query).all()


def submit(booth: Booth) -> None:
    """Send a booth being drafted to the organisers for review. NotReady if it lacks a pitch or project."""
    if booth.status != DRAFTING:
        raise NotReady("status")
    if not any(str(text).strip() for text in translations_of(booth, "pitch").values()):
        raise NotReady("pitch")
    if booth.project_id is None:
        raise NotReady("project")
    booth.status, booth.submitted_at = SUBMITTED, utcnow()
    db.session.commit()


def free_places(event, booth: Booth | None = None) -> list[BoothPlace]:
    """The fair's places no booth stands at (and `booth`'s own), in plan order."""
    taken = select(Booth.place_id).where(Booth.event_id == event.id, Booth.place_id.is_not(None))
    if booth is not None:
        taken = taken.where(Booth.id != booth.id)
    return db.session.scalars(select(BoothPlace).join(FloorZone).where(FloorZone.event_id == event.id,
                                                                       BoothPlace.id.not_in(taken))
                              .order_by(FloorZone.position, FloorZone.code, BoothPlace.number)).all()


def assign_place(booth: Booth, place: BoothPlace | None) -> None:
    """Put the booth at `place` (None: take it off the floor). An approved booth with a place is ASSIGNED;
    one not approved yet keeps its place for when it is. PlaceTaken if another booth stands there. Commits."""
    booth.place_id = place.id if place else None
    if booth.status in (APPROVED, ASSIGNED):
        booth.status = ASSIGNED if place else APPROVED
    try:
        db.session.commit()
    except IntegrityError as error:  # UniqueConstraint(place_id): given to another booth meanwhile
        db.session.rollback()
        raise PlaceTaken(place.label if place else "") from error


def release_places(place_ids) -> None:
    """Booths at these places (about to be removed) leave the floor: ASSIGNED ones go back to APPROVED.
    The caller commits."""
    for booth in db.session.scalars(select(Booth).where(Booth.place_id.in_(place_ids))):
        booth.place_id = None
        if booth.status == ASSIGNED:
            booth.status = APPROVED


def move_first_language(event, old: str, new: str) -> None:
    """The fair's first language changed: the booths' pitches (the new one and the approved one alike, so
    that what waits for review still does) move with it (core.signals.first_language_changed)."""
    for booth in db.session.scalars(select(Booth).where(Booth.event_id == event.id)):
        change_source_language(booth, old, new, keep_unwritten=True)
