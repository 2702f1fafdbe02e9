"""Beneficiaries' profiles (their organisation and its IFCD projects), and what the showcase holds about a person."""
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from core.extensions import db
from core.regions import region_of
from events.models import Event
from showcase import leads
from showcase.models import (OWNER, Bookmark, Booth, MeetingRequest, MeetingSlot, Organisation, OrganisationMember,
                             Project)


class CodeTaken(ValueError):
    """Another organisation's project has this IFCD project ID."""


def organisation_of(user) -> Organisation | None:
    """The organisation `user` speaks for, if any."""
    return db.session.scalars(select(Organisation).join(OrganisationMember)
                              .where(OrganisationMember.user_id == user.id).order_by(Organisation.id)).first()


def save_organisation(user, organisation: Organisation | None, values: dict) -> Organisation:
    """Create `user`'s organisation (they become its owner) or change it. Commits."""
    if organisation is None:
        organisation = Organisation(members=[OrganisationMember(user_id=user.id, role=OWNER)])
        db.session.add(organisation)
    for name, value in values.items():
        setattr(organisation, name, value)
    organisation.region = region_of(organisation.country)
    db.session.commit()
    return organisation


def save_project(organisation: Organisation, project: Project | None, values: dict) -> Project:
    """Add a project to the organisation or change one of its projects. Commits; CodeTaken if another
    project has the same IFCD project ID (nothing is saved then)."""
    same_code = select(Project.id).where(Project.code == values["code"])
    if project is not None:
        same_code = same_code.where(Project.id != project.id)
    if db.session.scalar(same_code) is not None:
        raise CodeTaken(values["code"])
    if project is None:
        project = Project(organisation=organisation)
        db.session.add(project)
    for name, value in values.items():
        setattr(project, name, value)
    try:
        db.session.commit()
    except IntegrityError as error:  # the same ID saved at the same moment elsewhere
        db.session.rollback()
        raise CodeTaken(values["code"]) from error
    return project


def personal_data(user) -> dict:
    """What the showcase holds about `user`, for their own data download: the organisations they speak
    for, their bookmarks, their meeting requests, and the booths that keep their details."""
    memberships = db.session.execute(select(Organisation.name, OrganisationMember.role).join(OrganisationMember)
                                     .where(OrganisationMember.user_id == user.id)).all()
    bookmarks = db.session.execute(select(Event.title, Organisation.name, Bookmark.created_at)
                                   .join(Booth, Booth.id == Bookmark.booth_id).join(Event, Event.id == Booth.event_id)
                                   .join(Organisation, Organisation.id == Booth.organisation_id)
                                   .where(Bookmark.user_id == user.id)).all()
    requests = db.session.execute(select(Event.title, Organisation.name, MeetingSlot.starts_at, MeetingRequest.status,
                                         MeetingRequest.message)
                                  .join(MeetingSlot, MeetingSlot.id == MeetingRequest.slot_id)
                                  .join(Booth, Booth.id == MeetingSlot.booth_id).join(Event, Event.id == Booth.event_id)
                                  .join(Organisation, Organisation.id == Booth.organisation_id)
                                  .where(MeetingRequest.user_id == user.id)).all()
    return {"organisations": [{"name": name, "role": role} for name, role in memberships],
            "bookmarks": [{"fair": fair, "booth": booth, "at": at.isoformat()} for fair, booth, at in bookmarks],
            "meeting_requests": [{"fair": fair, "booth": booth, "starts_at": starts.isoformat(), "status": status,
                                  "message": message} for fair, booth, starts, status, message in requests],
            **leads.personal_data(user)}


def forget(user) -> None:
    """Before `user`'s account goes: their bookmarks, meeting requests and memberships go with it, and booths
    forget their details. Deleted here, not left to ON DELETE CASCADE, which SQLite only applies with its
    foreign keys switched on. In the caller's transaction."""
    leads.forget_person(user)
    for model in (Bookmark, MeetingRequest, OrganisationMember):
        db.session.execute(delete(model).where(model.user_id == user.id))
