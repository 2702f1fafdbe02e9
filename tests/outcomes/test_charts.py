"""The server-drawn SVG charts (core/charts.py): valid SVG that says what it shows in words and numbers."""
import logging
import xml.etree.ElementTree as ElementTree

from flask_babel import refresh
import pytest

from core import charts
from core.pdf import html_to_pdf

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup) -> ElementTree.Element:
    return ElementTree.fromstring(str(markup))


def written(chart: ElementTree.Element) -> list[str]:
    """The texts the chart draws, in order."""
    return ["".join(element.itertext()) for element in chart.iter(f"{SVG}text")]


def colours(chart: ElementTree.Element) -> set[str]:
    return {element.get("fill") for element in chart.iter(f"{SVG}rect")} - {None}


def assert_accessible(chart: ElementTree.Element, title: str):
    title_element = chart.find(f"{SVG}title")
    assert chart.get("role") == "img" and title_element.text == title
    assert chart.get("aria-labelledby") == title_element.get("id")
    assert chart.get("aria-describedby") == chart.find(f"{SVG}desc").get("id")
    assert "table" in chart.find(f"{SVG}desc").text
    assert chart.get("viewBox", "").startswith("0 0 640 ") and chart.get("height") is None
    # The Content Security Policy forbids inline styles: presentation attributes only.
    assert all(element.get("style") is None for element in chart.iter())
    assert not list(chart.iter(f"{SVG}style")) and not list(chart.iter(f"{SVG}script"))


def test_bars_write_each_label_and_value(request_context):
    chart = parse(charts.bars([("Government agency or body", 12), ("Media", 1234)], title="People by group"))
    assert_accessible(chart, "People by group")
    assert written(chart) == ["People by group", "Government agency or body", "12", "Media", "1,234"]
    widths = [float(rect.get("width")) for rect in chart.iter(f"{SVG}rect")]
    assert widths[1] > widths[0] * 100  # to scale: the largest value fills the track
    assert colours(chart) == {charts.PALETTE[0]}


def test_a_hidden_value_draws_no_bar_and_says_so(request_context):
    chart = parse(charts.bars([("Senegal", 5), ("Other", None)], title="Countries", hidden_text="fewer than 5"))
    assert written(chart)[-2:] == ["Other", "fewer than 5"]
    assert len(list(chart.iter(f"{SVG}rect"))) == 1


def test_percentages_are_written_as_the_language_writes_them(app):
    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        refresh()  # the test's app context would keep the language of the one before
        french = written(parse(charts.bars([("Jour 1", 58.3)], title="Présence", unit="%", max_value=100)))
    with app.test_request_context("/"):
        refresh()
        english = written(parse(charts.bars([("Day 1", 58.3), ("Day 2", 1500)], title="Attendance", unit="%",
                                            max_value=100)))
    assert french[-1] == "58,3\u00a0%" and english[1:4] == ["Day 1", "58.3%", "Day 2"]


def test_a_bar_never_runs_past_its_maximum(request_context):
    chart = parse(charts.bars([("Over", 150), ("Half", 50)], title="Rates", unit="%", max_value=100))
    over, half = (float(rect.get("width")) for rect in chart.iter(f"{SVG}rect"))
    assert over == pytest.approx(2 * half)


def test_names_in_any_script_are_escaped_not_run(request_context):
    markup = str(charts.bars([('<script>alert("x")</script>', 3), ("Société & Co", 2), ("الحكومة", 1),
                              ("中国", 1)], title="A <b>title</b>"))
    chart = parse(markup)
    assert "<script>" not in markup and "<b>" not in markup
    assert written(chart)[:3] == ["A <b>title</b>", '<script>alert("x")</script>', "3"]
    assert "Société & Co" in written(chart) and "الحكومة" in written(chart) and "中国" in written(chart)


def test_charts_read_left_to_right_whatever_the_page(request_context):
    chart = parse(charts.scores([("New knowledge", 4.0)], title="Scores"))
    assert chart.get("direction") == "ltr"


def test_each_chart_has_its_own_ids(request_context):
    first = parse(charts.bars([("A", 1)], title="One"))
    second = parse(charts.bars([("A", 2)], title="One"))
    named = parse(charts.bars([("A", 1)], title="One", id="chart-groups"))
    assert first.find(f"{SVG}title").get("id") != second.find(f"{SVG}title").get("id")
    assert named.find(f"{SVG}title").get("id") == "chart-groups-title"
    assert first.find(f"{SVG}title").get("id") == parse(charts.bars([("A", 1)], title="One")).find(
        f"{SVG}title").get("id")  # the same chart, the same id: pages render the same each time


def test_stacked_bars_have_a_legend_in_words_and_a_colour_per_series(request_context):
    chart = parse(charts.stacked_bars(["2027-02-01", "2027-02-02"], [("Confirmed", [3, 1]), ("Cancelled", [0, 1])],
                                      title="Registrations per day"))
    assert_accessible(chart, "Registrations per day")
    text = written(chart)
    assert text[1:3] == ["Confirmed", "Cancelled"]  # the legend, under the title
    assert "2027-02-01" in text and "2027-02-02" in text
    assert "3" in text and "2" in text  # the totals over the columns
    assert colours(chart) >= {charts.PALETTE[0], charts.PALETTE[1]}
    tooltips = [title.text for title in chart.iter(f"{SVG}title")][1:]
    assert tooltips == ["2027-02-01, Confirmed: 3", "2027-02-02, Confirmed: 1", "2027-02-02, Cancelled: 1"]


def test_stacked_bars_with_long_labels_lie_down(request_context):
    chart = parse(charts.stacked_bars(["Knowledge fair of the 2005 Convention", "Workshop"],
                                      [("Newcomers", [30, 4]), ("Returning", [5, 20])], title="Newcomers"))
    text = written(chart)
    # One row per event, its name in full, then its segments' values and its total.
    assert text[3:7] == ["Knowledge fair of the 2005 Convention", "30", "5", "35"]


def test_a_line_chart_marks_each_series_differently(request_context):
    chart = parse(charts.line(["2025", "2026", "2027"], [("People", [10, 40, 70]), ("Organisations", [5, None, 30])],
                              title="The constituency"))
    assert_accessible(chart, "The constituency")
    text = written(chart)
    assert "People" in text and "Organisations" in text and "70" in text and "30" in text
    lines = list(chart.iter(f"{SVG}polyline"))
    # The gap (None) leaves Organisations with no segment to draw: only People's line.
    assert len(lines) == 1 and lines[0].get("stroke") == charts.PALETTE[0]
    assert chart.find(f".//{SVG}circle") is not None and chart.find(f".//{SVG}rect") is not None  # two shapes


def test_scores_sit_on_a_one_to_five_axis(request_context):
    chart = parse(charts.scores([("New knowledge", 3.83), ("Improved consensus", None)], title="Scores",
                                low_label="Strongly disagree", high_label="Strongly agree",
                                hidden_text="fewer than 5 answers"))
    assert_accessible(chart, "Scores")
    text = written(chart)
    assert text[1:6] == ["1", "2", "3", "4", "5"]
    assert "Strongly disagree" in text and "Strongly agree" in text
    assert text[-4:] == ["New knowledge", "3.8", "Improved consensus", "fewer than 5 answers"]
    assert len(list(chart.iter(f"{SVG}circle"))) == 1


def test_an_empty_chart_says_there_is_nothing_yet(request_context):
    for chart in (charts.bars([], title="Empty"), charts.stacked_bars([], [], title="Empty"),
                  charts.line([], [], title="Empty"), charts.scores([], title="Empty")):
        assert written(parse(chart)) == ["Empty", "Nothing to count yet."]


def test_the_region_map_shades_each_region_by_its_share(request_context):
    chart = parse(charts.region_map({"africa": 30, "arab_states": 5, "asia_pacific": None, "europe_north_america": 0},
                                    title="Regions", total=40, hidden_text="fewer than 5"))
    assert_accessible(chart, "Regions")
    text = " ".join(written(chart))
    # 30/40 = 75 %, 5/40 = 12.5 %; Latin America, left out, had no one.
    assert "Africa 30 · 75%" in text and "Arab States 5 · 12.5%" in text
    assert "Asia and the Pacific fewer than 5" in text and "Latin America and the Caribbean 0" in text
    fills = {polygon.get("fill") for polygon in chart.iter(f"{SVG}polygon")}
    assert {"#08519c", "#9ecae1", charts.NO_ONE} <= fills and any(fill.startswith("url(#") for fill in fills)
    assert "50% and more" in text and "no one" in text  # the legend says what the shades mean


def test_nice_ticks():
    assert charts.nice_ticks(7, integer=True) == [0, 2, 4, 6, 8]
    assert charts.nice_ticks(3, integer=True) == [0, 1, 2, 3]
    assert charts.nice_ticks(950) == [0, 250, 500, 750, 1000]
    assert charts.nice_ticks(0) == [0, 1]


def test_charts_print_in_the_pdf(request_context, caplog):
    html = "<html><body>" + "".join(str(chart) for chart in (
        charts.bars([("الحكومة", 3)], title="Groups"),
        charts.stacked_bars(["a", "b"], [("x", [1, 2])], title="Stacked"),
        charts.line(["a", "b"], [("x", [1, 2])], title="Line"),
        charts.scores([("a", 4.5)], title="Scores"))) + "</body></html>"
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = html_to_pdf(html)
    assert pdf.startswith(b"%PDF") and not caplog.records  # WeasyPrint read every element and attribute


def text_boxes(chart: ElementTree.Element) -> list[tuple[str, float, float, float, float]]:
    """(text, left, top, right, bottom) of each text the chart writes, as a reader sees it: its width from
    the number of characters (charts.text_width, the estimate the charts lay out with), its height its size."""
    boxes = []
    for element in chart.iter(f"{SVG}text"):
        if element.get("aria-hidden") == "true":
            continue  # the title, above everything
        content = "".join(element.itertext())
        size = float(element.get("font-size", 12))
        width = charts.text_width(content, size)
        x, y = float(element.get("x")), float(element.get("y"))
        left = {"middle": x - width / 2, "end": x - width}.get(element.get("text-anchor"), x)
        boxes.append((content, left, y - size * 0.8, left + width, y + size * 0.2))
    return boxes


def overlapping(boxes) -> list[tuple[str, str]]:
    return [(first[0], second[0]) for index, first in enumerate(boxes) for second in boxes[index + 1:]
            if first[1] < second[3] and second[1] < first[3] and first[2] < second[4] and second[2] < first[4]]


@pytest.mark.parametrize("values", [
    # The map: only Africa large enough to show; every other region "counted with the other small groups".
    {"africa": 14, "arab_states": None, "asia_pacific": None, "europe_north_america": None,
     "latin_america_caribbean": None},
    {"africa": 1234, "arab_states": 250, "asia_pacific": 12345, "europe_north_america": 7,
     "latin_america_caribbean": 99},
])
def test_no_two_labels_of_the_region_map_overlap(request_context, values):
    chart = parse(charts.region_map(values, title="Regions", total=20000,
                                    hidden_text="counted with the other small groups"))
    labels = [box for box in text_boxes(chart) if "%" not in box[0] or "·" in box[0]]
    assert overlapping(labels) == []
    # Each region's box holds its own two lines, and the boxes do not overlap either.
    rects = [(float(rect.get("x")), float(rect.get("y")), float(rect.get("width")), float(rect.get("height")))
             for rect in chart.iter(f"{SVG}rect") if rect.get("rx") == "3"]
    assert len(rects) == 5
    assert overlapping([("", x, y, x + width, y + height) for x, y, width, height in rects]) == []


def test_a_column_of_one_segment_is_labelled_once(request_context):
    # 18 days with one registration each: "1" once per column (its total), not a second time inside it.
    days = [f"2026-11-{day:02d}" for day in range(1, 19)]
    chart = parse(charts.stacked_bars(days, [("Confirmed", [1] * 18), ("Cancelled", [0] * 18)], title="Per day"))
    on_columns = ["".join(text.itertext()) for text in chart.iter(f"{SVG}text") if text.get("text-anchor") == "middle"
                  and text.get("fill") != charts.svg.MUTED]  # not the axis's values nor the days under it
    assert on_columns == ["1"] * 18
    assert overlapping([box for box in text_boxes(chart) if box[0] not in ("Confirmed", "Cancelled")]) == []
    # Two segments in a column: each has its number, and the column its total.
    chart = parse(charts.stacked_bars(["2026-11-01"], [("Confirmed", [6]), ("Cancelled", [3])], title="Per day"))
    texts = written(chart)
    assert "3" in texts and "6" in texts and "9" in texts
