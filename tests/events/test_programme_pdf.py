"""The printed programme, read back as a participant would read the paper: pdftotext, pdfinfo."""
from datetime import datetime, timedelta
import re
import subprocess

from flask_babel import force_locale
import pytest

from core.extensions import db
from core.times import to_utc
from events.models import CANCELLED, Event, Room, Session, SessionSpeaker, Speaker, Track
from events.programme_pdf import programme_pdf

PARIS = "Europe/Paris"
TITLE = "Forum des politiques culturelles"
ARABIC_NAME = "فاطمة الزهراء"
CHINESE_NAME = "李静"
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def poppler(tool: str, data: bytes, tmp_path, *options: str) -> str:
    path = tmp_path / "programme.pdf"
    path.write_bytes(data)
    out = subprocess.run([tool, *options, str(path), *(["-"] if tool == "pdftotext" else [])],
                         check=True, capture_output=True, text=True)
    # pdftotext wraps right-to-left runs in bidi embedding marks; they are not part of the text.
    return BIDI_CONTROLS.sub("", out.stdout)


def pdf_text(data: bytes, tmp_path) -> str:
    """Laid out as on paper: the cells of a table row side by side."""
    return poppler("pdftotext", data, tmp_path, "-layout")


def row_of(text: str, title: str) -> str:
    """The table row of the session `title`: from its line (which starts with its times) to the blank line after."""
    lines = text.splitlines()
    starts = [number for number, line in enumerate(lines) if title in line]
    assert len(starts) == 1, f"{title!r} on {len(starts)} lines of:\n{text}"
    row = []
    for line in lines[starts[0]:]:
        if not line.strip():
            break
        row.append(line)
    return "\n".join(row)


def word_boxes(data: bytes, tmp_path) -> list[tuple[str, float, float, float, float]]:
    """(word, xMin, yMin, xMax, yMax) in points from the top left of page 1."""
    boxes = poppler("pdftotext", data, tmp_path, "-bbox", "-f", "1", "-l", "1")
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', boxes)
    return [(word, *map(float, box)) for *box, word in found]


def is_struck_through(data: bytes, tmp_path, word: str) -> bool:
    """Does a line run across the whole of `word` on page 1? Letters alone leave gaps between them."""
    (_, x_min, y_min, x_max, y_max), = [box for box in word_boxes(data, tmp_path) if box[0] == word]
    dpi = 144
    subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile",
                    str(tmp_path / "programme.pdf"), str(tmp_path / "page")], check=True)
    magic, width, _height, _maximum, pixels = (tmp_path / "page.pgm").read_bytes().split(maxsplit=4)
    assert magic == b"P5"
    width = int(width)
    scale = dpi / 72
    columns = range(round(x_min * scale) + 1, round(x_max * scale) - 1)
    return any(all(pixels[y * width + x] < 200 for x in columns)
               for y in range(round(y_min * scale), round(y_max * scale)))


def paris(*fields: int) -> datetime:
    return to_utc(datetime(*fields), PARIS)


def add_session(event, title, start, minutes=60, **fields):
    session = Session(event=event, title=title, starts_at=start, ends_at=start + timedelta(minutes=minutes), **fields)
    db.session.add(session)
    return session


@pytest.fixture
def event(app):
    """Two days either side of the night Paris clocks go forward (29 March 2026)."""
    event = Event(slug="forum-2026", kind="conference", title=TITLE, timezone=PARIS,
                  starts_at=paris(2026, 3, 28, 9, 0), ends_at=paris(2026, 3, 30, 18, 0),
                  venue_name="Maison de l'UNESCO", venue_address="7 place de Fontenoy, Paris", country="FR")
    plenary_hall = Room(event=event, name="Salle I", position=1)
    small_room = Room(event=event, name="Salle XI", position=2)
    track = Track(event=event, name="Mobilité des artistes")
    fatima = Speaker(event=event, name=ARABIC_NAME, affiliation="ISAM Tunis")
    li = Speaker(event=event, name=CHINESE_NAME, affiliation="CCOM")

    opening = add_session(event, "Opening plenary", paris(2026, 3, 28, 9, 30), session_type="plenary",
                          room=plenary_hall, track=track)
    opening.speaker_links = [SessionSpeaker(speaker=fatima, role="speaker", position=0),
                             SessionSpeaker(speaker=li, role="moderator", position=1)]
    add_session(event, "Visit to the archives", paris(2026, 3, 28, 14, 0), 120, session_type="site_visit",
                room=small_room, status=CANCELLED)
    exchange = add_session(event, "Exchange on artist mobility", paris(2026, 3, 30, 9, 30), session_type="peer_exchange",
                           room=small_room, track=track)
    exchange.speaker_links = [SessionSpeaker(speaker=li, role="facilitator")]
    db.session.add(event)
    db.session.commit()
    return event


def render(app, event, locale="en") -> bytes:
    with app.test_request_context("/"), force_locale(locale):
        return programme_pdf(event, event.sessions)


def test_is_an_a4_portrait_pdf(app, event, tmp_path):
    data = render(app, event)

    assert data.startswith(b"%PDF-")
    info = poppler("pdfinfo", data, tmp_path)
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info), info


def test_renders_without_a_missing_resource_or_an_ignored_rule(app, event, caplog):
    # WeasyPrint only logs what it could not fetch or apply; the PDF would just look wrong.
    with caplog.at_level("WARNING", logger="weasyprint"):
        render(app, event)

    assert [record.getMessage() for record in caplog.records] == []


def test_shows_the_event_and_where_its_times_are(app, event, tmp_path):
    text = pdf_text(render(app, event), tmp_path)

    assert TITLE in text
    assert "Conference" in text
    assert "28–30 Mar 2026" in text
    assert "Maison de l'UNESCO · 7 place de Fontenoy, Paris · France" in text
    assert "Times are local: Central European Time (Europe/Paris)" in text


def test_lists_the_sessions_day_by_day_on_the_venue_clocks(app, event, tmp_path):
    text = pdf_text(render(app, event), tmp_path)

    saturday, monday = text.index("Saturday, 28 March 2026"), text.index("Monday, 30 March 2026")
    assert saturday < text.index("Opening plenary") < monday < text.index("Exchange on artist mobility")
    assert "Sunday" not in text  # a day without sessions gets no heading
    # 09:30 in Paris on both days although the UTC offset changed in between (08:30Z, then 07:30Z).
    assert "09:30–10:30" in row_of(text, "Opening plenary")
    assert "09:30–10:30" in row_of(text, "Exchange on artist mobility")
    assert "08:30" not in text and "07:30" not in text


def test_each_session_shows_its_type_room_track_and_speakers(app, event, tmp_path):
    text = pdf_text(render(app, event), tmp_path)

    opening = row_of(text, "Opening plenary")
    assert "Plenary" in opening and "Salle I " in opening
    assert "Mobilité des" in opening and "artistes" in opening  # the track wraps in its column
    assert ARABIC_NAME in opening and "ISAM Tunis" in opening
    assert CHINESE_NAME in opening and "· Moderator" in opening
    exchange = row_of(text, "Exchange on artist mobility")
    assert "Peer exchange" in exchange and "Salle XI" in exchange and CHINESE_NAME in exchange
    assert "· Facilitator" in exchange


def test_a_cancelled_session_stays_and_is_marked(app, event, tmp_path):
    text = pdf_text(render(app, event), tmp_path)

    visit = row_of(text, "Visit to the archives")
    assert "14:00–16:00" in visit
    assert "Cancelled" in visit  # however the mark wraps, it is in the session's row
    assert "Cancelled" not in row_of(text, "Opening plenary")


def test_a_cancelled_session_is_struck_through(app, event, tmp_path):
    data = render(app, event)

    assert is_struck_through(data, tmp_path, "archives")
    assert is_struck_through(data, tmp_path, "14:00–16:00")
    assert not is_struck_through(data, tmp_path, "plenary")


def test_every_page_has_its_number_and_the_later_ones_the_title(app, event, tmp_path):
    for number in range(40):
        add_session(event, f"Workshop {number}", paris(2026, 3, 30, 10, 0) + timedelta(minutes=15 * number),
                    session_type="workshop")
    db.session.commit()

    pages = pdf_text(render(app, event), tmp_path).rstrip("\f").split("\f")

    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
    assert all(page.strip().startswith(TITLE) for page in pages[1:])


def test_french_programme_has_french_dates_and_the_same_times(app, event, tmp_path):
    text = pdf_text(render(app, event, "fr"), tmp_path)

    assert "samedi 28 mars 2026" in text
    assert "lundi 30 mars 2026" in text
    assert "28–30 mars 2026" in text
    assert "Saturday" not in text
    assert "09:30–10:30" in row_of(text, "Exchange on artist mobility")


def test_right_to_left_language_starts_lines_at_the_right_margin(app, event, tmp_path):
    """The page direction follows the language: the (English) title starts at the right margin in Arabic."""
    def extent(locale, words):
        boxes = [box for box in word_boxes(render(app, event, locale), tmp_path) if box[0] in words]
        return min(box[1] for box in boxes), max(box[3] for box in boxes)

    page_width, margin = 595.28, 15 / 25.4 * 72
    # The title starts at the margin of the side the language reads from. (The first column's heading,
    # "Time", is written in Arabic on the Arabic page, where pdftotext's word boxes are less certain.)
    words = TITLE.split()
    assert extent("en", words)[0] == pytest.approx(margin, abs=2)
    assert extent("ar", words)[1] == pytest.approx(page_width - margin, abs=2)


def test_no_dot_or_descender_of_any_script_is_cut_off_in_the_programme(app, event, tmp_path):
    from events.programme_pdf import programme_html
    from tests.ink import NAMES, lost_ink

    event.title = "Gqjpy " + NAMES["arabic"]
    for number, name in enumerate(NAMES.values()):
        speaker = Speaker(event=event, name=name, affiliation=f"Gqjpy {name}")
        session = add_session(event, f"{name} Gqjpy", paris(2026, 3, 30, 11 + number // 4, (number % 4) * 15), 15,
                              session_type="plenary")
        session.speaker_links = [SessionSpeaker(speaker=speaker, role="speaker", position=0)]
    db.session.commit()

    with app.test_request_context("/"):
        assert set(lost_ink(programme_html(event, event.sessions), ["print.css"], tmp_path)) == {0}
