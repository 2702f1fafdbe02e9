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
    """Laid out as on paper: a table row stays on one line."""
    return poppler("pdftotext", data, tmp_path, "-layout")


def line_with(text: str, needle: str) -> str:
    lines = [line for line in text.splitlines() if needle in line]
    assert len(lines) == 1, f"{needle!r} on {len(lines)} lines of:\n{text}"
    return lines[0]


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
    fatima = Speaker(event=event, name=ARABIC_NAME, affiliation="Université de Tunis")
    li = Speaker(event=event, name=CHINESE_NAME, affiliation="Conservatoire de Shanghai")

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


def test_shows_the_event_and_where_its_times_are(app, event, tmp_path):
    text = pdf_text(render(app, event), tmp_path)

    assert TITLE in text
    assert "Conference" in text
    assert "Mar 28 – 30, 2026" in text
    assert "Maison de l'UNESCO · 7 place de Fontenoy, Paris · France" in text
    assert "Times are local: Central European Time (Europe/Paris)" in text


def test_lists_the_sessions_day_by_day_on_the_venue_clocks(app, event, tmp_path):
    text = pdf_text(render(app, event), tmp_path)

    saturday, monday = text.index("Saturday, March 28, 2026"), text.index("Monday, March 30, 2026")
    assert saturday < text.index("Opening plenary") < monday < text.index("Exchange on artist mobility")
    assert "Sunday" not in text  # a day without sessions gets no heading
    # 09:30 in Paris on both days although the UTC offset changed in between (08:30Z, then 07:30Z).
    assert "09:30–10:30" in line_with(text, "Opening plenary")
    assert "09:30–10:30" in line_with(text, "Exchange on artist mobility")
    assert "08:30" not in text and "07:30" not in text


def test_each_session_shows_its_type_room_track_and_speakers(app, event, tmp_path):
    text = pdf_text(render(app, event), tmp_path)

    opening = line_with(text, "Opening plenary")
    assert "Salle I " in opening and "Mobilité des artistes" in opening and ARABIC_NAME in opening
    assert "Plenary" in text and "Peer exchange" in text
    assert "(Université de Tunis)" in opening
    assert text.count(CHINESE_NAME) == 2
    assert "(Conservatoire de Shanghai) · Moderator" in text
    assert "(Conservatoire de Shanghai) · Facilitator" in text


def test_a_cancelled_session_stays_and_is_marked(app, event, tmp_path):
    text = pdf_text(render(app, event), tmp_path)

    visit = line_with(text, "Visit to the archives")
    assert "14:00–16:00" in visit
    assert "cancelled" in visit.lower()
    assert "cancelled" not in line_with(text, "Opening plenary").lower()


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
    assert "09:30–10:30" in line_with(text, "Exchange on artist mobility")


def test_right_to_left_language_starts_lines_at_the_right_margin(app, event, tmp_path):
    """The page direction follows the language (there is no Arabic catalogue yet: English words, RTL page)."""
    def title_box(locale):
        boxes = poppler("pdftotext", render(app, event, locale), tmp_path, "-bbox", "-f", "1", "-l", "1")
        words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)</word>', boxes)
        title_words = [(float(x_min), float(x_max)) for x_min, x_max, word in words if word in TITLE.split()]
        return min(x for x, _ in title_words), max(x for _, x in title_words)

    page_width, margin = 595.28, 15 / 25.4 * 72
    ltr_start, _ = title_box("en")
    _, rtl_end = title_box("ar")

    assert ltr_start == pytest.approx(margin, abs=2)
    assert rtl_end == pytest.approx(page_width - margin, abs=2)
