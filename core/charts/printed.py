"""A chart for the PDF: its shapes stay in the SVG, its words are written as HTML laid over it.

Why: WeasyPrint draws SVG <text> one character at a time, each placed after the one before from left to
right (weasyprint/svg/text.py, version 70 in our venv). Nothing is shaped and nothing is reordered, so
Arabic comes out as unjoined letters in logical order from left to right, which reads backwards (a label
of several words prints with its words reversed), and a mixed label puts its parts in the wrong order.
WeasyPrint lays out HTML text with Pango, which shapes and reorders it as the browser does. So for the
PDF each <text> of the chart becomes a <span> at the same place, and the SVG keeps only the shapes.

The page is unchanged: browsers draw SVG text properly, and the page's chart stays one accessible SVG.
"""
import re
import xml.etree.ElementTree as ET

from markupsafe import Markup, escape

from core.charts.svg import WIDTH

SVG_NS = "http://www.w3.org/2000/svg"
#: Where the baseline of a line of text sits under its top, in ems, with line-height: 1 (Noto Sans' ascent
#: and descent, 1.069 and 0.293 em, share the line's height around it).
BASELINE = 0.89


def _number(value, default: float = 0) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def printed(chart: Markup, width_mm: float = 180, max_height_mm: float = 120) -> Markup:
    """`chart` (one of core.charts' SVGs) at `width_mm` wide (less if it would be taller than
    `max_height_mm`), its texts as HTML over its shapes."""
    ET.register_namespace("", SVG_NS)
    root = ET.fromstring(str(chart))
    _, _, view_width, view_height = (float(part) for part in root.get("viewBox").split())
    scale = min(width_mm / view_width, max_height_mm / view_height)  # mm per unit of the chart
    direction = root.get("direction", "ltr")
    root_size = _number(root.get("font-size"), 12)
    labels = []
    for parent in list(root.iter()):
        for node in list(parent):
            if node.tag != f"{{{SVG_NS}}}text":
                continue
            parent.remove(node)
            labels.append(_label(node, direction, root_size, scale))
    root.set("width", "100%")
    root.set("height", "100%")
    svg = ET.tostring(root, encoding="unicode")
    # The box is dir="ltr" because the SVG's coordinates are measured from its left edge in every language:
    # inside it, inset-inline-start is the distance from the left. Each label's text has its own direction.
    return Markup(f'<div class="chart-printed" dir="ltr" style="position: relative; '
                  f'inline-size: {view_width * scale:.2f}mm; block-size: {view_height * scale:.2f}mm">'
                  f'{svg}{"".join(labels)}</div>')


def _label(node, direction: str, root_size: float, scale: float) -> str:
    x, y = _number(node.get("x")), _number(node.get("y"))
    size = _number(node.get("font-size"), root_size)
    anchor = node.get("text-anchor", "start")
    # Which edge of the text sits at x, on the paper: "start" is the left end in a left-to-right chart and
    # the right end in a right-to-left one.
    if anchor == "middle":
        half = min(x, WIDTH - x)
        box_start, box_width, align = x - half, 2 * half, "center"
    elif (anchor == "end") == (direction == "ltr"):
        box_start, box_width, align = 0, x, "end"  # its right end at x
    else:
        box_start, box_width, align = x, WIDTH - x, "start"  # its left end at x
    style = (f"position: absolute; inset-inline-start: {box_start * scale:.2f}mm; "
             f"inline-size: {box_width * scale:.2f}mm; top: {(y - BASELINE * size) * scale:.2f}mm; "
             f"font-size: {size * scale:.2f}mm; line-height: 1; white-space: nowrap; "
             f"color: {_colour(node.get('fill'))}")
    if node.get("font-weight"):
        style += f"; font-weight: {escape(node.get('font-weight'))}"
    if node.get("font-style"):
        style += f"; font-style: {escape(node.get('font-style'))}"
    # aria-hidden as on the SVG (its visible title repeats the figure's <title>).
    hidden = ' aria-hidden="true"' if node.get("aria-hidden") == "true" else ""
    # The words are a block of their own in the chart's direction: WeasyPrint has no unicode-bidi, so an
    # inline <bdi dir> would not set the direction of the line ("أفريقيا: 6" would put its colon on the
    # wrong side); a block's dir does. Its alignment is the same edge, named from its own direction.
    if align != "center" and direction == "rtl":
        align = "end" if align == "start" else "start"
    return (f'<span class="chart-label" style="{style}"{hidden}><span dir="{direction}" '
            f'style="display: block; text-align: {align}">{escape(node.text or "")}</span></span>')


def _colour(value) -> str:
    return value if value and re.fullmatch(r"#[0-9a-fA-F]{3,8}", value) else "#1a1a1a"
