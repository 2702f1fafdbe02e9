"""The organisers' pages for people they register themselves: add a participant by hand, import them from
a CSV file, and change a participant's details on their behalf. Attaches to the registration blueprint
(registration.views.bp), like registration.manage; the services are registration.people's."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user

from core.multilingual import translated
from events.models import HYBRID
from events.permissions import ORGANISER, event_role, part_of
from registration import invitations, participant_import, people
from registration.category_services import categories_of
from registration.csv_files import MAX_CSV_BYTES
from registration.models import CONFIRMED, Registration
from registration.people_forms import AddParticipantForm, DetailsForm, ImportForm, details_data
from registration.services import QuotaHeld, settings_of
from registration.views import bp
from registration.walk_ins import person_problem


@bp.route("/events/<slug>/manage/participants/add", methods=["GET", "POST"])
@event_role(ORGANISER)
def add_participant(event):
    form = AddParticipantForm(categories_of(event.id), hybrid=event.attendance_mode == HYBRID)
    problem, already = None, None
    if form.validate_on_submit():
        try:
            registration = people.add_participant(event, form.values(), form.status.data, by=current_user,
                                                  beyond_limit=form.beyond_limit.data)
        except (people.NotTaking, people.AlreadyIn, people.NoRoom, people.CategoryFull) as error:
            problem = person_problem(form, error)
            already = error.registration if isinstance(error, people.AlreadyIn) else None
            if isinstance(error, people.NoRoom):
                problem = f'{problem} {_("Tick “Confirm even if the event is full” to confirm them anyway.")}'
        else:
            flash(_("%(name)s is added and told by e-mail.", name=registration.full_name), "success")
            return redirect(url_for("registration.participant", slug=event.slug, registration_id=registration.id))
    return render_template("registration/manage/add_participant.html", event=event, form=form, problem=problem,
                           already=already), 400 if form.errors or problem else 200


@bp.route("/events/<slug>/manage/participants/import", methods=["GET", "POST"])
@event_role(ORGANISER)
def import_participants(event):
    form = ImportForm()
    report, problem = None, None
    if form.validate_on_submit():
        categories = categories_of(event.id)
        report = participant_import.read_participants(
            form.file.data.read(MAX_CSV_BYTES + 1), categories, invitations.registered_addresses(event))
        if report.file_problem:
            form.file.errors.append(report.file_problem)
        elif not report.problems and not report.people:
            form.file.errors.append(_("The file names no participant."))
        elif not report.problems:
            try:
                made = people.import_participants(event, report.people, by=current_user)
            except people.NoRoom as error:
                problem = ngettext("They do not all fit: %(num)d place is left for the %(count)d people in the file. "
                                   "Nothing was imported.",
                                   "They do not all fit: %(num)d places are left for the %(count)d people in the "
                                   "file. Nothing was imported.", error.free, count=error.needed)
            except people.CategoryFull as error:
                problem = _("The category “%(category)s” cannot take them all: its %(places)d places would be "
                            "exceeded. Nothing was imported.", category=translated(error.category, "name"),
                            places=error.category.capacity)
            except people.AlreadyIn as error:
                problem = _("%(email)s registered meanwhile. Nothing was imported: remove that row and import "
                            "again.", email=error.registration.email)
            except people.NotTaking as error:
                problem = person_problem(form, error)
            else:
                flash(ngettext("%(num)d participant imported and confirmed; each is told by e-mail.",
                               "%(num)d participants imported and confirmed; each is told by e-mail.", len(made)),
                      "success")
                return redirect(url_for("registration.participants", slug=event.slug))
    failed = form.errors or problem or (report and report.problems)
    return render_template("registration/manage/import_participants.html", event=event, form=form, report=report,
                           problem=problem, settings=settings_of(event),
                           categories=categories_of(event.id)), 400 if failed else 200


@bp.route("/events/<slug>/manage/participants/<int:registration_id>/edit", methods=["GET", "POST"])
@event_role(ORGANISER)
def edit_participant(event, registration_id):
    registration = part_of(event, Registration, registration_id)
    form = DetailsForm(categories_of(event.id), data=details_data(registration))
    if form.validate_on_submit():
        try:
            changed = people.change_details(registration, form.values(), by=current_user)
        except QuotaHeld as error:
            field = {"stakeholder_group": form.stakeholder_group, "country": form.country}.get(error.field,
                                                                                              form.country)
            field.errors.append(_("This would take a place the event holds for other participants (a quota): it "
                                  "cannot be changed while the places are held."))
        except people.CategoryFull as error:
            person_problem(form, error)
        else:
            if changed:
                flash(_("The details of %(name)s are saved, and they are told by e-mail.",
                        name=registration.full_name), "success")
            else:
                flash(_("Nothing was changed."), "info")
            return redirect(url_for("registration.participant", slug=event.slug, registration_id=registration.id))
    return render_template("registration/manage/edit_participant.html", event=event, form=form,
                           registration=registration, confirmed=registration.status == CONFIRMED), \
        400 if form.errors else 200
