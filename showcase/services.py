"""Beneficiaries' profiles: their organisation and its IFCD projects."""
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.extensions import db
from core.regions import region_of
from showcase.models import OWNER, Organisation, OrganisationMember, Project


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
