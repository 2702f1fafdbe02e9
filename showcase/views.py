"""A beneficiary's pages: its organisation and IFCD projects, its booths at fairs, accepting an invitation."""
from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from core.extensions import db
from core.i18n import name_list
from core.language_fields import other_languages
from core.multilingual import translated
from core.permissions import login_required
from core.signals import event_overview_requested, home_page_requested
from core.views import safe_next
from core.vocabularies import country_name
from events.vocabulary import CONVENTION_GOALS, SDGS
from showcase import (analytics, booths, fairs, invitations, leads, materials, meetings, moderation, overview,
                      services)
from showcase.forms import MemberForm, OrganisationForm, ProjectForm, booth_form
from showcase.permissions import booth_member, booth_owner, member_role, profile_owner
from showcase.models import OrganisationMember, Project
from showcase.vocabulary import CULTURAL_DOMAINS, ORGANISATION_KINDS

# No prefix: a fair's pages live under its event (/events/<slug>/showcase), a beneficiary's under /showcase.
bp = Blueprint("showcase", __name__, cli_group=None)


@bp.app_context_processor
def event_page_boxes():
    # events/event.html includes the boxes of the packages above it; registration names its own, meetings
    # adds its box to that list, and the showcase, above both, adds its own (the last context processor's
    # list wins).
    return {"event_page_boxes": ["registration/_event_box.html", "meetings/_event_box.html",
                                 "showcase/_event_box.html"]}


@bp.record_once
def _answer_lower_pages(state):
    # The organiser's overview of a fair (events.manage) and the home page (core.views) show our figures.
    event_overview_requested.connect_via(state.app, weak=False)(overview.event_figures)
    home_page_requested.connect_via(state.app, weak=False)(overview.home_sections)


def own_project(view):
    """For IFCD beneficiaries: load the project named in the address if it is their organisation's; 404 if not."""

    @wraps(view)
    def wrapped(project_id, **kwargs):
        organisation = services.organisation_of(current_user)
        project = db.session.get(Project, project_id)
        if organisation is None or project is None or project.organisation_id != organisation.id:
            abort(404)
        return view(organisation=organisation, project=project, **kwargs)

    return profile_owner(wrapped)


@bp.route("/showcase/organisation", methods=["GET", "POST"])
@profile_owner  # an invited beneficiary fills it in before accepting (and becoming a "beneficiary")
def my_organisation():
    organisation = services.organisation_of(current_user)
    form = OrganisationForm(obj=organisation)
    if organisation is None and not form.is_submitted():
        form.name.data = request.args.get("name", "")[:200]
    if form.validate_on_submit():
        public = booths.public_booths_presenting(organisation) if organisation else []
        services.save_organisation(current_user, organisation, form.values())
        flash(_("Your organisation's profile is saved."), "success")
        _tell_if_sent_back(public)
        return redirect(safe_next(request.args.get("next"), url_for("showcase.my_organisation")))
    return _organisation_page(form, organisation, MemberForm(prefix="member"))


def _organisation_page(form, organisation, member_form):
    members = services.members_of(organisation) if organisation else []
    return render_template("showcase/organisation.html", form=form, organisation=organisation, members=members,
                           member_form=member_form, kinds=ORGANISATION_KINDS, country_name=country_name), \
        400 if form.errors or member_form.errors else 200


MEMBER_PROBLEMS = {
    "no_account": _l("Nobody has a Convene account with this address: ask them to create one, then add them."),
    "already": _l("This person speaks for your organisation already."),
    "last_owner": _l("Your organisation needs at least one owner: make someone else an owner first."),
}


@bp.post("/showcase/organisation/members")
@profile_owner
def add_member():
    organisation = services.organisation_of(current_user)
    member_form = MemberForm(prefix="member")
    if organisation is None:
        abort(404)
    if member_form.validate_on_submit():
        try:
            member = services.add_member(organisation, member_form.email.data, member_form.role.data)
        except services.MemberProblem as problem:
            member_form.email.errors.append(MEMBER_PROBLEMS[problem.state])
        else:
            flash(_("%(name)s speaks for %(organisation)s now.", name=member.user.full_name,
                    organisation=organisation.name), "success")
            return redirect(url_for("showcase.my_organisation", _anchor="members"))
    return _organisation_page(OrganisationForm(obj=organisation, formdata=None), organisation, member_form)


@bp.post("/showcase/organisation/members/<int:user_id>/remove")
@profile_owner
def remove_member(user_id):
    organisation = services.organisation_of(current_user)
    member = db.session.get(OrganisationMember, (organisation.id, user_id)) if organisation else None
    if member is None:
        abort(404)
    name = member.user.full_name
    try:
        services.remove_member(member)
    except services.MemberProblem as problem:
        flash(MEMBER_PROBLEMS[problem.state], "error")
    else:
        flash(_("%(name)s no longer speaks for your organisation.", name=name), "success")
    return redirect(url_for("showcase.my_organisation", _anchor="members"))


def _tell_if_sent_back(public_booths) -> None:
    fairs_sent_back = [translated(booth.event, "title") for booth in public_booths if not booth.is_public]
    if fairs_sent_back:
        flash(_("What visitors read changed, so your booth (%(fairs)s) went back to the organisers for review: "
                "visitors see it again once they approve it.", fairs=name_list(fairs_sent_back)), "warning")


def _project_page(form, organisation, project):
    if form.validate_on_submit():
        public = booths.public_booths_presenting(organisation, project) if project else []
        try:
            services.save_project(organisation, project, form.values())
        except services.CodeTaken:
            form.code.errors.append(_("Another organisation's project has this ID: check it against the IFCD's "
                                      "letter."))
        else:
            flash(_("The project is saved."), "success")
            _tell_if_sent_back(public)
            return redirect(url_for("showcase.my_organisation"))
    return render_template("showcase/project.html", form=form, organisation=organisation, project=project,
                           domains=CULTURAL_DOMAINS, goals=CONVENTION_GOALS, sdgs=SDGS), 400 if form.errors else 200


@bp.route("/showcase/organisation/projects/new", methods=["GET", "POST"])
@profile_owner
def new_project():
    organisation = services.organisation_of(current_user)
    if organisation is None:
        flash(_("Fill in your organisation first."), "info")
        return redirect(url_for("showcase.my_organisation"))
    return _project_page(ProjectForm(), organisation, None)


@bp.route("/showcase/organisation/projects/<int:project_id>", methods=["GET", "POST"])
@own_project
def edit_project(organisation, project):
    return _project_page(ProjectForm(obj=project), organisation, project)


@bp.get("/showcase/booths")
@login_required
def my_booths():
    return render_template("showcase/booths.html", booths=fairs.booths_of_user(current_user))


@bp.get("/showcase/booths/<int:booth_id>")
@booth_member
def edit_booth(booth):
    return _booth_page(booth, booth_form(booth))


@bp.post("/showcase/booths/<int:booth_id>")
@booth_owner  # its staff see the page; only its owner changes the booth
def save_booth(booth):
    form = booth_form(booth)
    if not form.validate_on_submit():
        return _booth_page(booth, form)
    if booths.save_booth(booth, form.pitch.data or "", form.project_id.data, other_languages(form, "pitch")):
        flash(_("The booth is saved, and sent back to the organisers for review because it presents another "
                "project: visitors see it again once they approve it."), "warning")
    elif booth.has_pitch_pending:
        flash(_("The booth is saved. Visitors keep reading the approved pitch until an organiser approves "
                "the new one."), "success")
    else:
        flash(_("The booth is saved."), "success")
    return redirect(url_for("showcase.edit_booth", booth_id=booth.id))


def _booth_page(booth, form):
    role = member_role(booth, current_user)
    event = booth.event
    context = {}
    for part in (materials, meetings, leads, analytics):
        context.update(part.booth_page_context(booth, role))
    return render_template("showcase/booth.html", booth=booth, event=event, settings=fairs.settings_of(event),
                           role=role, form=form, last_decision=moderation.last_booth_decision(booth), **context), \
        400 if form.errors else 200


@bp.post("/showcase/booths/<int:booth_id>/submit")
@booth_owner
def submit_booth(booth):
    try:
        booths.submit(booth)
    except booths.NotReady as problem:
        message = {"pitch": _("Write your pitch before you send the booth for review."),
                   "project": _("Choose the project your booth presents before you send it for review."),
                   }.get(str(problem), _("This booth has been sent for review already."))
        flash(message, "error")
    else:
        flash(_("Your booth is sent to the organisers for review. You will get an e-mail when they have "
                "looked at it."), "success")
    return redirect(url_for("showcase.edit_booth", booth_id=booth.id))


INVITATION_PROBLEMS = {
    "unknown": _l("This invitation link is not valid. Check that you copied all of it, or ask the organisers "
                  "to send it again."),
    "revoked": _l("The organisers withdrew this invitation. Write to them if you think this is a mistake."),
    "used": _l("This invitation has been accepted already. Your booth is under “My booths”."),
    "taken": _l("Your organisation has a booth at this fair already: it is under “My booths”."),
}


@bp.route("/showcase/invitations/<code>", methods=["GET", "POST"])
@login_required
def accept_invitation(code):
    """Open to anyone logged in: the code, not a role, is what lets them in (login_required sends others
    to log in or create their account, and back here)."""
    try:
        booth = invitations.booth_for_code(code, current_user)
    except invitations.InvitationProblem as problem:
        if problem.state == "someone_else":
            message = _("This invitation was sent to %(email)s. Log out and log in with that address (or "
                        "create an account with it) to accept it.", email=problem.masked_email())
        else:
            message = INVITATION_PROBLEMS[problem.state]
        return render_template("showcase/invitation.html", problem=message), 404 if problem.state == "unknown" \
            else 409
    organisation = services.organisation_of(current_user)
    if request.method == "POST" and organisation is not None:
        try:
            invitations.accept(booth, current_user, organisation)
        except invitations.InvitationProblem as problem:
            flash(INVITATION_PROBLEMS[problem.state], "error")
            return redirect(url_for("showcase.my_booths"))
        flash(_("Welcome to %(fair)s! Write your booth's pitch, add your material, then send it for review.",
                fair=translated(booth.event, "title")), "success")
        return redirect(url_for("showcase.edit_booth", booth_id=booth.id))
    return render_template("showcase/invitation.html", booth=booth, event=booth.event, organisation=organisation,
                           code=code)
