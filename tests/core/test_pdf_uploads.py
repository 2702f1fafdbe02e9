"""PDF uploads (booth material) judged by their content: real PDFs pass; programs, pages, locked or
scripted PDFs posing as documents are refused with a reason, whatever their name."""
import io

from pypdf import PdfWriter
from pypdf.actions import JavaScript
import pytest
from werkzeug.datastructures import FileStorage

from core import uploads
from core.pdf import html_to_pdf

MAX = 2 * 1024 * 1024


def upload(data: bytes, filename="report.pdf") -> FileStorage:
    return FileStorage(io.BytesIO(data), filename=filename, content_type="application/pdf")


@pytest.fixture
def report(app):
    return html_to_pdf("<!doctype html><html><body><h1>Results</h1><p>Page one</p>"
                       "<p style='break-before: page'>Page two</p></body></html>")


def rewritten(report: bytes, change) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(report))
    change(writer)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def test_a_real_pdf_passes_with_its_pages_counted(report):
    checked = uploads.check_pdf(upload(report), max_bytes=MAX)

    assert checked.pages == 2 and checked.data == report


@pytest.mark.parametrize("data", [
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 500,  # a Windows program renamed report.pdf
    b"\x7fELF\x02\x01\x01" + b"\x00" * 500,  # a Linux one
    b"<!doctype html><script>alert(1)</script>",  # a web page
    b"%!PS-Adobe-3.0\n",  # PostScript
    b"PK\x03\x04" + b"\x00" * 100,  # a zip (or an Office file)
])
def test_a_file_that_only_calls_itself_pdf_is_refused(app, data):
    with pytest.raises(uploads.UploadRejected) as refused:
        uploads.check_pdf(upload(data), max_bytes=MAX)

    assert str(refused.value.message) == "This file is not a PDF document."


def test_a_pdf_cut_short_or_garbled_is_refused(app, report):
    for data in (report[: len(report) // 3], b"%PDF-1.7\n" + bytes(range(256)) * 20):
        with pytest.raises(uploads.UploadRejected) as refused:
            uploads.check_pdf(upload(data), max_bytes=MAX)
        # A PDF, not "this image": the person knows what they uploaded and should hear it named right.
        assert str(refused.value.message).startswith("This PDF is damaged or incomplete.")


def test_a_pdf_that_runs_a_script_when_opened_is_refused(app, report):
    scripted = rewritten(report, lambda writer: writer.add_open_action(JavaScript("app.alert('hello');")))

    with pytest.raises(uploads.UploadRejected) as refused:
        uploads.check_pdf(upload(scripted), max_bytes=MAX)

    assert "scripts, actions or attached files" in str(refused.value.message)


def test_a_pdf_carrying_an_attached_file_is_refused(app, report):
    attached = rewritten(report, lambda writer: writer.add_attachment("run-me.exe", b"MZ\x90\x00"))

    with pytest.raises(uploads.UploadRejected):
        uploads.check_pdf(upload(attached), max_bytes=MAX)


def test_a_password_protected_pdf_is_refused(app, report):
    locked = rewritten(report, lambda writer: writer.encrypt("secret"))

    with pytest.raises(uploads.UploadRejected) as refused:
        uploads.check_pdf(upload(locked), max_bytes=MAX)

    assert "password" in str(refused.value.message)


def test_an_empty_or_too_large_pdf_is_refused(app, report):
    with pytest.raises(uploads.UploadRejected) as empty:
        uploads.check_pdf(upload(b""), max_bytes=MAX)
    with pytest.raises(uploads.UploadRejected) as large:
        uploads.check_pdf(upload(report), max_bytes=len(report) - 1)

    assert str(empty.value.message) == "This file is empty."
    assert "larger than" in str(large.value.message)


@pytest.mark.parametrize("make, found, named", [
    ("docx", "docx", "a Word document (.docx)"),
    ("pptx", "pptx", "a PowerPoint presentation (.pptx)"),
    ("odp", "odp", "an OpenDocument presentation (.odp)"),
    ("old_office", "ole", "an older Office file (.doc, .ppt or .xls)"),
])
def test_an_office_file_is_recognised_by_its_content_and_told_to_be_saved_as_pdf(app, make, found, named):
    from tests.events import material_files

    data = getattr(material_files, make)()
    assert uploads.office_format(data) == found
    assert uploads.document_format(upload(data, "report.pdf"), max_bytes=MAX) == found
    with pytest.raises(uploads.UploadRejected) as refused:
        uploads.check_pdf(upload(data), max_bytes=MAX)  # whatever its name says
    message = str(refused.value.message)
    assert message.startswith(f"This is {named}.") and "save it as PDF" in message and "does not convert" in message


def test_a_plain_zip_is_no_office_file(app):
    from tests.events.material_files import zipped

    data = zipped({"notes.txt": b"hello", "[Content_Types].xml": b"<Types/>"})
    assert uploads.office_format(data) is None
    assert uploads.document_format(upload(data), max_bytes=MAX) is None
