"""The showcase: for now, a beneficiary's own organisation and IFCD projects (booths arrive next)."""
from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.extensions import db
from core.permissions import role_required
from core.vocabularies import country_name
from events.vocabulary import CONVENTION_GOALS, SDGS
from showcase import services
from showcase.forms import OrganisationForm, ProjectForm
from showcase.models import Project
from showcase.vocabulary import CULTURAL_DOMAINS, ORGANISATION_KINDS

# No prefix: a fair's pages live under its event (/events/<slug>/showcase), a beneficiary's under /showcase.
bp = Blueprint("showcase", __name__, cli_group=None)


def own_project(view):
    """For IFCD beneficiaries: load the project named in the address if it is their organisation's; 404 if not."""

    @wraps(view)
    def wrapped(project_id, **kwargs):
        organisation = services.organisation_of(current_user)
        project = db.session.get(Project, project_id)
        if organisation is None or project is None or project.organisation_id != organisation.id:
            abort(404)
        return view(organisation=organisation, project=project, **kwargs)

    return role_required("beneficiary")(wrapped)


@bp.route("/showcase/organisation", methods=["GET", "POST"])
@role_required("beneficiary")
def my_organisation():
    organisation = services.organisation_of(current_user)
    form = OrganisationForm(obj=organisation)
    if form.validate_on_submit():
        services.save_organisation(current_user, organisation, form.values())
        flash(_("Your organisation's profile is saved."), "success")
        return redirect(url_for("showcase.my_organisation"))
    return render_template("showcase/organisation.html", form=form, organisation=organisation,
                           kinds=ORGANISATION_KINDS, country_name=country_name), 400 if form.errors else 200


def _project_page(form, organisation, project):
    if form.validate_on_submit():
        try:
            services.save_project(organisation, project, form.values())
        except services.CodeTaken:
            form.code.errors.append(_("Another organisation's project has this ID: check it against the IFCD's "
                                      "letter."))
        else:
            flash(_("The project is saved."), "success")
            return redirect(url_for("showcase.my_organisation"))
    return render_template("showcase/project.html", form=form, organisation=organisation, project=project,
                           domains=CULTURAL_DOMAINS, goals=CONVENTION_GOALS, sdgs=SDGS), 400 if form.errors else 200


@bp.route("/showcase/organisation/projects/new", methods=["GET", "POST"])
@role_required("beneficiary")
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
