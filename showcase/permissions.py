"""Who may do what with a knowledge fair's booths: declared once on each view.

A booth's own pages belong to the people of its organisation (its owner edits, its staff work the
booth during the fair); anyone else gets a 404, so that booth numbers in addresses leak nothing.
"""
from functools import wraps

from flask import abort, g
from flask_login import current_user
from sqlalchemy import exists, select

from accounts.services import normalise_email
from core.extensions import db, login_manager
from events.permissions import ORGANISER, VIEWER, event_role, part_of
from showcase.models import OWNER, Booth, OrganisationMember

KNOWLEDGE_FAIR = "knowledge_fair"


def member_role(booth: Booth, user) -> str | None:
    """OWNER or STAFF if `user` speaks for the booth's organisation, else None."""
    if booth.organisation_id is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(select(OrganisationMember.role).where(
        OrganisationMember.organisation_id == booth.organisation_id, OrganisationMember.user_id == user.id))


def is_member(booth: Booth, user) -> bool:
    return member_role(booth, user) is not None


def _booth_view(owner_only: bool):
    def decorator(view):
        @wraps(view)
        def wrapped(booth_id, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            booth = db.session.get(Booth, booth_id)
            role = member_role(booth, current_user) if booth is not None else None
            if role is None or (owner_only and role != OWNER):
                abort(404)
            return view(booth=booth, **kwargs)

        wrapped.required_roles = ("booth:owner",) if owner_only else ("booth:member",)
        return wrapped

    return decorator


#: The booth's owner: its pitch, project and material.
booth_owner = _booth_view(owner_only=True)
#: Its owner and staff: scanning badges, leads, meeting requests.
booth_member = _booth_view(owner_only=False)


def may_write_profile(user) -> bool:
    """The owner of an organisation writes its profile; someone who speaks for none yet may start one if
    they are a beneficiary or hold an open invitation to a fair (they fill it in before accepting). Staff
    of an organisation do not change it."""
    roles = set(db.session.scalars(select(OrganisationMember.role).where(OrganisationMember.user_id == user.id)))
    if roles:
        return OWNER in roles
    return user.has_role("beneficiary") or db.session.scalar(select(exists().where(
        Booth.invited_email == normalise_email(user.email), Booth.accepted_at.is_(None),
        Booth.revoked_at.is_(None)))) or False


def profile_owner(view):
    """The organisation's profile and projects: see may_write_profile (403 for anyone else logged in)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not may_write_profile(current_user):
            abort(403)
        return view(*args, **kwargs)

    wrapped.required_roles = ("organisation:owner",)
    return wrapped


def fair_organiser(view):
    """An organiser's page of a knowledge fair (a 404 for any other kind of event)."""

    @wraps(view)
    def wrapped(event, **kwargs):
        if event.kind != KNOWLEDGE_FAIR:
            abort(404)
        return view(event=event, **kwargs)

    return event_role(ORGANISER)(wrapped)


#: What a page says of the booth named by `booth_id` in its address: only a public one, or also one not public
#: yet that the reader may preview (the fair's organisers, the booth's own people).
PUBLIC, PREVIEW = "public", "preview"


def fair_page(*, login: bool = False, booth: str | None = None):
    """A public page of a knowledge fair (a 404 for any other kind of event, and for a booth the reader may not
    see); with `login`, for people logged in only (others are sent to log in)."""

    def decorator(view):
        @wraps(view)
        def wrapped(event, **kwargs):
            if event.kind != KNOWLEDGE_FAIR:
                abort(404)
            if login and not current_user.is_authenticated:
                return login_manager.unauthorized()
            if booth is not None:
                found = part_of(event, Booth, kwargs.pop("booth_id"))
                if not found.is_public and not (booth == PREVIEW and may_preview(event, found)):
                    abort(404)
                kwargs["booth"] = found
            return view(event=event, **kwargs)

        checked = event_role(VIEWER)(wrapped)
        checked.required_roles = (*checked.required_roles, *(("login",) if login else ()),
                                  *((f"booth:{booth}",) if booth else ()))
        return checked

    return decorator


def may_preview(event, booth) -> bool:
    """Whether the reader may see the page of a booth that is not public yet: once it has an organisation,
    its own people and the fair's organisers (event_role has just told whether they organise it)."""
    return booth.organisation is not None and (g.can_manage_event or is_member(booth, current_user))
