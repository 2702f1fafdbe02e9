"""The organisers' Materials page of an event (on the events blueprint): the event's and its sessions'
materials, who sees each, the speakers' personal upload links and until when they work."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.multilingual import translated
from events import materials, upload_links
from core.language_fields import load, other_languages
from events.material_forms import UploadDeadlineForm, VisibilityForm, material_edit_form, material_form
from events.models import MATERIAL_PUBLIC, Session, SessionSpeaker
from events.permissions import ORGANISER, event_role, part_of
from events.programme import programme
from events.views import bp


def _page(event, form=None, deadline=None, status=200):
    sessions = programme(event)
    every = materials.materials_of(event)
    closes_at = event.speaker_uploads_close_at
    deadline = deadline or UploadDeadlineForm(prefix="deadline", event=event, data={
        "speaker_uploads_close_at": closes_at.astimezone(event.zone).replace(tzinfo=None) if closes_at else None})
    visibility_forms = {material.id: VisibilityForm(formdata=None, prefix=f"material-{material.id}",
                                                    visibility=material.visibility) for material in every}
    return render_template("events/manage/materials.html", event=event, sessions=sessions,
                           grouped=materials.by_session(every), visibility_forms=visibility_forms,
                           form=form or material_form(event, sessions, formdata=None),
                           deadline=deadline, closes_at=upload_links.closes_at(event),
                           upload_url=upload_links.upload_url), status


def _show_refusal(form, error: materials.MaterialRefused) -> None:
    if error.field in form:
        form[error.field].errors = list(form[error.field].errors) + [error.message]
    else:
        form.form_errors.append(error.message)


def _back(event, anchor=None):
    return redirect(url_for("events.manage_materials", slug=event.slug, _anchor=anchor))


def _material(event, material_id):
    material = materials.material_of(event, material_id)
    if material is None:
        abort(404)
    return material


@bp.route("/<slug>/manage/materials", methods=["GET", "POST"])
@event_role(ORGANISER)
def manage_materials(event):
    form = material_form(event, programme(event))
    deadline = UploadDeadlineForm(prefix="deadline", event=event)
    if deadline.save_deadline.data:
        if deadline.validate_on_submit():
            upload_links.set_deadline(event, deadline.moment)
            flash(_("The deadline for speakers' uploads is saved."), "success")
            return _back(event, "upload-links")
        return _page(event, deadline=deadline, status=400)
    if form.add_material.data:
        if form.validate_on_submit():
            session = part_of(event, Session, form.place.data) if form.place.data else None
            try:
                material = materials.add_material(event, session, form.kind.data, form.title.data,
                                                  language=form.language.data or "", visibility=form.visibility.data,
                                                  upload=form.file.data, link=form.link.data, user=current_user,
                                                  titles=other_languages(form, "title"))
            except materials.MaterialRefused as error:
                _show_refusal(form, error)
            else:
                flash(_("“%(title)s” is added.", title=material.title), "success")
                return _back(event, f"material-{material.id}")
        return _page(event, form=form, status=400)
    return _page(event)


@bp.route("/<slug>/manage/materials/<int:material_id>", methods=["GET", "POST"])
@event_role(ORGANISER)
def edit_material(event, material_id):
    material = _material(event, material_id)
    form = material_edit_form(event, obj=material)
    if not form.is_submitted():
        load(form, material)
    if form.validate_on_submit():
        try:
            changed = materials.update_material(material, form.title.data, form.language.data or "",
                                                form.visibility.data, upload=form.file.data, link=form.link.data,
                                                titles=other_languages(form, "title"))
        except materials.MaterialRefused as error:
            _show_refusal(form, error)
        else:
            flash(_("“%(title)s” is saved.", title=material.title) if changed else _("Nothing was changed."),
                  "success" if changed else "info")
            return _back(event, f"material-{material.id}")
    return render_template("events/manage/edit_material.html", event=event, material=material, form=form), \
        400 if form.errors else 200


@bp.post("/<slug>/manage/materials/<int:material_id>/visibility")
@event_role(ORGANISER)
def change_material_visibility(event, material_id):
    material = _material(event, material_id)
    form = VisibilityForm(prefix=f"material-{material.id}")
    if not form.validate_on_submit():
        flash(_("Choose who may see it."), "error")
        return _back(event, f"material-{material.id}")
    materials.set_visibility(material, form.visibility.data)
    flash(_("“%(title)s”: %(who)s.", title=material.title, who=materials.VISIBILITY_NAMES[material.visibility]),
          "success")
    return _back(event, f"material-{material.id}")


@bp.post("/<slug>/manage/materials/<int:material_id>/publish")
@event_role(ORGANISER)
def publish_material(event, material_id):
    material = _material(event, material_id)
    materials.set_visibility(material, MATERIAL_PUBLIC)
    flash(_("“%(title)s” is published: everyone sees it with the programme.", title=material.title), "success")
    return _back(event, f"material-{material.id}")


@bp.post("/<slug>/manage/materials/<int:material_id>/<any(up, down):direction>")
@event_role(ORGANISER)
def move_material(event, material_id, direction):
    material = _material(event, material_id)
    materials.move_material(material, -1 if direction == "up" else 1)
    return _back(event, f"material-{material.id}")


@bp.post("/<slug>/manage/materials/<int:material_id>/delete")
@event_role(ORGANISER)
def delete_material(event, material_id):
    material = _material(event, material_id)
    title = material.title
    materials.delete_material(material)
    flash(_("“%(title)s” is deleted.", title=title), "success")
    return _back(event)


def _session_speaker(event, session_id, speaker_id) -> SessionSpeaker:
    session = part_of(event, Session, session_id)
    link = next((link for link in session.speaker_links if link.speaker_id == speaker_id), None)
    if link is None:
        abort(404)
    return link


@bp.post("/<slug>/manage/materials/links/<int:session_id>/<int:speaker_id>/<any(send, replace):action>")
@event_role(ORGANISER)
def speaker_upload_link(event, session_id, speaker_id, action):
    link = _session_speaker(event, session_id, speaker_id)
    name, title = link.speaker.name, translated(link.session, "title")
    if action == "replace":
        upload_links.replace_link(link)
        flash(_("%(name)s has a new upload link for “%(session)s”: the one they had no longer works.", name=name,
                session=title), "success")
    elif not link.speaker.email:
        flash(str(upload_links.NO_EMAIL), "error")
    else:
        address = upload_links.mail_link(link)
        flash(_("The upload link for “%(session)s” is sent to %(name)s (%(email)s).", session=title, name=name,
                email=address), "success")
    return _back(event, f"link-{link.session_id}-{link.speaker_id}")
