"""Delegations' pages, on the meetings blueprint (meetings.views.bp): the organiser's delegations page, the
focal point's link and pages, and the member's personal link to their registration form."""
from flask import abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _, lazy_gettext as _l, ngettext
from flask_login import current_user

from accounts.services import normalise_email
from core import uploads
from core.extensions import db
from core.models import utcnow
from core.overview import HomeSection
from core.permissions import login_required
from core.signals import category_removing, home_page_requested
from events.permissions import ORGANISER, event_role, part_of
from meetings import delegations, nominations, visas
from meetings.delegation_forms import (CredentialsDecisionForm, CredentialsForm, DeadlineForm, FocalPointForm,
                                       MemberForm)
from meetings.models import CREDENTIALS_STATUSES, ROLES, Delegation, FocalPoint, Nomination
from meetings.permissions import focal_point, member_of, personal_link
from meetings.settings import settings_of
from meetings.views import bp
from registration import seats, services as registration_services
from registration.forms import registration_form
from registration.models import CANCELLED, CONFIRMED, PENDING, STATUSES
from registration.questions import questions_of


@bp.record_once
def _answer_the_home_page(state):
    home_page_requested.connect_via(state.app, weak=False)(_home_sections)
    # Registration asks before removing a participant category: a delegation's category stays.
    category_removing.connect_via(state.app, weak=False)(delegations.category_in_use)


def _home_sections(sender, user) -> list:
    """A focal point finds their delegations on their home page (nothing for everyone else)."""
    mine = [delegation for delegation in delegations.delegations_for(user) if delegation.event.ends_at > utcnow()]
    return [HomeSection(_("Delegations you nominate"), "meetings/_home_delegations.html", mine, order=20)] \
        if mine else []


@bp.app_context_processor
def delegation_vocabulary():
    return {"member_roles": ROLES,
            "credentials_statuses": CREDENTIALS_STATUSES,
            "member_states": {**STATUSES, **delegations.MEMBER_STATES}}


# ---- The organiser's page -----------------------------------------------------------------------------

@bp.route("/events/<slug>/manage/delegations", methods=["GET", "POST"])
@event_role(ORGANISER)
def manage_delegations(event):
    settings = settings_of(event)
    closes_at = settings.nominations_close_at if settings else None
    deadline = DeadlineForm(prefix="deadline", event=event, data={
        "nominations_close_at": closes_at.astimezone(event.zone).replace(tzinfo=None) if closes_at else None})
    categories = delegations.nomination_categories(event)
    naming = FocalPointForm(prefix="focal", categories=categories)
    status = 200
    if deadline.save_deadline.data and deadline.validate_on_submit():
        delegations.save_deadline(event, deadline.moment)
        flash(_("The nominations deadline is saved."), "success")
        return redirect(url_for("meetings.manage_delegations", slug=event.slug))
    if naming.name_focal_point.data and naming.validate_on_submit():
        try:
            named = delegations.name_focal_point(event, by=current_user, **naming.values())
        except delegations.DelegationError as error:
            naming[error.field or "email"].errors.append(error.message)
        else:
            flash(_("%(name)s is named focal point of %(delegation)s: the invitation is on its way.",
                    name=named.full_name or named.email, delegation=delegations.name_of(named.delegation)), "success")
            return redirect(url_for("meetings.manage_delegations", slug=event.slug))
    if deadline.errors or naming.errors:
        status = 400
    return render_template("meetings/manage/delegations.html", event=event, deadline_form=deadline,
                           naming_form=naming, delegations=delegations.delegations_of(event),
                           deadline=delegations.deadline_of(event), decision_form=CredentialsDecisionForm(),
                           name_of=delegations.name_of, member_state=delegations.member_state), status


def _focal_point_of(event, focal_point_id: int) -> FocalPoint:
    found = db.session.get(FocalPoint, focal_point_id)
    if found is None or found.delegation.event_id != event.id:
        abort(404)
    return found


@bp.post("/events/<slug>/manage/delegations/focal-points/<int:focal_point_id>/<any(resend, revoke):action>")
@event_role(ORGANISER)
def change_focal_point(event, focal_point_id, action):
    named = _focal_point_of(event, focal_point_id)
    if action == "resend":
        delegations.resend_focal_point(named)
        flash(_("A new link is on its way to %(email)s; the earlier one no longer works.", email=named.email),
              "success")
    else:
        delegations.revoke_focal_point(named)
        flash(_("%(email)s is no longer a focal point: their link and pages no longer work.", email=named.email),
              "success")
    return redirect(url_for("meetings.manage_delegations", slug=event.slug))


@bp.get("/events/<slug>/manage/delegations/<int:delegation_id>/credentials.pdf")
@event_role(ORGANISER)
def delegation_credentials(event, delegation_id):
    delegation = part_of(event, Delegation, delegation_id)
    path = uploads.path_of(delegations.CREDENTIALS, delegation.credentials) if delegation.credentials else None
    if path is None:
        abort(404)
    response = send_file(path, mimetype="application/pdf", max_age=0, conditional=True, etag=True,
                         download_name=f"credentials-{delegation.country or delegation.id}.pdf")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/events/<slug>/manage/delegations/<int:delegation_id>/credentials")
@event_role(ORGANISER)
def decide_credentials(event, delegation_id):
    delegation = part_of(event, Delegation, delegation_id)
    form = CredentialsDecisionForm()
    if form.validate_on_submit():
        accept = bool(form.accept.data)
        try:
            delegations.decide_credentials(delegation, accept, form.reason.data or "", by=current_user)
        except delegations.DelegationError as error:
            flash(error.message, "error")
        else:
            flash(_("The credentials of %(delegation)s are accepted.", delegation=delegations.name_of(delegation))
                  if accept else _("The credentials of %(delegation)s are refused: its focal points are told why.",
                                   delegation=delegations.name_of(delegation)), "success")
    else:
        flash(" ".join(str(error) for errors in form.errors.values() for error in errors), "error")
    return redirect(url_for("meetings.manage_delegations", slug=event.slug) + f"#delegation-{delegation.id}")


@bp.post("/events/<slug>/manage/delegations/<int:delegation_id>/approve")
@event_role(ORGANISER)
def approve_delegation(event, delegation_id):
    delegation = part_of(event, Delegation, delegation_id)
    try:
        outcome = delegations.approve_delegation(delegation, by=current_user)
    except delegations.DelegationError as error:
        flash(error.message, "error")
    else:
        flash(_("%(delegation)s is approved. Members who complete their registration later are approved then.",
                delegation=delegations.name_of(delegation)), "success")
        if outcome[CONFIRMED]:
            flash(ngettext("%(num)d member's place is confirmed.", "%(num)d members' places are confirmed.",
                           outcome[CONFIRMED]), "success")
        if outcome.get("waitlisted"):
            flash(ngettext("%(num)d member is on the waiting list: the event is full.",
                           "%(num)d members are on the waiting list: the event is full.", outcome["waitlisted"]),
                  "warning")
    return redirect(url_for("meetings.manage_delegations", slug=event.slug) + f"#delegation-{delegation.id}")


@bp.get("/events/<slug>/manage/delegations/<int:delegation_id>/members/<int:nomination_id>/withdraw")
@event_role(ORGANISER)
def confirm_withdraw_member(event, delegation_id, nomination_id):
    """One step before withdrawing: the member's registration is cancelled and their place given on."""
    delegation = part_of(event, Delegation, delegation_id)
    nomination = member_of(delegation, nomination_id)
    back = url_for("meetings.manage_delegations", slug=event.slug) + f"#delegation-{delegation.id}"
    if nomination.withdrawn_at is not None:
        flash(_("This member has already been withdrawn or replaced."), "info")
        return redirect(back)
    return _confirm_withdraw(delegation, nomination, back, url_for(
        "meetings.withdraw_member", slug=event.slug, delegation_id=delegation.id, nomination_id=nomination.id))


def _confirm_withdraw(delegation, nomination, back: str, action: str, replace: str | None = None):
    return render_template("meetings/withdraw_member.html", delegation=delegation, nomination=nomination,
                           event=delegation.event, name=delegations.name_of(delegation), back=back, action=action,
                           replace=replace)


@bp.post("/events/<slug>/manage/delegations/<int:delegation_id>/members/<int:nomination_id>/withdraw")
@event_role(ORGANISER)
def withdraw_member(event, delegation_id, nomination_id):
    """The organisers withdraw a member, after the nominations deadline too."""
    delegation = part_of(event, Delegation, delegation_id)
    nomination = member_of(delegation, nomination_id)
    delegations.withdraw_member(nomination, by=current_user, as_organiser=True)
    flash(_("%(name)s is withdrawn from the delegation.", name=nomination.full_name), "success")
    return redirect(url_for("meetings.manage_delegations", slug=event.slug) + f"#delegation-{delegation.id}")


# ---- The focal point's pages --------------------------------------------------------------------------

LINK_PROBLEMS = {
    "unknown": _l("This link is not valid. Check that you opened the whole link from the e-mail: a link sent "
                  "again replaces the one before. Otherwise ask the organisers or your focal point to send it "
                  "again."),
    "revoked": _l("The organisers have withdrawn this focal point's invitation: the link no longer works."),
    "withdrawn": _l("Your focal point has withdrawn this nomination: the link no longer works. If this is a "
                    "mistake, write to your focal point."),
    "someone_else": _l("This link is personal: it was sent to %(email)s. Log in with that address (or create an "
                       "account with it) and open the link again."),
}


def _link_problem(error: delegations.LinkError):
    message = LINK_PROBLEMS[error.state]
    if error.state == "someone_else":
        message = message % {"email": error.masked_email()}
    return render_template("meetings/link_problem.html", message=message), 403 if error.state != "unknown" else 404


@bp.get("/delegations/join/<code>")
@personal_link
def join_delegation(code):
    try:
        joined = delegations.focal_point_for(code, current_user)
    except delegations.LinkError as error:
        return _link_problem(error)
    flash(_("You are a focal point of %(delegation)s: nominate its members here.",
            delegation=delegations.name_of(joined.delegation)), "success")
    return redirect(url_for("meetings.delegation", delegation_id=joined.delegation_id))


@bp.get("/delegations")
@login_required
def my_delegations():
    return render_template("meetings/my_delegations.html", delegations=delegations.delegations_for(current_user),
                           name_of=delegations.name_of, active_members=delegations.active_members)


@bp.route("/delegations/<int:delegation_id>", methods=["GET", "POST"])
@focal_point
def delegation(delegation):
    member_form, credentials_form = MemberForm(prefix="member"), CredentialsForm(prefix="credentials")
    if member_form.add_member.data and member_form.validate_on_submit():
        try:
            added = delegations.add_member(delegation, member_form.values(), by=current_user)
        except delegations.DelegationError as error:
            _say_refusal(member_form, error)
        else:
            flash(_("%(name)s is nominated: their personal link is on its way to %(email)s.", name=added.full_name,
                    email=added.email), "success")
            return redirect(url_for("meetings.delegation", delegation_id=delegation.id))
    if credentials_form.upload_credentials.data and credentials_form.validate_on_submit():
        delegations.store_credentials(delegation, credentials_form.document)
        flash(_("The credentials letter is sent to the organisers."), "success")
        return redirect(url_for("meetings.delegation", delegation_id=delegation.id))
    return _delegation_page(delegation, member_form, credentials_form)


def _say_refusal(form, error: delegations.DelegationError) -> None:
    """On the field it concerns, or at the top of the page (the deadline: the form may not even be shown)."""
    if error.field:
        form[error.field].errors.append(error.message)
    else:
        flash(error.message, "error")
    g.refused = True


def _delegation_page(delegation, member_form, credentials_form):
    return render_template("meetings/delegation.html", delegation=delegation, event=delegation.event,
                           member_form=member_form, credentials_form=credentials_form,
                           name=delegations.name_of(delegation), member_state=delegations.member_state,
                           is_open=delegations.nominations_open(delegation.event),
                           deadline=delegations.deadline_of(delegation.event)), \
        400 if member_form.errors or credentials_form.errors or g.get("refused") else 200


@bp.post("/delegations/<int:delegation_id>/members/<int:nomination_id>/<any(withdraw, resend):action>")
@focal_point
def change_member(delegation, nomination, action):
    try:
        if action == "withdraw":
            delegations.withdraw_member(nomination, by=current_user)
            flash(_("%(name)s is withdrawn from the delegation.", name=nomination.full_name), "success")
        else:
            delegations.resend_member(nomination)
            flash(_("A new link is on its way to %(email)s; the earlier one no longer works.",
                    email=nomination.email), "success")
    except delegations.DelegationError as error:
        flash(error.message, "error")
    return redirect(url_for("meetings.delegation", delegation_id=delegation.id))


@bp.get("/delegations/<int:delegation_id>/members/<int:nomination_id>/withdraw")
@focal_point
def confirm_withdraw(delegation, nomination):
    """One step before withdrawing (the form posts to change_member); refused where the withdrawal would be."""
    back = url_for("meetings.delegation", delegation_id=delegation.id)
    if nomination.withdrawn_at is not None:
        flash(_("This member has already been withdrawn or replaced."), "info")
        return redirect(back)
    if not delegations.nominations_open(delegation.event):
        flash(delegations.closed_message(delegation.event), "error")
        return redirect(back)
    return _confirm_withdraw(delegation, nomination, back, url_for(
        "meetings.change_member", delegation_id=delegation.id, nomination_id=nomination.id, action="withdraw"),
        url_for("meetings.replace_member", delegation_id=delegation.id, nomination_id=nomination.id))


@bp.route("/delegations/<int:delegation_id>/members/<int:nomination_id>/replace", methods=["GET", "POST"])
@focal_point
def replace_member(delegation, nomination):
    if nomination.withdrawn_at is not None:
        flash(_("This member has already been withdrawn or replaced."), "error")
        return redirect(url_for("meetings.delegation", delegation_id=delegation.id))
    form = MemberForm(data={"role": nomination.role})
    if form.validate_on_submit():
        try:
            added = delegations.add_member(delegation, form.values(), by=current_user, replacing=nomination)
        except delegations.DelegationError as error:
            _say_refusal(form, error)
        else:
            flash(_("%(new)s replaces %(old)s: their personal link is on its way.", new=added.full_name,
                    old=nomination.full_name), "success")
            return redirect(url_for("meetings.delegation", delegation_id=delegation.id))
    return render_template("meetings/replace_member.html", delegation=delegation, nomination=nomination, form=form,
                           name=delegations.name_of(delegation), event=delegation.event), \
        400 if form.errors or g.get("refused") else 200


# ---- The member's personal link -----------------------------------------------------------------------

@bp.route("/nominations/<code>", methods=["GET", "POST"])
@personal_link
def complete_nomination(code):
    try:
        nomination = nominations.nomination_for(code)
    except delegations.LinkError as error:
        return _link_problem(error)
    if nomination.email != normalise_email(current_user.email):
        return _link_problem(delegations.LinkError("someone_else", nomination.email))
    if nomination.registration is not None and nomination.registration.status != CANCELLED:
        flash(_("Your registration is complete already: here it is."), "info")
        return redirect(url_for("registration.my_registrations"))
    delegation = nomination.delegation
    event = delegation.event
    settings = registration_services.settings_of(event)
    current = registration_services.state(event, settings)
    if current != registration_services.OPEN:
        return render_template("registration/closed.html", event=event, settings=settings, state=current), 409
    questions, sessions = questions_of(event.id), seats.seat_sessions(event.id)
    # Their category is the delegation's: the form asks no category, but their title and whether they may be
    # on the public list of participants.
    form = registration_form(settings, questions, sessions, data=_starting_values(nomination, delegation),
                             exhibitor_consent=registration_services.asks_exhibitor_consent(event),
                             categories=[delegation.category] if delegation.category else (),
                             current_category=delegation.category)
    offers_visa = visas.offers_letters(event)
    if form.validate_on_submit():
        try:
            registration = nominations.complete_registration(
                nomination, current_user, form.values(), form.chosen_sessions(), photo=form.checked_photo,
                exhibitor_consent=form.exhibitor_consent_given(), listing_consent=form.listing_consent_given())
        except registration_services.RegistrationClosed as error:
            return render_template("registration/closed.html", event=event, settings=settings,
                                   state=error.state), 409
        except registration_services.AlreadyRegistered:
            flash(_("You are already registered for this event."), "info")
            return redirect(url_for("registration.my_registrations"))
        except delegations.LinkError as error:
            return _link_problem(error)
        if registration.status == CONFIRMED:
            flash(_("You are registered: your place is confirmed. The confirmation is on its way by e-mail."),
                  "success")
        elif registration.status == PENDING:
            flash(_("Thank you: your registration is complete. It is confirmed once the organisers approve your "
                    "delegation; we will e-mail you."), "info")
        if offers_visa and request.form.get("needs_visa_letter") == "yes":
            return redirect(_visa_request_url(event))
        return redirect(url_for("registration.my_registrations"))
    return render_template("meetings/complete_nomination.html", event=event, form=form, settings=settings,
                           nomination=nomination, delegation=delegation, name=delegations.name_of(delegation),
                           offers_visa=offers_visa, needs_visa=request.form.get("needs_visa_letter") == "yes",
                           # Other categories' questions: never asked of the delegation's members.
                           unasked={f"q_{question.id}" for question in questions if not form.asks(question)},
                           free_seats=seats.free_seats(event.id)), 400 if form.errors else 200


def _starting_values(nomination: Nomination, delegation: Delegation) -> dict:
    user = current_user
    return {"full_name": nomination.full_name or user.full_name, "honorific": nomination.honorific,
            "organisation": delegations.name_of(delegation) or user.organisation,
            "job_title": nomination.function or user.job_title, "country": delegation.country or user.country or "",
            # A Party's delegates speak for its government.
            "stakeholder_group": "government" if delegation.country else user.stakeholder_group or ""}


def _visa_request_url(event) -> str:
    return url_for("meetings.request_visa", slug=event.slug)

