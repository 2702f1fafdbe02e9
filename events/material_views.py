"""Materials for readers (on the events blueprint): an event's Materials page, a material's file served
through a check of who may see it, and a speaker's upload page on their personal link (no account)."""
from flask import abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from core import uploads
from core.extensions import limiter
from core.http import public_page
from core.multilingual import translated
from core.search import search_key
from events import materials, services, upload_links
from events.material_forms import MaterialFilterForm, SpeakerUploadForm
from events.models import MATERIAL_HIDDEN, MATERIAL_PUBLIC
from events.permissions import VIEWER, event_role
from events.programme import programme
from events.views import bp, remembered_for_visitors, version

#: Generous: a link is 80 bits of signature, not found by trying; the limit only stops a flood.
LINK_LIMIT = "60 per minute"
#: A public material's file: caches on the way keep it a little (its address changes with the file).
PUBLIC_CACHE = "public, max-age=300"
#: One for registered participants or hidden: kept by the reader's own browser only.
PRIVATE_CACHE = "private, max-age=300"

REFUSALS = {
    upload_links.ALTERED: (404, _l("This upload link does not work: it is incomplete, altered, or for another "
                                   "session. Use the link exactly as the organisers sent it.")),
    upload_links.REPLACED: (410, _l("This upload link was replaced by a newer one and no longer works. Use the "
                                    "latest link the organisers sent you, or ask them for it.")),
    upload_links.CLOSED: (403, _l("Uploads for this event are closed: the link no longer takes slides or "
                                  "recordings. Send them to the organisers directly.")),
    upload_links.CANCELLED_SESSION: (410, _l("This session is cancelled: its link takes no slides or recordings.")),
    upload_links.NOT_ON_SESSION: (403, _l("This link is for a session you are no longer listed on: it no longer "
                                          "takes uploads. Ask the organisers if this is a mistake.")),
}


@bp.app_context_processor
def material_helpers():
    # Not "material_kind_names": the knowledge fair's booth materials (showcase) take that name.
    return {"programme_material_kind_names": materials.KIND_NAMES,
            "material_visibility_names": materials.VISIBILITY_NAMES,
            "material_file_url": material_file_url, "material_host_name": materials.host_name}


@bp.app_template_filter("material_file_size")
def _file_size(size):
    return materials.file_size(size)


def material_file_url(material) -> str:
    """Its file's address; `v` changes with the file, so a cached copy of the old one is never taken for it."""
    return url_for("events.material_file", slug=material.event.slug, material_id=material.id,
                   v=(material.file_name or "")[:8])


@bp.get("/<slug>/materials/<int:material_id>/file")
@event_role(VIEWER)
def material_file(event, material_id):
    material = materials.material_of(event, material_id)
    # Whoever may not see it (or the material of another event) learns nothing: it does not exist for them.
    if material is None or material.visibility not in materials.visibilities_for(event, current_user):
        abort(404)
    path = uploads.path_of(materials.FOLDER, material.file_name) if material.file_name else None
    if path is None:
        abort(404)
    response = send_file(path, mimetype=uploads.CONTENT_TYPES["pdf"], as_attachment=True,
                         download_name=materials.download_name(material), conditional=True, etag=True)
    response.headers["X-Content-Type-Options"] = "nosniff"
    is_public = material.visibility == MATERIAL_PUBLIC and services.is_visible_to_public(event)
    response.headers["Cache-Control"] = PUBLIC_CACHE if is_public else PRIVATE_CACHE
    if not is_public:
        response.vary.add("Cookie")
    return response


def _matches(material, filters: dict, speakers_of: dict, names: dict, words: list[str]) -> bool:
    session = material.session
    if filters["session"] and material.session_id != filters["session"]:
        return False
    if filters["track"] and (session is None or session.track_id != filters["track"]):
        return False
    if filters["language"] and material.language != filters["language"]:
        return False
    people = speakers_of.get(material.session_id, set()) | ({material.speaker_id} if material.speaker_id else set())
    if filters["speaker"] and filters["speaker"] not in people:
        return False
    if words:
        text = search_key(" ".join([material.title, translated(session, "title") if session else "",
                                    *(names.get(speaker_id, "") for speaker_id in people)]))
        return all(word in text for word in words)
    return True


@bp.get("/<slug>/materials")
@remembered_for_visitors
@event_role(VIEWER)
def event_materials(event):
    """Every material the reader may see, searchable and filtered by session, speaker, track and language (a GET
    form: a filtered list is an address to bookmark)."""
    sessions = programme(event)
    visible = materials.materials_of(event, materials.visibilities_for(event, current_user))
    form = MaterialFilterForm(request.args, sessions=[s for s in sessions if any(m.session_id == s.id for m in visible)],
                              speakers=event.speakers, tracks=event.tracks,
                              languages=sorted({m.language for m in visible if m.language}))
    valid = form.validate()

    def render():
        filters = {name: (form[name].data if valid else None) for name in ("session", "speaker", "track", "language")}
        speakers_of = {session.id: {link.speaker_id for link in session.speaker_links} for session in sessions}
        names = {speaker.id: speaker.name for speaker in event.speakers}
        words = search_key(form.q.data or "").split() if valid else []
        found = [m for m in visible if _matches(m, filters, speakers_of, names, words)]
        return render_template("events/materials.html", event=event, form=form, materials=found, total=len(visible),
                               is_filtered=any(filters.values()) or bool(words),
                               sessions={session.id: session for session in sessions}, can_manage=g.can_manage_event)

    if not valid:
        return render(), 400
    return public_page(version(event), render)


@bp.route("/<slug>/sessions/<int:session_id>/speaker-upload/<token>", methods=["GET", "POST"])
@limiter.limit(LINK_LIMIT)
def speaker_upload(slug, session_id, token):
    """A speaker's page on their personal link: what they sent for the session, and a form to send more."""
    event = services.find_event(slug)
    if event is None:
        abort(404)
    try:
        link = upload_links.read_link(event, session_id, token)
    except upload_links.LinkRefused as refusal:
        status, message = REFUSALS[refusal.reason]
        return render_template("events/speaker_upload_refused.html", event=event, message=message), status
    form = SpeakerUploadForm()
    if form.validate_on_submit():
        try:
            material = materials.add_material(event, link.session, form.kind.data, form.title.data,
                                              language=form.language.data or "", visibility=MATERIAL_HIDDEN,
                                              upload=form.file.data, link=form.link.data, speaker=link.speaker)
        except materials.MaterialRefused as error:
            if error.field in form:
                form[error.field].errors = list(form[error.field].errors) + [error.message]
            else:
                form.form_errors.append(error.message)
        else:
            flash(_("Thank you: “%(title)s” is sent. The organisers publish it with the programme.",
                    title=material.title), "success")
            return redirect(url_for("events.speaker_upload", slug=slug, session_id=session_id, token=token))
    return render_template("events/speaker_upload.html", event=event, session=link.session, speaker=link.speaker,
                               uploads=materials.speakers_uploads(link), form=form,
                               closes_at=upload_links.closes_at(event)), 400 if form.errors else 200
