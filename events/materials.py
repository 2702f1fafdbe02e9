"""The programme's materials: slides and documents (PDF), recordings (links on known video hosts) and links,
of a session or of the whole event; who may see each (public, registered participants, or hidden).

Every file goes through core.uploads, judged by its content and by the name it came with: only a PDF
named .pdf is kept. Office files are refused with a request to save them as PDF, since the server has no
converter. A recording is a link on a host core.videos knows, rebuilt from the video's id. Any change
touches the event, so that the pages remembered for visitors, its feeds and its API answer change too.
"""
from dataclasses import dataclass
import re
import unicodedata
from urllib.parse import urlsplit

from babel.numbers import format_decimal
from flask import current_app
from flask_babel import gettext, lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from core import uploads
from core.extensions import db
from core.i18n import formatting_locale
from core.language_fields import field_name
from core.multilingual import languages_of, set_translations
from core.signals import event_participant_asked
from core.videos import HOSTS, NotAVideoLink, read_video_link
from core.vocabularies import SPOKEN_LANGUAGES
from events.models import (DOCUMENT, LINK, MATERIAL_HIDDEN, MATERIAL_PUBLIC, MATERIAL_REGISTERED, RECORDING, Event,
                           ProgrammeMaterial, Session, SessionSpeaker, Speaker)
from events.services import is_organiser, touch

FOLDER = "programme-materials"
MB = 1024 * 1024
#: Slides and documents: at most this large (a request carries at most MAX_CONTENT_LENGTH, 20 MB by default).
MAX_DOCUMENT_MB = 15
TITLE_MAX = 200
#: What one speaker's link may add to a session: enough for slides in a few languages and a recording, and a
#: bound on what a leaked link can put on the server's disk.
MAX_SPEAKER_UPLOADS = 10
URL_MAX = 500
KINDS = (DOCUMENT, RECORDING, LINK)
VISIBILITIES = (MATERIAL_PUBLIC, MATERIAL_REGISTERED, MATERIAL_HIDDEN)

KIND_NAMES = {DOCUMENT: _l("Document (PDF)"), RECORDING: _l("Recording"), LINK: _l("Link")}
VISIBILITY_NAMES = {MATERIAL_PUBLIC: _l("Public"), MATERIAL_REGISTERED: _l("Registered participants"),
                    MATERIAL_HIDDEN: _l("Hidden")}

TITLE_MISSING = _l("Give the material a title.")
TITLE_TOO_LONG = _l("At most %(max)d characters.", max=TITLE_MAX)
NO_DOCUMENT = _l("Choose the PDF file to upload.")
NOT_PDF_NAME = _l("Upload slides and documents as PDF files (a name ending in .pdf).")
BAD_LINK = _l("Give a web address starting with https:// (or http://).")
LINK_TOO_LONG = _l("At most %(max)d characters.", max=URL_MAX)
UNKNOWN_LANGUAGE = _l("Choose a language from the list.")
UNKNOWN_VISIBILITY = _l("Choose who may see it.")
UNKNOWN_KIND = _l("Choose what to add: a document, a recording or a link.")
SIZE_HINT = _l("A PDF of at most %(megabytes)d MB, without a password.", megabytes=MAX_DOCUMENT_MB)


class MaterialRefused(ValueError):
    """A material that cannot be added or changed; `message` belongs at form field `field` (None: the form)."""

    def __init__(self, field: str | None, message):
        super().__init__(message)
        self.field, self.message = field, message


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    pages: int


def _name_mismatch(extension: str, content):
    return _l("This file's name ends in .%(extension)s, but it contains %(content)s: its name does not say what it "
              "is. Save it again as PDF and upload the new file.", extension=extension, content=content)


def _has_file(upload) -> bool:
    return upload is not None and bool(getattr(upload, "filename", None))


def _extension(filename: str) -> str:
    name = (filename or "").strip().lower()
    return name.rpartition(".")[2] if "." in name else ""


def check_document(upload) -> CheckedFile:
    """The uploaded slides or document if it is a PDF, named as one, that may be kept; MaterialRefused otherwise."""
    if not _has_file(upload):
        raise MaterialRefused("file", NO_DOCUMENT)
    max_bytes = MAX_DOCUMENT_MB * MB
    extension = _extension(upload.filename)
    try:
        found = uploads.document_format(upload, max_bytes=max_bytes)
        if found == "pdf" and extension != "pdf":
            raise MaterialRefused("file", _name_mismatch(extension, _l("a PDF document"))
                                  if extension else NOT_PDF_NAME)
        if found in uploads.OFFICE_FORMATS:
            if extension and extension not in uploads.OFFICE_EXTENSIONS[found]:
                raise MaterialRefused("file", _name_mismatch(extension,
                                                                            uploads.OFFICE_FORMATS[found]))
            raise MaterialRefused("file", uploads.office_message(found))
        if extension != "pdf":
            raise MaterialRefused("file", NOT_PDF_NAME)
        document = uploads.check_pdf(upload, max_bytes=max_bytes)
    except uploads.UploadRejected as error:
        raise MaterialRefused("file", error.message) from error
    return CheckedFile(document.data, document.pages)


def check_link(kind: str, text: str | None) -> str:
    """The address to keep for a recording (rebuilt from the video's id on a known host) or a link."""
    text = (text or "").strip()
    if kind == RECORDING:
        try:
            return read_video_link(text).url
        except NotAVideoLink as error:
            raise MaterialRefused("link", NotAVideoLink.message) from error
    if len(text) > URL_MAX:
        raise MaterialRefused("link", LINK_TOO_LONG)
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise MaterialRefused("link", BAD_LINK) from None
    # Only the web's own schemes: javascript:, data: and file: addresses never reach a page.
    if (parts.scheme.lower() not in ("http", "https") or not parts.hostname or parts.username or parts.password
            or any(char.isspace() or unicodedata.category(char) == "Cc" for char in text) or port == 0):
        raise MaterialRefused("link", BAD_LINK)
    return text


def check_title(title: str | None) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise MaterialRefused("title", TITLE_MISSING)
    if len(title) > TITLE_MAX:
        raise MaterialRefused("title", TITLE_TOO_LONG)
    return title


def check_titles(material_or_event, titles: dict[str, str] | None) -> dict[str, str]:
    """The title in the event's other working languages ({language: title}; empty: readers get the first
    language's), each held to the same limits; MaterialRefused names the field of the language at fault."""
    checked = {}
    for language in languages_of(material_or_event)[1:]:
        title = " ".join(((titles or {}).get(language) or "").split())
        if len(title) > TITLE_MAX:
            raise MaterialRefused(field_name("title", language), TITLE_TOO_LONG)
        checked[language] = title
    return checked


def check_language(language: str | None) -> str:
    language = language or ""
    if language and language not in SPOKEN_LANGUAGES:
        raise MaterialRefused("language", UNKNOWN_LANGUAGE)
    return language


def _check_visibility(visibility: str) -> str:
    if visibility not in VISIBILITIES:
        raise MaterialRefused("visibility", UNKNOWN_VISIBILITY)
    return visibility


def add_material(event: Event, session: Session | None, kind: str, title: str, *, language: str = "",
                 visibility: str = MATERIAL_HIDDEN, upload=None, link: str | None = None, user=None,
                 speaker: Speaker | None = None, titles: dict[str, str] | None = None) -> ProgrammeMaterial:
    """Add a document (`upload`), a recording or a link to the session (None: the whole event); `titles`: its
    title in the event's other working languages. Commits; MaterialRefused (nothing stored, no file left
    behind) when something does not pass."""
    if kind not in KINDS:
        raise MaterialRefused("kind", UNKNOWN_KIND)
    if session is not None and session.event_id != event.id:
        raise ValueError("the session is another event's")
    title, language = check_title(title), check_language(language)
    titles = check_titles(event, titles)
    visibility = _check_visibility(visibility)
    if speaker is not None and session is not None and db.session.scalar(select(func.count(ProgrammeMaterial.id)).where(
            ProgrammeMaterial.session_id == session.id, ProgrammeMaterial.speaker_id == speaker.id)) \
            >= MAX_SPEAKER_UPLOADS:
        raise MaterialRefused(None, _l("You have sent %(count)d items for this session, the most this link takes. "
                                       "Write to the organisers if something must be replaced.",
                                       count=MAX_SPEAKER_UPLOADS))
    checked = check_document(upload) if kind == DOCUMENT else None
    url = check_link(kind, link) if kind != DOCUMENT else ""
    stored = None
    try:
        last = db.session.scalar(select(func.max(ProgrammeMaterial.position)).where(
            ProgrammeMaterial.event_id == event.id, _same_place(session)))
        material = ProgrammeMaterial(event=event, session_id=session.id if session else None, kind=kind,
                                     title=title, language=language, url=url, visibility=visibility,
                                     position=(last or 0) + 1, speaker_id=speaker.id if speaker else None,
                                     added_by_user_id=user.id if getattr(user, "is_authenticated", False) else None,
                                     translations={})
        set_translations(material, "title", titles)
        if checked is not None:
            stored = material.file_name = uploads.store(checked.data, FOLDER, "pdf")
            material.file_size = len(checked.data)
        db.session.add(material)
        touch(event)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        uploads.delete(FOLDER, stored)
        raise
    return material


def update_material(material: ProgrammeMaterial, title: str, language: str, visibility: str, upload=None,
                    link: str | None = None, titles: dict[str, str] | None = None) -> bool:
    """Change the title (`titles`: in the other working languages), language, visibility, and the file (when
    `upload` holds one) or the address. Returns whether anything changed; commits; MaterialRefused changes
    nothing."""
    title, language = check_title(title), check_language(language)
    titles = check_titles(material, titles)
    translations_before = material.translations or {}
    visibility = _check_visibility(visibility)
    checked = check_document(upload) if material.kind == DOCUMENT and _has_file(upload) else None
    url = check_link(material.kind, link) if material.kind != DOCUMENT else ""
    set_translations(material, "title", titles)
    if checked is None and (title, language, visibility, url) == (material.title, material.language,
                                                                   material.visibility, material.url) \
            and (material.translations or {}) == translations_before:
        return False
    stored = None
    try:
        if checked is not None:
            # The old file goes once the new one is committed; a rollback keeps the material as it was.
            uploads.delete_after_commit(FOLDER, material.file_name)
            stored = material.file_name = uploads.store(checked.data, FOLDER, "pdf")
            material.file_size = len(checked.data)
        material.title, material.language, material.visibility, material.url = title, language, visibility, url
        touch(material.event)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        uploads.delete(FOLDER, stored)
        raise
    return True


def set_visibility(material: ProgrammeMaterial, visibility: str) -> None:
    """Publish, restrict or hide it (a speaker's upload is published this way). Commits."""
    visibility = _check_visibility(visibility)
    if material.visibility != visibility:
        material.visibility = visibility
        touch(material.event)
        db.session.commit()


def delete_material(material: ProgrammeMaterial) -> None:
    """Remove it; its file is deleted once that is committed."""
    uploads.delete_after_commit(FOLDER, material.file_name)
    event = material.event
    db.session.delete(material)
    touch(event)
    db.session.commit()


def forget_session(session: Session) -> None:
    """Before a session is deleted: its materials go with it, their files once that is committed. (SQLite does
    not enforce the foreign key's ON DELETE CASCADE.) The caller commits."""
    for material in db.session.scalars(select(ProgrammeMaterial).where(ProgrammeMaterial.session_id == session.id)):
        uploads.delete_after_commit(FOLDER, material.file_name)
        db.session.delete(material)


def forget_speaker(speaker: Speaker) -> None:
    """Before a speaker is deleted: what they uploaded stays, no longer theirs (SQLite does not enforce the
    foreign key's ON DELETE SET NULL: the material must not point at a reused id). The caller commits."""
    db.session.execute(update(ProgrammeMaterial).where(ProgrammeMaterial.speaker_id == speaker.id)
                       .values(speaker_id=None).execution_options(synchronize_session=False))


def forget_user(user) -> None:
    """Before an account is deleted: the materials it added stay, added by nobody (as forget_speaker)."""
    db.session.execute(update(ProgrammeMaterial).where(ProgrammeMaterial.added_by_user_id == user.id)
                       .values(added_by_user_id=None).execution_options(synchronize_session=False))


def move_material(material: ProgrammeMaterial, step: int) -> None:
    """Move it one place up (step -1) or down (+1) among the materials of its session (or of the event)."""
    siblings = db.session.scalars(select(ProgrammeMaterial).where(
        ProgrammeMaterial.event_id == material.event_id, _same_place(material.session))
        .order_by(ProgrammeMaterial.position, ProgrammeMaterial.id)).all()
    index = siblings.index(material)
    other = index + step
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        sibling.position = position
    touch(material.event)
    db.session.commit()


def _same_place(session: Session | None):
    if session is None:
        return ProgrammeMaterial.session_id.is_(None)
    return ProgrammeMaterial.session_id == session.id


def material_of(event: Event, material_id: int) -> ProgrammeMaterial | None:
    """Material `material_id` if it is this event's (ids in addresses are guessable)."""
    material = db.session.get(ProgrammeMaterial, material_id)
    return material if material is not None and material.event_id == event.id else None


def materials_of(event: Event, visibilities=VISIBILITIES, session: Session | None = None) -> list[ProgrammeMaterial]:
    """The event's materials that have one of `visibilities`, in order: the event's own first, then by
    session (or only `session`'s)."""
    statement = (select(ProgrammeMaterial).where(ProgrammeMaterial.event_id == event.id,
                                                 ProgrammeMaterial.visibility.in_(visibilities))
                 .options(selectinload(ProgrammeMaterial.speaker))
                 .order_by(ProgrammeMaterial.session_id.is_not(None), ProgrammeMaterial.session_id,
                           ProgrammeMaterial.position, ProgrammeMaterial.id))
    if session is not None:
        statement = statement.where(ProgrammeMaterial.session_id == session.id)
    return db.session.scalars(statement).all()


def by_session(materials) -> dict[int | None, list[ProgrammeMaterial]]:
    grouped: dict[int | None, list[ProgrammeMaterial]] = {}
    for material in materials:
        grouped.setdefault(material.session_id, []).append(material)
    return grouped


def is_participant(event: Event, user) -> bool:
    """Does `user` hold a confirmed place at the event? (registration answers core.signals.event_participant_asked)"""
    if not getattr(user, "is_authenticated", False):
        return False
    return any(answer for _, answer in event_participant_asked.send(current_app._get_current_object(),
                                                                    event=event, user=user))


def visibilities_for(event: Event, user) -> tuple[str, ...]:
    """What `user` may see: public materials; those for registered participants too when they hold a confirmed
    place or organise the event; hidden ones only when they organise it."""
    if is_organiser(event, user):
        return VISIBILITIES
    if is_participant(event, user):
        return (MATERIAL_PUBLIC, MATERIAL_REGISTERED)
    return (MATERIAL_PUBLIC,)


def waiting_uploads(event: Event) -> int:
    """How many speakers' uploads wait hidden for the organisers to publish them."""
    return db.session.scalar(select(func.count(ProgrammeMaterial.id)).where(
        ProgrammeMaterial.event_id == event.id, ProgrammeMaterial.speaker_id.is_not(None),
        ProgrammeMaterial.visibility == MATERIAL_HIDDEN)) or 0


def speakers_uploads(link: SessionSpeaker) -> list[ProgrammeMaterial]:
    """What this speaker has added to this session with their link."""
    return db.session.scalars(select(ProgrammeMaterial).where(
        ProgrammeMaterial.session_id == link.session_id, ProgrammeMaterial.speaker_id == link.speaker_id)
        .order_by(ProgrammeMaterial.created_at, ProgrammeMaterial.id)).all()


def host_name(material: ProgrammeMaterial) -> str:
    """"YouTube" for a recording there; "" otherwise."""
    if material.kind != RECORDING:
        return ""
    try:
        return HOSTS[read_video_link(material.url).host]
    except NotAVideoLink:
        return ""


def file_size(size: int | None) -> str:
    """"850 KB" or "2.4 MB": a file's size as a person reads it."""
    size = size or 0
    if size < MB:
        return gettext("%(size)s KB", size=format_decimal(max(1, round(size / 1024)), locale=formatting_locale()))
    return gettext("%(size)s MB", size=format_decimal(round(size / MB, 1), format="#,##0.#",
                                                      locale=formatting_locale()))


def download_name(material: ProgrammeMaterial) -> str:
    """A file name for the browser, made from the title: ASCII letters, digits and hyphens only, so that no
    header or path trick gets through. The name the file was uploaded with is never kept."""
    ascii_title = unicodedata.normalize("NFKD", material.title).encode("ascii", "ignore").decode()
    stem = "-".join(re.sub(r"[^A-Za-z0-9]+", " ", ascii_title).split())[:80].strip("-")
    return f"{stem or 'material'}.pdf"
