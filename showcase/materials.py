"""A booth's images, documents and video links, held to the fair's rules.

Every file goes through core.uploads: judged by its content (never its name), an image re-encoded
clean with a thumbnail made once, here, at upload; stored outside static/ under a name Convene
chooses. Nothing a booth adds or changes is public before an organiser approves it
(showcase.moderation): a new or changed item is PENDING.
"""
from dataclasses import dataclass
import io
import re
import unicodedata

from babel.lists import format_list
from babel.numbers import format_decimal
from flask_babel import gettext, lazy_gettext as _l
from sqlalchemy import func, select, update
from werkzeug.datastructures import FileStorage

from core import uploads
from core.extensions import db
from core.i18n import formatting_locale
from core.forms import INVALID_CHOICE
from events.services import is_organiser, is_visible_to_public
from showcase import fairs
from showcase.material_forms import TITLE_MISSING, MaterialForm
from showcase.models import (APPROVED, DOCUMENT, IMAGE, MATERIAL_KINDS, OWNER, PENDING, REJECTED, VIDEO, Booth,
                             MaterialItem, ModerationDecision)
from showcase.permissions import is_member
from core.videos import HOSTS, NotAVideoLink, VideoLink, read_video_link

FOLDER = "booth-material"
MB = 1024 * 1024
#: Images are kept at most this many pixels a side (a booth page never shows more), thumbnails at THUMBNAIL_SIDE.
MAX_SIDE, THUMBNAIL_SIDE = 2000, 480
TITLE_MAX = 200

KIND_NAMES = {IMAGE: _l("Image"), DOCUMENT: _l("PDF document"), VIDEO: _l("Video link")}
#: The same, in a sentence ("This fair takes images and video links").
KIND_PLURALS = {IMAGE: _l("images"), DOCUMENT: _l("PDF documents"), VIDEO: _l("video links")}
STATUS_NAMES = {PENDING: _l("Waiting for the organisers"), APPROVED: _l("Approved: visitors see it"),
                REJECTED: _l("Not accepted")}

TITLE_TOO_LONG = _l("At most %(max)d characters.", max=TITLE_MAX)
NO_IMAGE = _l("Choose the image to upload (JPEG, PNG, WebP or GIF).")
NO_DOCUMENT = _l("Choose the PDF document to upload.")


class MaterialRefused(ValueError):
    """An item that cannot be added or changed; `message` belongs at form field `field` (None: the whole form)."""

    def __init__(self, field: str | None, message):
        super().__init__(message)
        self.field, self.message = field, message


@dataclass(frozen=True)
class CheckedMaterial:
    """What passed the checks, ready to be stored: a file (and an image's thumbnail) or a video link."""

    kind: str
    data: bytes | None = None
    extension: str | None = None
    content_type: str = ""
    width: int | None = None
    height: int | None = None
    pages: int | None = None
    thumbnail: uploads.CheckedImage | None = None
    video: VideoLink | None = None

    @property
    def size(self) -> int:
        return len(self.data) if self.data is not None else 0


@dataclass(frozen=True)
class Usage:
    """What a booth's material takes of what the fair allows it."""

    items: int
    bytes: int
    max_items: int
    max_bytes: int

    @property
    def is_full(self) -> bool:
        return self.items >= self.max_items


def _has_file(upload) -> bool:
    return upload is not None and bool(getattr(upload, "filename", None))


def check_material(kind: str, settings, upload=None, link: str | None = None) -> CheckedMaterial:
    """The upload or link, checked for `kind` under the fair's rules; MaterialRefused if it cannot be used.

    Slow for images (decoded, re-encoded, then the thumbnail made): call it before taking the booth's lock.
    """
    if kind not in MATERIAL_KINDS:
        raise MaterialRefused("kind", INVALID_CHOICE)
    if not settings.material_kinds:
        raise MaterialRefused("kind", _l("This fair takes no images, documents or videos."))
    if kind not in settings.material_kinds:
        raise MaterialRefused("kind", _l("This fair does not take %(kind)s. It takes: %(allowed)s.",
                                         kind=KIND_PLURALS[kind], allowed=allowed_kinds_text(settings)))
    max_bytes = settings.max_file_mb * MB
    try:
        if kind == IMAGE:
            if not _has_file(upload):
                raise MaterialRefused("file", NO_IMAGE)
            image = uploads.check_image(upload, max_bytes=max_bytes, max_side=MAX_SIDE)
            # From the clean copy, through the same one check: the thumbnail is made now and never again.
            thumbnail = uploads.check_image(FileStorage(io.BytesIO(image.data), filename="thumbnail"),
                                            max_bytes=len(image.data), max_side=THUMBNAIL_SIDE)
            return CheckedMaterial(kind, image.data, image.extension, image.content_type, image.width, image.height,
                                   thumbnail=thumbnail)
        if kind == DOCUMENT:
            if not _has_file(upload):
                raise MaterialRefused("file", NO_DOCUMENT)
            document = uploads.check_pdf(upload, max_bytes=max_bytes)
            return CheckedMaterial(kind, document.data, "pdf", uploads.CONTENT_TYPES["pdf"], pages=document.pages)
    except uploads.UploadRejected as error:
        raise MaterialRefused("file", error.message) from error
    try:
        return CheckedMaterial(kind, video=read_video_link(link or ""))
    except NotAVideoLink as error:
        raise MaterialRefused("link", NotAVideoLink.message) from error


def _check_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise MaterialRefused("title", TITLE_MISSING)
    if len(title) > TITLE_MAX:
        raise MaterialRefused("title", TITLE_TOO_LONG)
    return title


def _lock(booth: Booth) -> None:
    """Take the booth's row lock for the rest of the transaction (on SQLite, the write lock), so that two
    uploads at once are counted one after the other against the booth's limits."""
    db.session.execute(update(Booth).where(Booth.id == booth.id).values(updated_at=Booth.updated_at)
                       .execution_options(synchronize_session=False))


def usage(booth: Booth, settings=None) -> Usage:
    settings = settings or fairs.settings_of(booth.event)
    count, size = db.session.execute(select(func.count(MaterialItem.id), func.coalesce(func.sum(
        MaterialItem.size_bytes), 0)).where(MaterialItem.booth_id == booth.id)).one()
    return Usage(items=count, bytes=size, max_items=settings.max_items, max_bytes=settings.max_booth_mb * MB)


def _check_room(booth: Booth, settings, adding: int, extra_bytes: int, replaced: MaterialItem | None = None) -> None:
    used = usage(booth, settings)
    if adding and used.items + adding > used.max_items:
        raise MaterialRefused(None, _l("This booth already has %(count)d items, the most this fair allows: delete "
                                       "one to add another.", count=used.items))
    now = used.bytes - (replaced.size_bytes if replaced is not None else 0)
    if extra_bytes and now + extra_bytes > used.max_bytes:
        raise MaterialRefused("file", _l(
            "This file (%(size)s MB) would take the booth past the %(limit)s MB this fair allows for all its "
            "material: %(left)s MB are left. Delete an item or upload a smaller file.",
            size=megabytes(extra_bytes), limit=megabytes(used.max_bytes), left=megabytes(max(used.max_bytes - now, 0))))


def _store(item: MaterialItem, checked: CheckedMaterial, stored: list[str]) -> None:
    """Write the checked file(s) and point the item at them; `stored` collects the names written (to delete
    them if the transaction fails)."""
    item.file_name = item.thumbnail_name = item.video_host = item.video_id = None
    item.width = item.height = item.pages = None
    if checked.video is not None:
        item.video_host, item.video_id = checked.video.host, checked.video.video_id
        item.content_type, item.size_bytes = "", 0
        return
    item.file_name = uploads.store(checked.data, FOLDER, checked.extension)
    stored.append(item.file_name)
    if checked.thumbnail is not None:
        item.thumbnail_name = uploads.store(checked.thumbnail.data, FOLDER, checked.thumbnail.extension)
        stored.append(item.thumbnail_name)
    item.content_type, item.size_bytes = checked.content_type, checked.size
    item.width, item.height, item.pages = checked.width, checked.height, checked.pages


def _undo(stored: list[str]) -> None:
    """Nothing half-saved: no row and no orphan file, whatever failed (a check, a limit, the commit)."""
    db.session.rollback()
    for name in stored:
        uploads.delete(FOLDER, name)


def add_item(booth: Booth, kind: str, title: str, upload=None, link: str | None = None) -> MaterialItem:
    """Add an image or PDF (`upload`, a FileStorage) or a video `link` to the booth, waiting for moderation.

    Commits; MaterialRefused (nothing stored, nothing written) if it breaks a check or the fair's rules.
    """
    title = _check_title(title)
    settings = fairs.settings_of(booth.event)
    checked = check_material(kind, settings, upload, link)
    stored: list[str] = []
    try:
        _lock(booth)
        _check_room(booth, settings, adding=1, extra_bytes=checked.size)
        last = db.session.scalar(select(func.max(MaterialItem.position)).where(MaterialItem.booth_id == booth.id))
        item = MaterialItem(booth_id=booth.id, kind=kind, title=title, status=PENDING, reason="",
                            position=(last or 0) + 1)
        _store(item, checked, stored)
        db.session.add(item)
        db.session.commit()
    except BaseException:
        _undo(stored)
        raise
    return item


def update_item(item: MaterialItem, title: str, upload=None, link: str | None = None) -> bool:
    """Change the item's title, replace its file (`upload`) or its video link. Returns whether anything changed.

    A change sends the item back to the organisers: approved, it stops being public until approved again.
    Commits; MaterialRefused (nothing changed, nothing written) if the new content breaks a check.
    """
    title = _check_title(title)
    booth = item.booth
    settings = fairs.settings_of(booth.event)
    checked = None
    if item.kind == VIDEO:
        checked = check_material(VIDEO, settings, link=link) if (link or "").strip() else None
        if checked is None:
            raise MaterialRefused("link", NotAVideoLink.message)
        if (checked.video.host, checked.video.video_id) == (item.video_host, item.video_id):
            checked = None
    elif _has_file(upload):
        checked = check_material(item.kind, settings, upload)
    if checked is None and title == item.title:
        return False
    stored: list[str] = []
    try:
        _lock(booth)
        if checked is not None and checked.data is not None:
            _check_room(booth, settings, adding=0, extra_bytes=checked.size, replaced=item)
            # The old files go once the new ones are committed; a rollback keeps the item as it was.
            uploads.delete_after_commit(FOLDER, item.file_name)
            uploads.delete_after_commit(FOLDER, item.thumbnail_name)
        if checked is not None:
            _store(item, checked, stored)
        item.title = title
        item.status, item.reason = PENDING, ""
        db.session.commit()
    except BaseException:
        _undo(stored)
        raise
    return True


def delete_item(item: MaterialItem) -> None:
    """Remove the item; its files are deleted once that is committed. The decisions about it stay on record."""
    uploads.delete_after_commit(FOLDER, item.file_name)
    uploads.delete_after_commit(FOLDER, item.thumbnail_name)
    # SQLite does not enforce the foreign key's ON DELETE SET NULL: the record must not point at a reused id.
    db.session.execute(update(ModerationDecision).where(ModerationDecision.item_id == item.id)
                       .values(item_id=None).execution_options(synchronize_session=False))
    db.session.delete(item)
    db.session.commit()


def item_of(booth: Booth, item_id: int) -> MaterialItem | None:
    """Item `item_id` if it is this booth's (ids in addresses are guessable)."""
    item = db.session.get(MaterialItem, item_id)
    return item if item is not None and item.booth_id == booth.id else None


def items_of(booth: Booth) -> list[MaterialItem]:
    return db.session.scalars(select(MaterialItem).where(MaterialItem.booth_id == booth.id)
                              .order_by(MaterialItem.position, MaterialItem.id)).all()


def public_items(booth) -> list[MaterialItem]:
    """The booth's approved items, in order, for its public page (none while the booth itself is not public)."""
    if not booth.is_public:
        return []
    return db.session.scalars(select(MaterialItem).where(MaterialItem.booth_id == booth.id,
                                                         MaterialItem.status == APPROVED)
                              .order_by(MaterialItem.position, MaterialItem.id)).all()


def booth_page_context(booth, role) -> dict:
    """What templates/showcase/_booth_materials.html needs on the beneficiary's booth page.

    The upload form only for the booth's owner (its staff see the material, read-only).
    """
    settings = fairs.settings_of(booth.event)
    form = MaterialForm(formdata=None, kinds=kind_choices(settings)) if role == OWNER else None
    return {"material_items": items_of(booth), "material_usage": usage(booth, settings), "material_form": form}


def thumbnail_size(item: MaterialItem) -> tuple[int, int]:
    """The thumbnail's width and height, from the image's (so the page keeps its place while it loads)."""
    width, height = item.width or THUMBNAIL_SIDE, item.height or THUMBNAIL_SIDE
    scale = min(1, THUMBNAIL_SIDE / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def video_link(item: MaterialItem) -> VideoLink | None:
    return VideoLink(item.video_host, item.video_id) if item.video_host and item.video_id else None


def video_host_name(item: MaterialItem) -> str:
    return HOSTS.get(item.video_host or "", "")


def kind_choices(settings) -> list[tuple[str, str]]:
    """The kinds this fair takes, as (value, label) choices, in the usual order."""
    return [(kind, KIND_NAMES[kind]) for kind in MATERIAL_KINDS if kind in settings.material_kinds]


def allowed_kinds_text(settings) -> str:
    """"images, PDF documents and video links", as the reader's language lists things."""
    return format_list([str(KIND_PLURALS[kind]) for kind in MATERIAL_KINDS if kind in settings.material_kinds],
                       locale=formatting_locale())


def file_size(size: int) -> str:
    """"850 KB" or "2.4 MB": a file's size as a person reads it."""
    if size < MB:
        return gettext("%(size)s KB", size=format_decimal(max(1, round(size / 1024)), locale=formatting_locale()))
    return gettext("%(size)s MB", size=megabytes(size))


def megabytes(size: int) -> str:
    """A size in MB as the reader writes numbers (one decimal: 1,5 in French)."""
    return format_decimal(round(size / MB, 1), format="#,##0.#", locale=formatting_locale())


def can_read(item: MaterialItem, user) -> bool:
    """May `user` open the item's file? Anyone once it is public; before that, the booth's people and the
    fair's organisers."""
    booth = item.booth
    if item.status == APPROVED and booth.is_public and is_visible_to_public(booth.event):
        return True
    return is_member(booth, user) or is_organiser(booth.event, user)


def download_name(item: MaterialItem) -> str:
    """A file name for the browser, made from the title: ASCII letters, digits and hyphens only, so that no
    header or path trick gets through. The name the file was uploaded with is never kept."""
    ascii_title = unicodedata.normalize("NFKD", item.title).encode("ascii", "ignore").decode()
    stem = "-".join(re.sub(r"[^A-Za-z0-9]+", " ", ascii_title).split())[:80].strip("-")
    extension = (item.file_name or "").rpartition(".")[2] or "bin"
    return f"{stem or 'material'}.{extension}"
