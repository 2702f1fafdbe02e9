"""Markdown written by people, rendered safely.

Raw HTML in the source is shown as text, never passed through, and links may only use
http, https or mailto: a description cannot carry a script into our pages.
"""
from markdown_it import MarkdownIt
from markupsafe import Markup

_SAFE_SCHEMES = ("http://", "https://", "mailto:")


def _validate_link(url: str) -> bool:
    url = url.strip().lower()
    return url.startswith(_SAFE_SCHEMES) or url.startswith(("/", "#")) or ":" not in url.split("/")[0]


# Images are off: the Content-Security-Policy would block outside ones anyway, and uploads come later.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table").disable("image")
_markdown.validateLink = _validate_link


def render_markdown(source: str | None) -> Markup:
    return Markup(_markdown.render(source or ""))
