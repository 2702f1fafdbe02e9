"""Beneficiaries' profiles (their organisation and its IFCD projects), and what the showcase holds about a person."""
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from flask_babel import gettext as _

from accounts.services import find_user_by_email, set_role
from core.extensions import db
from core.multilingual import translated
from core.regions import region_of
from core.signals import AccountStillNeeded
from events.models import Event
from showcase import booths, leads
from showcase.models import (OWNER, Bookmark, Booth, MeetingRequest, MeetingSlot, Organisation, OrganisationMember,
                             Project)


#: What a booth's public page shows of its organisation.
PUBLIC_PROFILE = ("name", "kind", "country", "website")


class CodeTaken(ValueError):
    """Another organisation's project has this IFCD project ID."""


def organisation_of(user) -> Organisation | None:
    """The organisation `user` speaks for (the one they own, if they also work for another), if any."""
    return db.session.scalars(select(Organisation).join(OrganisationMember)
                              .where(OrganisationMember.user_id == user.id)
                              .order_by((OrganisationMember.role == OWNER).desc(), Organisation.id)).first()


def save_organisation(user, organisation: Organisation | None, values: dict) -> Organisation:
    """Create `user`'s organisation (they become its owner) or change it. Commits."""
    if organisation is None:
        organisation = Organisation(members=[OrganisationMember(user_id=user.id, role=OWNER)])
        db.session.add(organisation)
    elif _changes(organisation, {name: values[name] for name in PUBLIC_PROFILE if name in values}):
        # What the public reads on its booths' pages changed (not its contact details): reviewed again.
        for booth in booths.public_booths_presenting(organisation):
            booths.send_back(booth)
    for name, value in values.items():
        setattr(organisation, name, value)
    organisation.region = region_of(organisation.country)
    db.session.commit()
    return organisation


def _changes(item, values: dict) -> bool:
    return any(getattr(item, name) != value for name, value in values.items())


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
    elif _changes(project, values):
        for booth in booths.public_booths_presenting(organisation, project):
            booths.send_back(booth)
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
    # The fair named in the reader's language, as the other parts of the download name events.
    bookmarks = db.session.execute(select(Event, Organisation.name, Bookmark.created_at)
                                   .join(Booth, Booth.id == Bookmark.booth_id).join(Event, Event.id == Booth.event_id)
                                   .join(Organisation, Organisation.id == Booth.organisation_id)
                                   .where(Bookmark.user_id == user.id)).all()
    requests = db.session.execute(select(Event, Organisation.name, MeetingSlot.starts_at, MeetingRequest.status,
                                         MeetingRequest.message)
                                  .join(MeetingSlot, MeetingSlot.id == MeetingRequest.slot_id)
                                  .join(Booth, Booth.id == MeetingSlot.booth_id).join(Event, Event.id == Booth.event_id)
                                  .join(Organisation, Organisation.id == Booth.organisation_id)
                                  .where(MeetingRequest.user_id == user.id)).all()
    return {"organisations": [{"name": name, "role": role} for name, role in memberships],
            "bookmarks": [{"fair": str(translated(fair, "title")), "booth": booth, "at": at.isoformat()}
                          for fair, booth, at in bookmarks],
            "meeting_requests": [{"fair": str(translated(fair, "title")), "booth": booth,
                                  "starts_at": starts.isoformat(), "status": status,
                                  "message": message} for fair, booth, starts, status, message in requests],
            **leads.personal_data(user)}


def check_not_last_owner(user) -> None:
    """Before an account is deleted: an organisation with a booth at a fair must keep someone to answer for it."""
    owned = select(Organisation).join(OrganisationMember).where(OrganisationMember.user_id == user.id,
                                                                OrganisationMember.role == OWNER)
    for organisation in db.session.scalars(owned):
        owners = [member for member in organisation.members if member.role == OWNER]
        has_booth = db.session.scalar(select(Booth.id).where(Booth.organisation_id == organisation.id).limit(1))
        if len(owners) == 1 and has_booth is not None:
            raise AccountStillNeeded(_("You are the only owner of “%(organisation)s”, which has a booth at a "
                                       "knowledge fair: under “My organisation”, make a colleague an owner first.",
                                       organisation=organisation.name))


def forget(user) -> None:
    """Before `user`'s account goes: their bookmarks, meeting requests and memberships go with it, and booths
    forget their details. Deleted here, not left to ON DELETE CASCADE, which SQLite only applies with its
    foreign keys switched on. In the caller's transaction."""
    leads.forget_person(user)
    for model in (Bookmark, MeetingRequest, OrganisationMember):
        db.session.execute(delete(model).where(model.user_id == user.id))


class MemberProblem(ValueError):
    """Why a person cannot be added or removed: `state` is no_account, already or last_owner."""

    def __init__(self, state: str):
        super().__init__(state)
        self.state = state


def members_of(organisation: Organisation) -> list[OrganisationMember]:
    return db.session.scalars(select(OrganisationMember).where(OrganisationMember.organisation_id == organisation.id)
                              .options(selectinload(OrganisationMember.user))
                              .order_by(OrganisationMember.role.desc(), OrganisationMember.user_id)).all()


def add_member(organisation: Organisation, email: str, role: str) -> OrganisationMember:
    """Someone with a Convene account speaks for the organisation too: as its staff (they scan badges and
    answer meeting requests at its booths) or as an owner. They become a beneficiary. Commits."""
    user = find_user_by_email(email)
    if user is None:
        raise MemberProblem("no_account")
    if db.session.get(OrganisationMember, (organisation.id, user.id)) is not None:
        raise MemberProblem("already")
    member = OrganisationMember(organisation_id=organisation.id, user_id=user.id, role=role)
    db.session.add(member)
    if not user.has_role("beneficiary"):
        set_role(user, "beneficiary", True)  # commits the membership with the role
    else:
        db.session.commit()
    return member


def remove_member(member: OrganisationMember) -> None:
    owners = [other for other in member.organisation.members if other.role == OWNER]
    if member.role == OWNER and len(owners) == 1:
        raise MemberProblem("last_owner")
    db.session.delete(member)
    db.session.commit()
