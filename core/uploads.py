"""Checking and storing uploaded files: the one place that does either (badge photos, booth material).

A file is judged by what it contains, never by its name or the Content-Type the browser sent, and what
is kept is what Convene wrote itself: an image is decoded and encoded again, so a file that only poses
as an image, or an image carrying something hidden, goes no further. Files live under UPLOAD_FOLDER,
outside static/, and are served only by views that check permission.
"""
from contextlib import contextmanager
from dataclasses import dataclass
import io
import os
from pathlib import Path
import re
import secrets
import tempfile
import threading
import warnings
import zipfile

from babel.numbers import format_decimal
from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError
from core import transactions
from core.extensions import db
from core.i18n import formatting_locale

EMPTY_MESSAGE = _l("This file is empty.")
NOT_AN_IMAGE_MESSAGE = _l("This file is not a JPEG, PNG, WebP or GIF image.")
DAMAGED_MESSAGE = _l("This image is damaged or incomplete. Save it again and upload the new file.")

#: Only these decoders ever see an upload; Pillow's others (EPS through Ghostscript, TIFF, PSD...)
#: are more attack surface than a badge photo needs.
IMAGE_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
#: Extensions store() accepts, so the only ones path_of() lets through. PDFs stored so far are ones
#: Convene made itself (badge sheets, certificates): nobody's upload is stored as one.
EXTENSIONS = frozenset({"jpg", "png", "pdf"})
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}
JPEG_QUALITY = 85

_STORED_NAME = re.compile(r"[0-9a-f]{32}\.(?:%s)" % "|".join(sorted(EXTENSIONS)))
_FOLDER = re.compile(r"[a-z0-9][a-z0-9_-]*")
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))

# The settings _strict_pillow() changes are process-wide: two threads changing them at once could leave
# either's in place for good. Checks are short and rare, so they take turns.
_pillow_lock = threading.Lock()


class UploadRejected(ValueError):
    """An upload that cannot be used; `message` (lazily translated) is for the form field."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedImage:
    data: bytes
    extension: str
    content_type: str
    width: int
    height: int


def check_image(file_storage, *, max_bytes: int, max_side: int, max_pixels: int = 40_000_000) -> CheckedImage:
    """The uploaded image, re-encoded without metadata, upright and at most `max_side` pixels a side.

    JPEG, or PNG when it has transparency. Raises UploadRejected for anything else.
    """
    data = _read_at_most(file_storage, max_bytes)
    # Above Pillow's own limit Image.open() refuses by itself, and the message must give the limit that holds.
    max_pixels = min(max_pixels, Image.MAX_IMAGE_PIXELS or max_pixels)
    too_many_pixels = _l("This image has more than %(megapixels)s million pixels. Upload a smaller one.",
                         megapixels=_number(max_pixels / 1_000_000))
    with _strict_pillow():
        try:
            image = Image.open(io.BytesIO(data), formats=IMAGE_FORMATS)
            width, height = image.size
            if width * height > max_pixels:  # read from the header: nothing is decoded yet
                raise UploadRejected(too_many_pixels)
            image.verify()
            # verify() leaves the image unusable, and does not decode everything: a truncated JPEG
            # passes it. Decoding the whole (first) frame does not.
            image = Image.open(io.BytesIO(data), formats=IMAGE_FORMATS)
            image.load()
            return _reencode(image, max_side)
        except UploadRejected:
            raise
        except UnidentifiedImageError as error:
            raise UploadRejected(NOT_AN_IMAGE_MESSAGE) from error
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise UploadRejected(too_many_pixels) from error
        # A crafted file can make a decoder raise almost anything (OSError, SyntaxError, struct.error,
        # IndexError...): whatever it is, the file cannot be used, and the person should hear so.
        except Exception as error:
            raise UploadRejected(DAMAGED_MESSAGE) from error


@contextmanager
def _strict_pillow():
    with _pillow_lock, warnings.catch_warnings():
        # Pillow's remarks on odd but readable data (bad EXIF tags, palette transparency) do not
        # matter: the image is encoded afresh. A decompression bomb must stop here.
        warnings.simplefilter("ignore", UserWarning)
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        # WeasyPrint, once imported, tells Pillow to make up whatever a truncated file lacks; an upload
        # cut short must be refused instead. A PDF rendered meanwhile only reads our own, whole, images.
        load_truncated, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = load_truncated


def _read_at_most(file_storage, max_bytes: int) -> bytes:
    """The upload's bytes; never reads more than max_bytes + 1 of them, however large the file."""
    stream = file_storage.stream
    if stream.seekable():  # a second check of the same upload sees the whole file again
        stream.seek(0)
    data = bytearray()
    while len(data) <= max_bytes:
        chunk = stream.read(max_bytes + 1 - len(data))
        if not chunk:
            break
        data += chunk
    if not data:
        raise UploadRejected(EMPTY_MESSAGE)
    if len(data) > max_bytes:
        raise UploadRejected(_l("This file is larger than %(megabytes)s MB.",
                                megabytes=_number(max_bytes / (1024 * 1024))))
    return bytes(data)


NOT_A_PDF_MESSAGE = _l("This file is not a PDF document.")
DAMAGED_PDF_MESSAGE = _l("This PDF is damaged or incomplete. Save it again (or print it to a new PDF) and upload the "
                         "new file.")
PDF_LOCKED_MESSAGE = _l("This PDF is protected by a password: save it without one and upload it again.")
PDF_ACTIVE_MESSAGE = _l("This PDF contains scripts, actions or attached files, which visitors' computers would "
                        "run or open: save it as a plain PDF (\u201cPDF/A\u201d) and upload it again.")
#: What a PDF may hold that a reader's viewer would run or open: refused, whatever else the file is.
_ACTIVE_PDF_KEYS = ("/JavaScript", "/JS", "/Launch", "/EmbeddedFiles", "/EmbeddedFile", "/RichMedia", "/XFA",
                    "/SubmitForm", "/ImportData")


#: What office_format() names, for messages ("a Word document (.docx)").
OFFICE_FORMATS = {
    "docx": _l("a Word document (.docx)"), "pptx": _l("a PowerPoint presentation (.pptx)"),
    "xlsx": _l("an Excel spreadsheet (.xlsx)"), "odt": _l("an OpenDocument text (.odt)"),
    "odp": _l("an OpenDocument presentation (.odp)"), "ods": _l("an OpenDocument spreadsheet (.ods)"),
    "ole": _l("an older Office file (.doc, .ppt or .xls)"),
}
#: The file extensions each office format goes by.
OFFICE_EXTENSIONS = {"docx": ("docx",), "pptx": ("pptx",), "xlsx": ("xlsx",), "odt": ("odt",), "odp": ("odp",),
                     "ods": ("ods",), "ole": ("doc", "ppt", "xls")}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OPENDOCUMENT = {b"application/vnd.oasis.opendocument.text": "odt",
                 b"application/vnd.oasis.opendocument.presentation": "odp",
                 b"application/vnd.oasis.opendocument.spreadsheet": "ods"}
_OOXML_PARTS = (("word/", "docx"), ("ppt/", "pptx"), ("xl/", "xlsx"))


def office_format(data: bytes) -> str | None:
    """Which office file `data` is, judged by its content (a key of OFFICE_FORMATS), or None.

    OOXML (.docx, .pptx, .xlsx) and OpenDocument files are zip archives with their own markers inside
    ([Content_Types].xml and the part folders; a "mimetype" entry); the older Office files are OLE
    compound files. Only the archive's directory (and a few bytes of "mimetype") is read, nothing unpacked.
    """
    if data.startswith(_OLE_MAGIC):
        return "ole"
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
                found = _OPENDOCUMENT.get(archive.read("mimetype").strip())
                if found:
                    return found
            if "[Content_Types].xml" in names:
                for prefix, name in _OOXML_PARTS:
                    if any(entry.startswith(prefix) for entry in names):
                        return name
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, NotImplementedError, OSError):
        return None
    return None


def office_message(found: str):
    return _l("This is %(format)s. Convene keeps documents as PDF only, and does not convert them on the server: "
              "save it as PDF (File › Save as, or Export) and upload it again.", format=OFFICE_FORMATS[found])


def document_format(file_storage, *, max_bytes: int) -> str | None:
    """"pdf", a key of OFFICE_FORMATS, or None, judged by the upload's content (at most `max_bytes` of it read).

    Raises UploadRejected for an empty or too large file. Only tells what the file is: check_pdf() still
    decides whether a PDF may be kept.
    """
    data = _read_at_most(file_storage, max_bytes)
    if data.startswith(b"%PDF-"):
        return "pdf"
    return office_format(data)


@dataclass(frozen=True)
class CheckedDocument:
    data: bytes
    pages: int


def check_pdf(file_storage, *, max_bytes: int, max_pages: int = 500) -> CheckedDocument:
    """The uploaded PDF, if it is one that opens without a password and runs nothing in the viewer.

    Judged by its content: it must start as a PDF does and be read through by pypdf; a program or a
    web page renamed .pdf is refused, and an office file is told to be saved as PDF. Raises UploadRejected.
    """
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject, IndirectObject

    data = _read_at_most(file_storage, max_bytes)
    if not data.startswith(b"%PDF-"):
        found = office_format(data)
        raise UploadRejected(office_message(found) if found else NOT_A_PDF_MESSAGE)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pypdf remarks on odd but readable files
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise UploadRejected(PDF_LOCKED_MESSAGE)
            pages = len(reader.pages)
            if not 0 < pages <= max_pages:
                raise UploadRejected(DAMAGED_PDF_MESSAGE if not pages else
                                     _l("This PDF has more than %(pages)d pages.", pages=max_pages))
            # Every object of the file, compressed object streams included, as pypdf resolved it.
            seen = set()
            todo = [reader.trailer["/Root"]] + [page.get_object() for page in reader.pages]
            while todo:
                item = todo.pop()
                if isinstance(item, IndirectObject):
                    key = (item.idnum, item.generation)
                    if key in seen:
                        continue
                    seen.add(key)
                    item = item.get_object()
                if isinstance(item, DictionaryObject):
                    if any(name in item for name in _ACTIVE_PDF_KEYS) or item.get("/S") in _ACTIVE_PDF_KEYS:
                        raise UploadRejected(PDF_ACTIVE_MESSAGE)
                    todo.extend(item.values())
                elif isinstance(item, list):
                    todo.extend(item)
                if len(seen) > 200_000:
                    raise UploadRejected(DAMAGED_PDF_MESSAGE)
    except UploadRejected:
        raise
    except Exception as error:  # whatever a crafted file makes pypdf raise: it cannot be shown
        raise UploadRejected(DAMAGED_PDF_MESSAGE) from error
    return CheckedDocument(data=data, pages=pages)


def _reencode(image: Image.Image, max_side: int) -> CheckedImage:
    icc_profile = image.info.get("icc_profile")
    image = ImageOps.exif_transpose(image)
    if image.has_transparency_data:
        image = image.convert("RGBA")
        if image.getextrema()[3][0] == 255:  # an alpha channel that hides nothing: a photo all the same
            image = image.convert("RGB")
    elif image.mode != "RGB" and not (icc_profile and image.mode == "CMYK"):
        image = image.convert("RGB")
    mode = "RGBA" if image.mode == "RGBA" else "RGB"
    if icc_profile:
        image = _to_srgb(image, icc_profile, mode)
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    # A new image starts with empty `info`: the source's EXIF, comments, XMP and text chunks, which
    # Pillow would otherwise carry into the new file, are left behind.
    clean = Image.frombytes(mode, image.size, image.tobytes())
    output = io.BytesIO()
    if mode == "RGBA":
        extension = "png"
        clean.save(output, "PNG")
    else:
        extension = "jpg"
        clean.save(output, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return CheckedImage(data=output.getvalue(), extension=extension, content_type=CONTENT_TYPES[extension],
                        width=clean.width, height=clean.height)


def _to_srgb(image: Image.Image, icc_profile: bytes, mode: str) -> Image.Image:
    # Phones shoot in wider colour spaces (Display P3): dropping the profile without converting
    # would print every face a little grey. A profile that cannot be read is simply dropped.
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        return ImageCms.profileToProfile(image, source, _SRGB, outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image.convert(mode)


def _number(value: float) -> str:
    """1.5 as the reader writes it (1,5 in French)."""
    return format_decimal(round(value, 2), locale=formatting_locale())


def store(data: bytes, folder: str, extension: str) -> str:
    """Write `data` under UPLOAD_FOLDER/<folder>/ under a new random name, and return that name.

    Written to a temporary file first and moved into place, so the name never points at half a file.
    """
    if extension not in EXTENSIONS:
        raise ValueError(f"{extension!r} is not one of the extensions uploads are stored with")
    directory = _folder_path(folder)
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.{extension}"
    descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".upload-", suffix=".part")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, directory / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return name


def path_of(folder: str, name: str) -> Path | None:
    """The stored file's path; None for a name store() could not have made, or a file that is gone."""
    if not isinstance(name, str) or not _STORED_NAME.fullmatch(name):
        return None
    path = _folder_path(folder) / name
    return path if path.is_file() else None


def delete(folder: str, name: str | None) -> None:
    path = path_of(folder, name) if name else None
    if path is not None:
        path.unlink(missing_ok=True)


def delete_after_commit(folder: str, name: str | None) -> None:
    """Delete the file once the database transaction under way commits; keep it if it rolls back.

    For a file a change stops pointing to (a replaced photo): deleted before the commit, a rollback
    would leave the row pointing at nothing. A deletion queued inside a savepoint that rolls back is
    forgotten; one queued before the savepoint still happens at the commit.
    """
    if name:
        transactions.run_after_commit(db.session(), "uploads.delete", (folder, name))


@transactions.handler("uploads.delete")
def _delete_committed(files):
    for folder, name in files:
        delete(folder, name)


def _folder_path(folder: str) -> Path:
    # Folders are chosen by code, never by a request: a bad one is a bug, not a bad upload.
    if not _FOLDER.fullmatch(folder):
        raise ValueError(f"{folder!r} is not an upload folder name")
    return Path(current_app.config["UPLOAD_FOLDER"]) / folder
