"""Charts on right-to-left pages read from the right, and Arabic labels print joined and in order in PDFs."""
import re
import subprocess
import xml.etree.ElementTree as ElementTree

from flask_babel import force_locale
import pytest

from core import charts
from core.charts.printed import printed
from outcomes import exports
from outcomes.tables import Report, Section, Table
from tests.outcomes.test_charts import SVG, parse

#: Several words, so that a reversed word order shows; no lam-alef (لا): see pdf_text.
LABEL = "وزارة الثقافة والفنون"
TITLE = "الناس حسب الجهة"


def bar_of(chart) -> ElementTree.Element:
    return next(rect for rect in chart.iter(f"{SVG}rect") if rect.get("fill") == charts.PALETTE[0])


def test_a_chart_on_an_arabic_page_is_mirrored(request_context):
    with force_locale("en"):
        english = parse(charts.bars([(LABEL, 12), ("Media", 3)], title=TITLE))
    with force_locale("ar"):
        arabic = parse(charts.bars([(LABEL, 12), ("Media", 3)], title=TITLE))

    assert english.get("direction") == "ltr" and arabic.get("direction") == "rtl"
    # The bar grows from the left edge in English, from the right edge in Arabic, by the same length.
    english_bar, arabic_bar = bar_of(english), bar_of(arabic)
    assert float(english_bar.get("x")) == charts.svg.PAD
    assert float(arabic_bar.get("x")) + float(arabic_bar.get("width")) == charts.svg.WIDTH - charts.svg.PAD
    assert english_bar.get("width") == arabic_bar.get("width")
    # Labels start at the right edge: the same x mirrored, with "start" meaning the right end in rtl.
    english_label = next(text for text in english.iter(f"{SVG}text") if text.text == LABEL)
    arabic_label = next(text for text in arabic.iter(f"{SVG}text") if text.text == LABEL)
    assert float(arabic_label.get("x")) == charts.svg.WIDTH - float(english_label.get("x"))
    assert arabic_label.get("text-anchor") in (None, "start")


def test_a_line_chart_runs_from_the_right_in_arabic(request_context):
    with force_locale("ar"):
        chart = parse(charts.line(["1", "2", "3"], [("حضور", [10, 20, 30])], title="الحضور"))
    points = [float(pair.split(",")[0]) for pair in chart.find(f".//{SVG}polyline").get("points").split()]
    assert points == sorted(points, reverse=True)  # the first day is on the right


def test_the_map_keeps_west_on_the_left_in_arabic(request_context):
    values = {"africa": 3, "europe_north_america": 5}
    with force_locale("en"):
        english = str(charts.region_map(values, title="Regions", total=8))
    with force_locale("ar"):
        arabic = parse(charts.region_map(values, title="Regions", total=8))
    assert arabic.get("direction") == "ltr"
    assert [polygon.get("points") for polygon in arabic.iter(f"{SVG}polygon")] == [
        polygon.get("points") for polygon in parse(english).iter(f"{SVG}polygon")]
    # Its title and legend start at the right, as the page's lines do.
    title = next(text for text in arabic.iter(f"{SVG}text") if text.text == "Regions")
    assert (float(title.get("x")), title.get("text-anchor")) == (charts.svg.WIDTH - charts.svg.PAD, "end")


def test_the_printed_chart_writes_its_words_as_html_over_its_shapes(request_context):
    with force_locale("ar"):
        markup = str(printed(charts.bars([(LABEL, 12)], title=TITLE)))
    assert "<text" not in markup and "<rect" in markup
    assert f'<span dir="rtl" style="display: block; text-align: start">{LABEL}</span>' in markup
    # Placed in a box that is left to right whatever the page, so that inset-inline-start is the left.
    assert markup.startswith('<div class="chart-printed" dir="ltr"')


def pdf_text(data: bytes, tmp_path) -> str:
    """pdftotext's reading of the PDF, in logical order. pdftotext writes a right-to-left run between
    bidi embedding marks (removed), and gives Arabic in logical order when the PDF's glyphs were shaped
    and laid out right to left; unshaped letters put one by one from the left read back reversed.
    Its one known slip: a lam-alef ligature (لا) comes back as ال, so the labels here have none."""
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", out)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_pdf_report_prints_arabic_chart_labels_in_order(app, tmp_path, language, caplog):
    with app.test_request_context("/"), force_locale(language), caplog.at_level("WARNING", logger="weasyprint"):
        chart = charts.bars([(LABEL, 12), ("Media", 3)], title=TITLE)
        table = Table("groups", "People by group", ["Group", "People"], [["Media", 3]])
        report = Report(title="Forum", filename="forum", subtitle="2027",
                        sections=[Section("people", "Who came", [table], charts=[chart])])
        text = pdf_text(exports.report_pdf(report), tmp_path)

    lines = [line.strip() for line in text.splitlines()]
    assert LABEL in lines and TITLE in lines
    assert not any("\ufb50" <= char <= "\ufeff" for char in text)  # no presentation forms: real letters
    # The labels' inline styles (logical insets and alignment) are all applied.
    assert [record.getMessage() for record in caplog.records] == []
