"""Issue 17 in Chromium: the organiser mails a speaker their personal upload link; the speaker, without an
account, uploads their slides; the organiser publishes them; after the event a visitor finds them on the
event's Materials page and downloads the very PDF (read back with pdftotext)."""
from datetime import datetime, timedelta
import re
import subprocess

from playwright.sync_api import expect
import pytest

from core.extensions import db
from events.models import Speaker
from tests.browser.conftest import new_page
from tests.browser.test_events_in_browser import log_in
from tests.conftest import link_in
from tests.events.material_files import slides

pytestmark = pytest.mark.browser



def test_speaker_uploads_organiser_publishes_visitor_downloads(chromium, live_server, make_event, make_session,
                                                               smtp_server, tmp_path):
    # An event that ended yesterday: its speakers' links work for two more weeks.
    start = datetime.now() - timedelta(days=4)
    event = make_event(title="Regional workshop on cultural statistics", start=start.replace(microsecond=0),
                       zone="UTC")
    speaker = Speaker(event=event, name="Somchai Wongsakul", email="somchai@nso.example.org")
    db.session.add(speaker)
    db.session.commit()
    make_session(event, start.replace(hour=10, minute=0, second=0, microsecond=0),
                           title="Surveys of cultural participation", speakers=[speaker])
    pdf = tmp_path / "participation-survey.pdf"
    pdf.write_bytes(slides("Household survey of cultural participation"))

    # The organiser mails the speaker their personal link.
    organiser = new_page(chromium, live_server)
    log_in(organiser, event.team[0].user)
    organiser.goto(f"/events/{event.slug}/manage/materials")
    organiser.get_by_role("button", name="Send by e-mail to Somchai Wongsakul").click()
    expect(organiser.get_by_text("The upload link for “Surveys of cultural participation” is sent")).to_be_visible()
    link = link_in(smtp_server.last_to("somchai@nso.example.org"), f"/events/{event.slug}/sessions/")

    # The speaker, with no account, uploads the slides: they wait for the organisers.
    speaker_page = new_page(chromium, live_server)
    speaker_page.goto(link)
    expect(speaker_page.get_by_role("heading", name="Your materials for “Surveys of cultural participation”")) \
        .to_be_visible()
    speaker_page.get_by_label("Title").fill("Slides: the household survey")
    speaker_page.get_by_label("File (for slides or a document)").set_input_files(str(pdf))
    speaker_page.get_by_role("button", name="Send to the organisers").click()
    expect(speaker_page.get_by_text("Thank you: “Slides: the household survey” is sent.")).to_be_visible()
    expect(speaker_page.get_by_text("Waiting for the organisers")).to_be_visible()

    # The organiser finds it in the to-do list, and publishes it.
    organiser.goto(f"/events/{event.slug}/manage")
    organiser.get_by_role("link", name=re.compile("1 upload from a speaker waits for you")).click()
    organiser.get_by_role("button", name="Publish “Slides: the household survey”").click()
    expect(organiser.get_by_text("“Slides: the household survey” is published")).to_be_visible()

    # A visitor goes from the event page to its Materials page, searches, and downloads the slides.
    visitor = new_page(chromium, live_server)
    visitor.goto(f"/events/{event.slug}/")
    visitor.get_by_role("link", name="Slides, documents and recordings of the event").click()
    visitor.get_by_label("Search").fill("somchai")
    visitor.get_by_role("button", name="Show materials").click()
    expect(visitor).to_have_url(re.compile(r"/materials\?q=somchai"))
    expect(visitor.get_by_text("1 material", exact=True)).to_be_visible()
    with visitor.expect_download() as download_info:
        visitor.get_by_role("link", name="Slides: the household survey").click()
    download = download_info.value
    assert download.suggested_filename == "Slides-the-household-survey.pdf"
    saved = tmp_path / "downloaded.pdf"
    download.save_as(saved)
    text = subprocess.run(["pdftotext", str(saved), "-"], capture_output=True, text=True, check=True).stdout
    assert "Household survey of cultural participation" in " ".join(text.split())
