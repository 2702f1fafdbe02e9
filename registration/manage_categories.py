"""The organisers' pages for an event's participant categories. Its routes attach to the registration
blueprint (registration.views.bp); factory.register_blueprints imports this module."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _, ngettext

from core.language_fields import missing_notes
from events.permissions import ORGANISER, event_role, part_of
from registration import category_services
from registration.categories import ADMISSIONS, ParticipantCategory
from registration.category_forms import category_form
from registration.views import bp


@bp.route("/events/<slug>/manage/categories", methods=["GET", "POST"])
@event_role(ORGANISER)
def manage_categories(event):
    form = category_form(event)
    if form.validate_on_submit():
        try:
            category = category_services.add_category(event, form.values(), form.translations())
        except category_services.CategoryProblem as problem:
            form[problem.field].errors.append(problem.message)
        else:
            flash(_("The category is added."), "success")
            _say_missing(form, category)
            return redirect(url_for("registration.manage_categories", slug=event.slug))
    return _categories_page(event, form), 400 if form.errors else 200


def _categories_page(event, form):
    categories = category_services.categories_of(event.id)
    return render_template("registration/manage/categories.html", event=event, form=form, categories=categories,
                           admissions=ADMISSIONS, counts=category_services.counts_by_category(event.id),
                           presets_missing=category_services.presets_missing(event.id))


def _say_missing(form, category) -> None:
    for note in missing_notes(form, category):
        flash(note, "info")


@bp.post("/events/<slug>/manage/categories/presets")
@event_role(ORGANISER)
def add_category_presets(event):
    added = category_services.add_presets(event)
    flash(ngettext("%(num)d meeting category is added.", "%(num)d meeting categories are added.", added) if added
          else _("The event has all the meeting categories already."), "success" if added else "info")
    return redirect(url_for("registration.manage_categories", slug=event.slug))


@bp.route("/events/<slug>/manage/categories/<int:category_id>", methods=["GET", "POST"])
@event_role(ORGANISER)
def edit_category(event, category_id):
    category = part_of(event, ParticipantCategory, category_id)
    form = category_form(event, category)
    if form.validate_on_submit():
        try:
            category_services.update_category(category, form.values(), form.translations())
        except category_services.CategoryProblem as problem:
            form[problem.field].errors.append(problem.message)
        else:
            flash(_("The category is saved."), "success")
            _say_missing(form, category)
            return redirect(url_for("registration.manage_categories", slug=event.slug))
    return render_template("registration/manage/category.html", event=event, form=form, category=category), \
        400 if form.errors else 200


@bp.post("/events/<slug>/manage/categories/<int:category_id>/<any(up, down, remove):action>")
@event_role(ORGANISER)
def change_category(event, category_id, action):
    category = part_of(event, ParticipantCategory, category_id)
    if action == "remove":
        try:
            category_services.delete_category(category)
        except category_services.CategoryProblem as problem:
            flash(problem.message, "error")
        else:
            flash(_("The category is removed."), "success")
    else:
        category_services.move_category(category, -1 if action == "up" else 1)
    return redirect(url_for("registration.manage_categories", slug=event.slug))
