"""The permission checks of meetings' pages, declared once per view."""
from functools import wraps

from flask import abort, render_template, request
from flask_login import current_user

from core.extensions import db
from core.permissions import login_required
from meetings import delegations
from meetings.models import Delegation, Nomination


def focal_point(view):
    """Load the delegation named by `delegation_id` for one of its focal points (not revoked) and pass it as
    `delegation`, with the member named by `nomination_id` (if the address names one) as `nomination`.

    Anyone else gets 404, before anything is read from the form: ids in addresses are guessable, and a
    delegation's existence is its own business.
    """

    @wraps(view)
    def wrapped(delegation_id, **kwargs):
        delegation = db.session.get(Delegation, delegation_id)
        if delegation is None or not delegations.is_focal_point(delegation, current_user):
            abort(404)
        if "nomination_id" in kwargs:
            kwargs["nomination"] = member_of(delegation, kwargs.pop("nomination_id"))
        return view(delegation=delegation, **kwargs)

    checked = login_required(wrapped)
    checked.required_roles = ("delegation:focal_point",)
    return checked


def member_of(delegation: Delegation, nomination_id: int) -> Nomination:
    """The delegation's member `nomination_id`; 404 if it belongs to another delegation."""
    nomination = db.session.get(Nomination, nomination_id)
    if nomination is None or nomination.delegation_id != delegation.id:
        abort(404)
    return nomination


def personal_link(view):
    """A page opened from a personal link in an e-mail: someone not logged in is asked to log in, or to
    create an account, with the address it was sent to, and comes back to the link afterwards."""

    @wraps(view)
    def wrapped(**kwargs):
        if not current_user.is_authenticated:
            return render_template("meetings/log_in_first.html", next_path=request.full_path.rstrip("?")), 401
        return view(**kwargs)

    wrapped.required_roles = ("login",)
    return wrapped
