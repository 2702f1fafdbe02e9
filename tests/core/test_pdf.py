"""core.pdf: what a reader of the PDF sees (every script printed, our stylesheet applied) and what the
renderer may read (the app's static files, nothing else). PDFs are read back with poppler's tools."""
import base64
import io
from pathlib import Path
import re
import socket
import subprocess

from PIL import Image
import pytest

from core import pdf
from core.pdf import ResourceRefused, StaticFilesOnly, html_to_pdf

NAMES = {
    "latin": "Élodie Tremblay-Nguyễn",
    "arabic": "فاطمة الزهراء",
    "chinese": "李静",
    "cyrillic": "Олена Коваленко",
}

# pdftotext wraps right-to-left runs in bidi embedding marks; they are not part of the text.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def pdf_text(data: bytes, tmp_path, *options: str) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", *options, str(path), "-"], check=True, capture_output=True, text=True)
    return BIDI_CONTROLS.sub("", out.stdout)


def embedded_fonts(data: bytes, tmp_path) -> dict[str, bool]:
    """Font family (subset prefix dropped) -> embedded, from `pdffonts`."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    lines = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout.splitlines()
    fonts = {}
    for line in lines[2:]:
        columns = line.split()
        # name, type words..., encoding, emb, sub, uni, object, id: emb is the fifth from the end.
        fonts[columns[0].split("+", 1)[-1]] = columns[-5] == "yes"
    return fonts


def page(body: str, head: str = "") -> str:
    return f'<!doctype html><html lang="en"><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'


NAMES_PAGE = page("".join(f"<p>{name}</p>" for name in NAMES.values()))

FOOTER = '<div class="page-footer">Page <span class="page-number"></span> of <span class="page-count"></span></div>'


@pytest.fixture
def fetched(monkeypatch):
    """Every URL the renderer asks for, with what the fetcher did: "served" or the refusal."""
    log = []
    original = StaticFilesOnly.fetch

    def recording_fetch(self, url, headers=None):
        try:
            response = original(self, url, headers)
        except Exception as error:
            log.append((url, error))
            raise
        log.append((url, "served"))
        return response

    monkeypatch.setattr(StaticFilesOnly, "fetch", recording_fetch)
    return log


@pytest.fixture
def no_network(monkeypatch):
    """Fails any attempt to resolve or connect, and remembers it."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network use during PDF rendering")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


def test_gives_a_pdf_with_names_in_every_script(app, tmp_path):
    data = html_to_pdf(NAMES_PAGE, stylesheets=["print.css"])

    assert data.startswith(b"%PDF-")
    text = pdf_text(data, tmp_path)
    assert NAMES["latin"] in text
    assert NAMES["chinese"] in text
    assert NAMES["cyrillic"] in text
    # Logical order today; a poppler that gave visual order would still have the same words reversed.
    assert NAMES["arabic"] in text or NAMES["arabic"][::-1] in text


def test_embeds_a_noto_font_for_each_script(app, tmp_path):
    fonts = embedded_fonts(html_to_pdf(NAMES_PAGE, stylesheets=["print.css"]), tmp_path)

    assert fonts.get("Noto-Sans") is True  # Latin and Cyrillic
    assert any(name.startswith("Noto-Sans-CJK") and embedded for name, embedded in fonts.items())
    arabic = [name for name in fonts if "Arabic" in name]
    assert arabic and all(fonts[name] for name in arabic), fonts
    assert all(fonts.values()), fonts  # a reader without our fonts sees the same PDF


@pytest.mark.parametrize("how", ["stylesheets argument", "link to /static/", "relative link"])
def test_print_css_is_applied(app, tmp_path, fetched, how):
    links = {"link to /static/": '<link rel="stylesheet" href="/static/css/print.css">',
             "relative link": '<link rel="stylesheet" href="static/css/print.css">'}
    body = FOOTER + "<p>First</p><p style='break-before: page'>Second</p>"
    data = html_to_pdf(page(body, links.get(how, "")),
                       stylesheets=["print.css"] if how == "stylesheets argument" else [])

    # Only print.css moves the footer to the foot of every page and fills in the counters.
    pages = pdf_text(data, tmp_path).split("\f")
    assert "Page 1 of 2" in pages[0]
    assert "Page 2 of 2" in pages[1]
    assert [outcome for url, outcome in fetched if url.endswith("/static/css/print.css")] == ["served"]


def test_without_print_css_the_footer_is_plain_text(app, tmp_path):
    """The counterpart of the test above: shows that its assertion can fail."""
    text = pdf_text(html_to_pdf(page(FOOTER + "<p>First</p>")), tmp_path)

    assert "Page 1 of 1" not in text
    assert "Page" in text


def test_external_and_local_resources_are_refused_and_the_pdf_still_renders(app, tmp_path, fetched, no_network):
    outside = [
        "http://10.255.255.1/hangs.png",  # unroutable: a real fetch would wait for the timeout
        "https://example.org/x.png",
        "https://example.org/x.css",
        "file:///etc/hostname",
        "/static/../config.py",
        "/static/css/%2e%2e/%2e%2e/config.py",
        "data:text/css,p%7Bcolor:red%7D",
    ]
    head = (f'<link rel="stylesheet" href="{outside[2]}">'
            f'<link rel="stylesheet" href="{outside[6]}">'
            f'<style>@import url("{outside[4]}");</style>')
    body = (f'<img src="{outside[0]}" alt=""><img src="{outside[1]}" alt="">'
            f'<img src="{outside[3]}" alt=""><img src="{outside[5]}" alt="">'
            f"<p>{NAMES['latin']}</p>")

    data = html_to_pdf(page(body, head), stylesheets=["print.css"])

    assert NAMES["latin"] in pdf_text(data, tmp_path)
    assert no_network == []
    refused = {url for url, outcome in fetched if isinstance(outcome, ResourceRefused)}
    assert len(refused) == len(outside)  # each was asked for (as an absolute URL) and refused
    assert [url for url, outcome in fetched if outcome == "served"] == [pdf.BASE_URL + "static/css/print.css"]


def test_an_image_in_a_data_url_is_drawn(app, tmp_path, fetched, no_network):
    # Badge photos and logos travel inside the document: what they reach is nothing.
    pixel = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 20, 20)).save(pixel, "PNG")
    url = "data:image/png;base64," + base64.b64encode(pixel.getvalue()).decode()

    data = html_to_pdf(page(f'<img src="{url}" alt="" style="width: 50mm; height: 50mm">'))

    picture = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "20", "-png", "-singlefile", "-", str(picture)], input=data, check=True)
    colours = Image.open(f"{picture}.png").convert("RGB").getcolors(maxcolors=1 << 20)
    assert any(red > 150 and green < 80 for count, (red, green, blue) in colours)  # the red square is on the page
    assert no_network == []


@pytest.mark.parametrize("url", [
    "https://example.org/static/css/print.css",  # right path, other host
    "http://convene.invalid/static/css/print.css",  # right host, other scheme
    pdf.BASE_URL + "config.py",
    pdf.BASE_URL + "static/..%2fconfig.py",
    pdf.BASE_URL + "static/css/",
    pdf.BASE_URL + "static/css/missing.css",
])
def test_fetcher_refuses_anything_but_an_existing_static_file(app, url):
    fetcher = StaticFilesOnly(app.static_folder, app.static_url_path)

    with pytest.raises(ResourceRefused):
        fetcher.fetch(url)


def test_fetcher_serves_static_files_with_their_type(app):
    fetcher = StaticFilesOnly(app.static_folder, app.static_url_path)

    response = fetcher.fetch(pdf.BASE_URL + "static/css/print.css")

    assert response.content_type == "text/css"
    assert b"Noto Sans" in response.read()


def test_print_css_has_only_rules_weasyprint_applies(app, caplog):
    # WeasyPrint drops what it does not support with a log line, and the page silently looks different.
    with caplog.at_level("WARNING", logger="weasyprint"):
        html_to_pdf(NAMES_PAGE, stylesheets=["print.css"])

    assert [record.getMessage() for record in caplog.records] == []


def test_print_css_uses_no_physical_sides(app):
    """Left and right swap in right-to-left languages; the sheet says start and end instead."""
    css = (Path(app.static_folder) / "css" / "print.css").read_text()
    rules = re.sub(r"/\*.*?\*/", "", css, flags=re.S)

    assert re.findall(r"[\w-]*\b(?:left|right)\b[\w-]*", rules) == []
