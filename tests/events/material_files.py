"""Files a speaker or an organiser might upload: real PDFs (made with core.pdf), locked ones, office files,
and files whose content is not what their name says."""
import io
import zipfile

from PIL import Image
from pypdf import PdfWriter

from core.pdf import html_to_pdf


def slides(title="Measuring cultural participation") -> bytes:
    return html_to_pdf(f"<!doctype html><html><body><h1>{title}</h1><p>Slide one</p></body></html>")


def locked(data: bytes) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(data))
    writer.encrypt("secret")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def zipped(entries: dict[str, bytes]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return output.getvalue()


def docx() -> bytes:
    return zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def pptx() -> bytes:
    return zipped({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p:presentation/>"})


def odp() -> bytes:
    return zipped({"mimetype": b"application/vnd.oasis.opendocument.presentation", "content.xml": b"<office/>"})


def old_office() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600


def png() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(output, "PNG")
    return output.getvalue()
