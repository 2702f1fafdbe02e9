"""Right-to-left pages mirror themselves because the styles speak of the start and end of a line, never of
its left and right: margin-inline-start, inset-inline-start, text-align: start, float: inline-start.
A physical property slipped into a stylesheet, a <style> block, an inline style= or a style written by
Python or JavaScript would put that one thing on the wrong side of an Arabic page."""
from pathlib import Path
import re

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: margin-left, padding-right, border-left(-width), border-top-left-radius, scroll-margin-left, left:, right:,
#: text-align/float/clear: left|right, background-position with left/right, JS's style.marginLeft...
PHYSICAL = re.compile(
    r"""(?ix)
    (?<![\w-])(?:margin|padding|border|scroll-margin|scroll-padding)-(?:left|right)\b
    | (?<![\w-])border-(?:top|bottom)-(?:left|right)-radius\b
    | (?<![\w-])(?:left|right)\s*:(?!:)
    | (?<![\w-])(?:text-align|float|clear|text-align-last)\s*:\s*(?:left|right)\b
    | (?<![\w-])background-position(?:-x)?\s*:[^;"]*\b(?:left|right)\b
    | \.style\.(?:left|right|marginLeft|marginRight|paddingLeft|paddingRight|borderLeft\w*|borderRight\w*)\b
    | (?<![\w-])border-radius\s*:\s*[^;"]*\s[^;"\s]+\s[^;"\s]+   # three or four corners: physical order
    | @(?:top|bottom)-(?:left|right)\b | @(?:left|right)-(?:top|middle|bottom)\b   # page margin boxes
    """)

#: Where a physical left/right is right: say why. (file relative to the root, the text of the line)
ALLOWED: list[tuple[str, str]] = [
    # The charts' SVG is drawn in physical coordinates; the PDF writes its labels as HTML over it, placed
    # in an overlay that is always dir="ltr", where inset-inline-start is the left and says so.
]


def _sources():
    yield from sorted((ROOT / "static" / "css").glob("*.css"))
    yield from sorted((ROOT / "static" / "js").glob("*.js"))
    yield from sorted((ROOT / "templates").rglob("*.html"))
    for package in ("core", "accounts", "events", "registration", "showcase", "outcomes"):
        yield from sorted((ROOT / package).rglob("*.py"))


def _style_text(path: Path, text: str) -> list[tuple[int, str]]:
    """The lines of `path` that hold styles: all of a stylesheet or script; in templates and Python, the
    lines inside <style> blocks and the style="..." attributes."""
    if path.suffix in (".css", ".js"):
        # Comments may speak of left and right ("never left/right"); blanked, keeping the line numbers.
        text = re.sub(r"/\*.*?\*/", lambda comment: "\n" * comment.group().count("\n"), text, flags=re.S)
        text = re.sub(r"(?m)^\s*//.*$", "", text)
        return list(enumerate(text.splitlines(), 1))
    lines = text.splitlines()
    found, in_style = [], False
    for number, line in enumerate(lines, 1):
        if "<style" in line:
            in_style = True
        if in_style:
            found.append((number, line))
        if "</style>" in line:
            in_style = False
        for attribute in re.findall(r"""style=["']([^"']*)["']""", line):
            found.append((number, attribute))
        if path.suffix == ".py":
            # Inline styles built in Python (a chart label, a badge slot) and SVG presentation attributes.
            found += [(number, part) for part in re.findall(r"style\s*=\s*f?[\"']([^\"']*)", line)]
    return found


def test_no_physical_left_or_right_in_any_style():
    offenders = []
    for path in _sources():
        relative = str(path.relative_to(ROOT))
        for number, line in _style_text(path, path.read_text(encoding="utf-8")):
            if PHYSICAL.search(line) and not any(relative == file and part in line for file, part in ALLOWED):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert not offenders, "physical left/right (use the logical property):\n" + "\n".join(offenders)


@pytest.mark.parametrize("style", [
    "margin-left: 2px", "padding-right:0", "left: 0", "right:3mm", "text-align: right", "float: left",
    "border-left: 1px solid", "border-top-right-radius: 2px", "background-position: right 4px center",
    "el.style.marginLeft = '3px'", "border-radius: 1px 2px 3px 4px", "@bottom-right { content: counter(page) }",
])
def test_the_check_sees_physical_properties(style):
    assert PHYSICAL.search(style)


@pytest.mark.parametrize("style", [
    "margin-inline-start: 2px", "inset-inline-end: 0", "text-align: start", "float: inline-start",
    "border-start-end-radius: 2px", "border-radius: 4px", "a::before { content: '' }", "top: 0",
    "scroll-padding-inline: 1rem", "@bottom-center { content: counter(page) }",
])
def test_the_check_lets_logical_properties_through(style):
    assert not PHYSICAL.search(style)


@pytest.mark.parametrize("stylesheet", ["badges.css", "certificates.css", "print.css", "fair-guide.css"])
def test_weasyprint_applies_every_logical_property_of_the_pdf_stylesheets(stylesheet, caplog):
    """WeasyPrint renders these: a logical property it did not know would be dropped with a warning, and
    the PDF would lay out as if it were not there (WeasyPrint 70 knows inset-inline-*, margin-/padding-/
    border-inline-*, *-block-*, inline-/block-size, text-align: start|end and float: inline-start|end)."""
    from weasyprint import CSS

    with caplog.at_level("WARNING", logger="weasyprint"):
        CSS(filename=str(ROOT / "static" / "css" / stylesheet))
    assert [record.getMessage() for record in caplog.records] == []
