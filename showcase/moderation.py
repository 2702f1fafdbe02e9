"""The organisers' decisions on what booths show: a submitted booth (its pitch and project), a changed pitch,
each item of material. Every decision is kept (ModerationDecision); the booth's owners hear of each
rejection, and of their booth's approval, by e-mail in their language.

A decision applies to what the organiser saw (its `version`): if someone else decided first, or the
beneficiary changed it meanwhile, the decision is refused rather than applied twice or to something unseen.
"""
import hashlib
import json

from flask_babel import lazy_gettext as _l
from sqlalchemy import Text, cast, func, or_, select, update
from sqlalchemy.orm import selectinload

from accounts.models import User
from core.extensions import db
from core.mail import queue_mail
from core.multilingual import lazy_translated, translations_of
from core.urls import external_url
from core.vocabularies import language_names
from showcase.material_forms import REASON_MAX, REASON_REQUIRED
from showcase.materials import KIND_NAMES
from showcase.models import (APPROVED, ASSIGNED, DRAFTING, OWNER, PENDING, PUBLIC_BOOTH_STATUSES, REJECTED, SUBMITTED,
                             Booth, MaterialItem, ModerationDecision, Organisation, OrganisationMember)

PITCH = "pitch"  # the subject of a decision on the booth itself

NOT_PENDING = _l("This was decided already, or changed since you opened the page: nothing was done. Here is the "
                 "queue as it stands now.")
REASON_TOO_LONG = _l("At most %(max)d characters.", max=REASON_MAX)
DECISION_NAMES = {APPROVED: _l("Approved"), REJECTED: _l("Rejected")}

SUBJECTS = {
    "item_rejected": lambda event: _l("Material on your booth at %(event)s was not accepted", event=event),
    "booth_approved": lambda event: _l("Your booth at %(event)s is approved", event=event),
    "pitch_approved": lambda event: _l("The new text of your booth at %(event)s is approved", event=event),
    "booth_rejected": lambda event: _l("Your booth at %(event)s needs changes", event=event),
    "pitch_rejected": lambda event: _l("The new text of your booth at %(event)s was not accepted", event=event),
}


class DecisionRefused(ValueError):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _fingerprint(*parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def item_version(item: MaterialItem) -> str:
    """Changes whenever what the organiser judges changes: the title, the file, the link."""
    return _fingerprint(item.status, item.title, item.file_name, item.video_host, item.video_id)


def booth_version(booth: Booth) -> str:
    return _fingerprint(booth.status, booth.pitch, booth.approved_pitch, booth.project_id,
                        sorted((booth.translations or {}).items()))


def pitch_versions(booth: Booth) -> list[dict]:
    """For the organiser: the pitch in each working language it is written in, with what visitors read now
    in it (one decision approves or rejects them all)."""
    names = language_names()
    pitches, approved = translations_of(booth, "pitch"), translations_of(booth, "approved_pitch")
    return [{"language": language, "name": names.get(language, language), "pitch": pitches[language],
             "approved": approved[language]} for language in pitches if pitches[language] or approved[language]]


def _pitch_copied(booth: Booth, source: str, target: str) -> dict:
    """The booth's translations with `target` (approved_pitch or pitch) set to `source` in every language:
    approving copies the new pitch over the approved one, rejecting a new pitch the other way round."""
    copied = {}
    for language, texts in (booth.translations or {}).items():
        texts = {field: text for field, text in texts.items() if field != target}
        if texts.get(source):
            texts[target] = texts[source]
        if texts:
            copied[language] = texts
    return copied


def _unchanged_translations(booth: Booth):
    """A condition that the row's translations are still those loaded: a beneficiary's change to one of the
    pitch's languages meanwhile makes the decision refused, not applied to a text the organiser did not see.
    Compared as text: PostgreSQL's json has no equality; both sides are written by the same serializer."""
    return cast(Booth.translations, Text) == json.dumps(booth.translations or {})


def is_booth_waiting(booth: Booth) -> bool:
    return booth.status == SUBMITTED or booth.has_pitch_pending


def _maybe_waiting(event):
    """Booths submitted for approval, and approved booths whose pitch may have changed since: in its first
    language (the columns differ), or in another, which is told apart in Python (Booth.has_pitch_pending)
    since the other languages are in JSON."""
    return (Booth.event_id == event.id, or_(
        Booth.status == SUBMITTED, Booth.status.in_(PUBLIC_BOOTH_STATUSES) & (
            (Booth.pitch != Booth.approved_pitch) | (cast(Booth.translations, Text) != "{}"))))


def pending_counts(event) -> tuple[int, int]:
    """How many booths and material items wait for a decision (the organiser's overview)."""
    items = db.session.scalar(select(func.count()).select_from(MaterialItem)
                              .join(Booth, Booth.id == MaterialItem.booth_id)
                              .where(Booth.event_id == event.id, MaterialItem.status == PENDING))
    booths = sum(1 for booth in db.session.scalars(select(Booth).where(*_maybe_waiting(event)))
                 if is_booth_waiting(booth))
    return booths, items


def pending_booths(event) -> list[Booth]:
    """Booths waiting for review (submitted, or a new pitch); the longest waiting first."""
    return [booth for booth in db.session.scalars(
        select(Booth).where(*_maybe_waiting(event))
        .options(selectinload(Booth.organisation), selectinload(Booth.project))
        .order_by(Booth.submitted_at, Booth.updated_at, Booth.id)) if is_booth_waiting(booth)]


def pending_items(event) -> list[MaterialItem]:
    """Items waiting for a decision, the longest waiting first, with their booths' organisations."""
    return db.session.scalars(
        select(MaterialItem).join(Booth, Booth.id == MaterialItem.booth_id)
        .where(Booth.event_id == event.id, MaterialItem.status == PENDING)
        .options(selectinload(MaterialItem.booth).selectinload(Booth.organisation))
        .order_by(MaterialItem.updated_at, MaterialItem.id)).all()


def history(event, limit: int = 500) -> list[tuple[ModerationDecision, str]]:
    """The fair's decisions, newest first, each with the name of the booth's organisation."""
    rows = db.session.execute(
        select(ModerationDecision, Organisation.name).join(Booth, Booth.id == ModerationDecision.booth_id)
        .outerjoin(Organisation, Organisation.id == Booth.organisation_id).where(Booth.event_id == event.id)
        .options(selectinload(ModerationDecision.by))
        .order_by(ModerationDecision.at.desc(), ModerationDecision.id.desc()).limit(limit)).all()
    return [(decision, name or "") for decision, name in rows]


def last_booth_decision(booth: Booth) -> ModerationDecision | None:
    """The latest decision on the booth itself: its page shows the reason of a rejection."""
    return db.session.scalars(select(ModerationDecision).where(
        ModerationDecision.booth_id == booth.id, ModerationDecision.item_id.is_(None))
        .order_by(ModerationDecision.at.desc(), ModerationDecision.id.desc()).limit(1)).first()


def subject_text(decision: ModerationDecision) -> str:
    """What a decision was about, as the history reads it (the kind's name in the reader's language)."""
    if decision.subject == PITCH:
        return str(_l("Booth and pitch"))
    kind, _, title = decision.subject.partition(": ")
    return f"{KIND_NAMES[kind]}: {title}" if kind in KIND_NAMES else decision.subject


def _checked_reason(approve: bool, reason: str) -> str:
    reason = (reason or "").strip()
    if approve:
        return ""
    if not reason:
        raise DecisionRefused(REASON_REQUIRED)
    if len(reason) > REASON_MAX:
        raise DecisionRefused(REASON_TOO_LONG)
    return reason


def decide_item(item: MaterialItem, approve: bool, reason: str, by, version: str) -> ModerationDecision:
    """Approve the pending item (it becomes public with its booth) or reject it with a reason. Commits.

    DecisionRefused if it is no longer pending as the organiser saw it.
    """
    reason = _checked_reason(approve, reason)
    if item.status != PENDING or version != item_version(item):
        raise DecisionRefused(NOT_PENDING)
    decision = APPROVED if approve else REJECTED
    # Only if the row is still the one the organiser saw: two organisers deciding at once, or the beneficiary
    # replacing the file meanwhile, make this update find nothing.
    changed = db.session.execute(
        update(MaterialItem).where(
            MaterialItem.id == item.id, MaterialItem.status == PENDING, MaterialItem.title == item.title,
            MaterialItem.file_name.is_not_distinct_from(item.file_name),
            MaterialItem.video_id.is_not_distinct_from(item.video_id))
        .values(status=decision, reason=reason).execution_options(synchronize_session=False)).rowcount
    if changed != 1:
        db.session.rollback()
        raise DecisionRefused(NOT_PENDING)
    record = ModerationDecision(booth_id=item.booth_id, item_id=item.id, subject=f"{item.kind}: {item.title}"[:250],
                                decision=decision, reason=reason, by_user_id=by.id)
    db.session.add(record)
    if not approve:
        _tell_owners(item.booth, "item_rejected", reason=reason, item=item, kind_name=KIND_NAMES[item.kind])
    db.session.commit()
    return record


def decide_booth(booth: Booth, approve: bool, reason: str, by, version: str) -> ModerationDecision:
    """Approve a submitted booth, or an approved booth's new pitch (the public then reads it), or reject it.

    A rejected submitted booth goes back to drafting; a rejected new pitch gives way to the approved one,
    which visitors kept reading meanwhile (the owners' e-mail holds the text that was refused). Commits;
    DecisionRefused if the booth no longer waits as the organiser saw it.
    """
    reason = _checked_reason(approve, reason)
    if not is_booth_waiting(booth) or version != booth_version(booth):
        raise DecisionRefused(NOT_PENDING)
    was_submitted = booth.status == SUBMITTED
    refused_pitch = booth.pitch
    if approve:  # every language's pitch at once
        values = {"approved_pitch": booth.pitch, "translations": _pitch_copied(booth, "pitch", "approved_pitch"),
                  "status": (ASSIGNED if booth.place_id else APPROVED) if was_submitted else booth.status}
    elif was_submitted:
        values = {"status": DRAFTING}
    else:
        values = {"pitch": booth.approved_pitch, "translations": _pitch_copied(booth, "approved_pitch", "pitch")}
    changed = db.session.execute(
        update(Booth).where(Booth.id == booth.id, Booth.status == booth.status, Booth.pitch == booth.pitch,
                            Booth.approved_pitch == booth.approved_pitch, _unchanged_translations(booth),
                            Booth.project_id.is_not_distinct_from(booth.project_id))
        .values(**values).execution_options(synchronize_session=False)).rowcount
    if changed != 1:
        db.session.rollback()
        raise DecisionRefused(NOT_PENDING)
    decision = APPROVED if approve else REJECTED
    record = ModerationDecision(booth_id=booth.id, item_id=None, subject=PITCH, decision=decision, reason=reason,
                                by_user_id=by.id)
    db.session.add(record)
    what = ("booth" if was_submitted else "pitch") + ("_approved" if approve else "_rejected")
    _tell_owners(booth, what, reason=reason, refused_pitch="" if approve or was_submitted else refused_pitch)
    db.session.commit()
    return record


def _owners(booth: Booth) -> list[User]:
    return db.session.scalars(select(User).join(OrganisationMember, OrganisationMember.user_id == User.id).where(
        OrganisationMember.organisation_id == booth.organisation_id, OrganisationMember.role == OWNER)
        .order_by(User.id)).all()


def _tell_owners(booth: Booth, what: str, **context) -> None:
    event = booth.event
    link = external_url("showcase.edit_booth", booth_id=booth.id)
    for owner in _owners(booth):
        queue_mail(owner.email, SUBJECTS[what](lazy_translated(event, "title")), f"showcase_{what}", locale=owner.locale,
                   name=owner.full_name, booth=booth, event=event, organisation=booth.organisation, link=link,
                   **context)
