"""Ink on printed pages, looked at as pixels: pdftotext reads a name whose dots were cut off as whole.

A document is rendered twice, once as it ships and once with a stylesheet that cuts nothing (no
overflow clipping, no maximum height, no line clamp); both pages are rasterised with poppler and
compared pixel by pixel. Any ink in the second that the first lacks was lost to clipping.
"""
import subprocess
from urllib.parse import urljoin

from flask import current_app
from PIL import Image, ImageChops
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from core.pdf import BASE_URL, StaticFilesOnly, html_to_pdf

#: Everything that can hide ink, switched off. Used only when the names tried fit their boxes, so
#: that switching it off changes no layout, only what is painted.
UNCLIPPED = """
*, *::before, *::after {
  overflow: visible !important; max-block-size: none !important; max-height: none !important;
  max-lines: none !important; text-overflow: clip !important;
}
"""

#: Names whose ink reaches below the baseline (descenders, dots and marks below) or stacks above it.
NAMES = {
    "arabic": "ليلى بنعلي الخطيب",  # ي's two dots and ب's dot under the line
    "latin": "Gqjpy Quyjg",  # descenders
    "vietnamese": "Nguyễn Thị Ngọc Quỳnh Đặng",  # stacked marks above, dots below
    "devanagari": "प्रिया कृष्णमूर्ति",  # vowel signs under the letters
    "thai": "สมฤดี ปู่ญาติ",  # marks above and below, ญ's tail
    "cjk": "王芳 李静",
    "cyrillic": "Щукин Дмитрий",  # Щ, Д and у reach below the line
    "hebrew": "שְׁלוֹמִית קֵץ",  # points under the letters, ק below the line
}


def rasterise(data: bytes, tmp_path, name: str, dpi: int = 150) -> list[Image.Image]:
    """Every page of the PDF `data` as a greyscale image."""
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(tmp_path / name)], check=True)
    pages = sorted(tmp_path.glob(f"{name}-*.png"), key=lambda path: int(path.stem.rsplit("-", 1)[1]))
    return [Image.open(path).convert("L") for path in pages]


def unclipped_pdf(html: str, stylesheets) -> bytes:
    """`html` rendered as core.pdf renders it, with UNCLIPPED applied last."""
    fetcher = StaticFilesOnly(current_app.static_folder, current_app.static_url_path)
    fonts = FontConfiguration()
    sheets = [CSS(url=urljoin(BASE_URL, fetcher.prefix + "css/" + name), url_fetcher=fetcher, font_config=fonts)
              for name in stylesheets]
    sheets.append(CSS(string=UNCLIPPED, font_config=fonts))
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf(stylesheets=sheets, font_config=fonts)


def lost_ink(html: str, stylesheets, tmp_path, dpi: int = 150) -> list[int]:
    """Per page, the number of pixels inked when nothing is clipped but blank as printed."""
    printed = rasterise(html_to_pdf(html, stylesheets=stylesheets), tmp_path, "printed", dpi)
    whole = rasterise(unclipped_pdf(html, stylesheets), tmp_path, "whole", dpi)
    assert len(printed) == len(whole)
    lost = []
    for shipped, full in zip(printed, whole):
        # Darker in the unclipped page by more than anti-aliasing noise: ink that the printed page lacks.
        missing = ImageChops.subtract(shipped, full).point(lambda value: 255 if value > 96 else 0)
        # The paper's edge cuts too, rightly (a band printed to the edge of an A4 sheet of badges): leave
        # out the outermost pixels, which the page covers only in part.
        missing = missing.crop((1, 1, missing.width - 1, missing.height - 1))
        lost.append(missing.histogram()[255])
    return lost
