"""Booth material: its owner adds, changes and removes it; its files are served through a permission check;
the fair's organisers decide on it, and on submitted booths, in the moderation queue."""
from functools import wraps

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core import uploads
from core.extensions import db
from showcase import fairs, materials, moderation
from showcase.material_forms import DecisionForm, MaterialEditForm, MaterialForm
from showcase.models import APPROVED, Booth, MaterialItem
from showcase.permissions import booth_owner, fair_organiser
from events.permissions import part_of
from showcase.views import bp

#: Images are cached by the reader's browser only; their address changes with the file (see material_url).
IMAGE_CACHE = "private, max-age=86400"


@bp.app_context_processor
def material_helpers():
    return {"material_kind_names": materials.KIND_NAMES, "material_status_names": materials.STATUS_NAMES,
            "material_url": material_url, "megabytes": materials.megabytes, "file_size": materials.file_size,
            "video_link": materials.video_link, "video_host_name": materials.video_host_name,
            "thumbnail_size": materials.thumbnail_size, "allowed_material_kinds": materials.allowed_kinds_text}


def material_url(item: MaterialItem, variant: str = "file") -> str:
    """The address of an item's file or thumbnail; `v` changes when the file is replaced, so a browser's
    cached copy of the old one is never shown for the new."""
    name = item.thumbnail_name if variant == "thumbnail" else item.file_name
    return url_for("showcase.material_file", item_id=item.id, variant=variant, v=(name or "")[:8])


def readable_material(view):
    """An item's stored file: to anyone once it is public (approved, on a public booth of a visible fair),
    before that only to the booth's people and the fair's organisers. Anyone else gets a 404."""

    @wraps(view)
    def wrapped(item_id, **kwargs):
        item = db.session.get(MaterialItem, item_id)
        if item is None or not materials.can_read(item, current_user):
            abort(404)
        return view(item=item, **kwargs)

    wrapped.required_roles = ("material:reader",)
    return wrapped


def _booth_page(booth):
    return redirect(url_for("showcase.edit_booth", booth_id=booth.id, _anchor="material"))


def _own_item(booth, item_id: int) -> MaterialItem:
    item = materials.item_of(booth, item_id)
    if item is None:
        abort(404)
    return item


def _show_refusal(form, error: materials.MaterialRefused) -> None:
    if error.field in form:
        form[error.field].errors = list(form[error.field].errors) + [error.message]
    else:
        form.form_errors.append(error.message)


@bp.route("/showcase/booths/<int:booth_id>/materials/new", methods=["GET", "POST"])
@booth_owner
def add_material(booth):
    settings = fairs.settings_of(booth.event)
    form = MaterialForm(kinds=materials.kind_choices(settings))
    if form.validate_on_submit():
        try:
            item = materials.add_item(booth, form.kind.data, form.title.data, upload=form.file.data,
                                      link=form.link.data)
        except materials.MaterialRefused as error:
            _show_refusal(form, error)
        else:
            flash(_("“%(title)s” is added. Visitors will see it once the organisers approve it.", title=item.title),
                  "success")
            return _booth_page(booth)
    return render_template("showcase/material_new.html", booth=booth, event=booth.event, settings=settings,
                           form=form, material_usage=materials.usage(booth, settings)), 400 if form.errors else 200


@bp.route("/showcase/booths/<int:booth_id>/materials/<int:item_id>", methods=["GET", "POST"])
@booth_owner
def edit_material(booth, item_id):
    item = _own_item(booth, item_id)
    video = materials.video_link(item)
    form = MaterialEditForm(obj=item, link=video.url if video else "")
    if form.validate_on_submit():
        was_approved = item.status == APPROVED
        try:
            changed = materials.update_item(item, form.title.data, upload=form.file.data, link=form.link.data)
        except materials.MaterialRefused as error:
            _show_refusal(form, error)
        else:
            if not changed:
                flash(_("Nothing was changed."), "info")
            elif was_approved:
                flash(_("Your change is saved. The organisers look at it again: until they approve it, visitors do "
                        "not see this item."), "success")
            else:
                flash(_("Your change is saved; the organisers will look at it."), "success")
            return _booth_page(booth)
    settings = fairs.settings_of(booth.event)
    return render_template("showcase/material_edit.html", booth=booth, event=booth.event, item=item, form=form,
                           settings=settings, material_usage=materials.usage(booth, settings)), \
        400 if form.errors else 200


@bp.post("/showcase/booths/<int:booth_id>/materials/<int:item_id>/delete")
@booth_owner
def delete_material(booth, item_id):
    item = _own_item(booth, item_id)
    title = item.title
    materials.delete_item(item)
    flash(_("“%(title)s” is deleted.", title=title), "success")
    return _booth_page(booth)


@bp.get("/showcase/materials/<int:item_id>/<any(file, thumbnail):variant>")
@readable_material
def material_file(item, variant):
    name = item.thumbnail_name if variant == "thumbnail" else item.file_name
    path = uploads.path_of(materials.FOLDER, name) if name else None
    if path is None:
        abort(404)
    response = send_file(path, mimetype=uploads.CONTENT_TYPES[path.suffix[1:]],
                         download_name=materials.download_name(item), conditional=True, etag=True)
    response.headers["X-Content-Type-Options"] = "nosniff"
    # A document is read where it is, and kept by no cache on the way (as core.http.private_pdf does).
    response.headers["Cache-Control"] = "private, no-store" if path.suffix == ".pdf" else IMAGE_CACHE
    return response


# --- The organisers' moderation queue ------------------------------------------------------------------------

def _queue_page(event, failed: tuple[str, DecisionForm] | None = None):
    booths, items = moderation.pending_booths(event), moderation.pending_items(event)
    forms = {}
    for key, version in ([(f"booth-{booth.id}", moderation.booth_version(booth)) for booth in booths]
                         + [(f"item-{item.id}", moderation.item_version(item)) for item in items]):
        forms[key] = DecisionForm(formdata=None, id_prefix=key, version=version)
    if failed is not None and failed[0] in forms:
        forms[failed[0]] = failed[1]
    return render_template("showcase/moderation.html", event=event, booths=booths, items=items, forms=forms,
                           history=moderation.history(event), subject_text=moderation.subject_text,
                           pitch_versions=moderation.pitch_versions,
                           decision_names=moderation.DECISION_NAMES), 400 if failed else 200


@bp.get("/events/<slug>/fair/moderation", endpoint="moderation")
@fair_organiser
def moderation_queue(event):
    return _queue_page(event)


@bp.post("/events/<slug>/fair/moderation/items/<int:item_id>")
@fair_organiser
def decide_item(event, item_id):
    item = db.session.get(MaterialItem, item_id)
    if item is None:  # the beneficiary deleted it meanwhile
        flash(str(moderation.NOT_PENDING), "error")
        return redirect(url_for("showcase.moderation", slug=event.slug))
    if item.booth.event_id != event.id:
        abort(404)
    key = f"item-{item.id}"
    form = DecisionForm(id_prefix=key)
    if not form.validate_on_submit():
        return _queue_page(event, (key, form))
    try:
        moderation.decide_item(item, form.approve.data, form.reason.data, current_user, form.version.data)
    except moderation.DecisionRefused as error:
        flash(str(error.message), "error")
    else:
        flash(_("“%(title)s” is approved.", title=item.title) if form.approve.data else
              _("“%(title)s” is rejected; the booth's owners are told why by e-mail.", title=item.title), "success")
    return redirect(url_for("showcase.moderation", slug=event.slug))


@bp.post("/events/<slug>/fair/moderation/booths/<int:booth_id>")
@fair_organiser
def decide_booth(event, booth_id):
    booth = part_of(event, Booth, booth_id)
    key = f"booth-{booth.id}"
    form = DecisionForm(id_prefix=key)
    if not form.validate_on_submit():
        return _queue_page(event, (key, form))
    name = booth.organisation.name if booth.organisation else booth.invited_email
    try:
        moderation.decide_booth(booth, form.approve.data, form.reason.data, current_user, form.version.data)
    except moderation.DecisionRefused as error:
        flash(str(error.message), "error")
    else:
        flash(_("The booth of %(name)s is approved; its owners are told by e-mail.", name=name) if form.approve.data
              else _("The booth of %(name)s is sent back; its owners are told why by e-mail.", name=name), "success")
    return redirect(url_for("showcase.moderation", slug=event.slug))
