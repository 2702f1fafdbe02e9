"""HTML -> PDF bytes: the one PDF helper (programme, badges, certificates all come through here).

A PDF is rendered on the server from our own templates, but those templates carry text that people
typed (titles, names, descriptions). So the renderer may read nothing but the app's own static files:
no network (a slow or hostile host would stall or track the rendering), no `file:` (a crafted URL
would copy a server file into the PDF). A refused resource is simply missing; the PDF still renders. Images in `data:` URLs are let through:
they carry their own bytes (a badge photo, an event's logo) and reach nothing.

Long documents (a thousand badges) are cut into parts rendered side by side in worker processes, one
per core, and joined: WeasyPrint lays pages out on one core, so one document would leave the other idle.
"""
from concurrent.futures import ProcessPoolExecutor, as_completed
import io
import mimetypes
import multiprocessing
import os
from urllib.parse import unquote, urljoin, urlsplit

from flask import current_app
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse
from werkzeug.security import safe_join

#: Documents are rendered as if served from this origin, so that `/static/...` links resolve to it.
#: `.invalid` is reserved (RFC 2606): even if a URL escaped the fetcher, it could reach no host.
BASE_URL = "https://convene.invalid/"


class ResourceRefused(ValueError):
    """A document asked for something other than one of the app's static files."""


class StaticFilesOnly(URLFetcher):
    """Serves files under the app's static folder for URLs on BASE_URL; refuses every other URL.

    WeasyPrint catches the exception, logs it and renders without the resource.
    """

    def __init__(self, static_folder: str, static_url_path: str):
        super().__init__(fail_on_errors=False)
        self.static_folder = static_folder
        self.prefix = static_url_path.rstrip("/") + "/"

    def fetch(self, url, headers=None):
        if url.startswith("data:image/"):
            return super().fetch(url, headers)  # urllib's data: handler: decoding only
        path = self.path_of(url)
        with open(path, "rb") as file:
            body = file.read()
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        if content_type.startswith("text/"):
            content_type += "; charset=utf-8"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})

    def path_of(self, url: str) -> str:
        parts = urlsplit(url)
        origin = urlsplit(BASE_URL)
        if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc) or not parts.path.startswith(self.prefix):
            raise ResourceRefused(f"not a static file: {url}")
        # safe_join refuses "..", absolute parts and the like, also when they arrive %-encoded.
        path = safe_join(self.static_folder, unquote(parts.path[len(self.prefix):]))
        if path is None or not os.path.isfile(path):
            raise ResourceRefused(f"no such static file: {url}")
        return path


def html_to_pdf(html: str, *, stylesheets: list[str] = ()) -> bytes:
    """Render `html` to PDF; `stylesheets` are file names under static/css/, applied after the document's own.

    Needs an app context (for the static folder). Links in the document resolve against BASE_URL,
    so `url_for('static', ...)` and `static/...` both work; anything else is refused.
    """
    return _render(html, tuple(stylesheets), current_app.static_folder, current_app.static_url_path)


def _render(html: str, stylesheets: tuple, static_folder: str, static_url_path: str) -> bytes:
    """html_to_pdf without the app, so that worker processes can run it."""
    fetcher = StaticFilesOnly(static_folder, static_url_path)
    # One per document: it holds the @font-face files WeasyPrint downloads (from static/ only, here).
    font_config = FontConfiguration()
    sheets = [CSS(url=urljoin(BASE_URL, fetcher.prefix + "css/" + name), url_fetcher=fetcher, font_config=font_config)
              for name in stylesheets]
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=sheets, font_config=font_config)


def parts_to_pdf(parts, count: int, *, stylesheets: list[str] = (), processes: int | None = None,
                 progress=None) -> bytes:
    """Render each HTML document of `parts` and join them, in order, into one PDF.

    `parts` yields (html, weight) pairs, `count` of them; `progress(weight done so far)` is called as
    parts finish. Parts are rendered in up to `processes` worker processes (default PDF_PROCESSES, else
    one per core), each handed out as soon as it is made, so that making the next part's HTML here
    overlaps with rendering the previous ones there.
    """
    from pypdf import PdfWriter

    static = (current_app.static_folder, current_app.static_url_path)
    processes = processes or current_app.config.get("PDF_PROCESSES") or os.cpu_count() or 1
    rendered: list[bytes | None] = [None] * count
    done = 0
    if processes <= 1 or count <= 1:
        for index, (html, weight) in enumerate(parts):
            rendered[index] = _render(html, tuple(stylesheets), *static)
            done += weight
            if progress:
                progress(done)
    else:
        # "spawn": the workers start clean, whatever threads and connections this process holds.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=min(processes, count), mp_context=context) as pool:
            futures = {}
            for index, (html, weight) in enumerate(parts):
                futures[pool.submit(_render, html, tuple(stylesheets), *static)] = (index, weight)
            for future in as_completed(futures):
                index, weight = futures[future]
                rendered[index] = future.result()
                done += weight
                if progress:
                    progress(done)
    if len(rendered) == 1:
        return rendered[0]
    writer = PdfWriter()
    for data in rendered:
        writer.append(io.BytesIO(data))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
