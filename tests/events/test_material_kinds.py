"""Each material says what it is on the organisers' Materials page and on its edit page: the knowledge fair's
booth materials (images, documents, videos) used to lend their names to the programme's, so a recording and a
link showed an empty label and slides were called the fair's "PDF document" (found trying the demo)."""
import re

from sqlalchemy import select

from core.extensions import db
from events.models import ProgrammeMaterial
from tests.conftest import page_text
from tests.events import material_files as files
from tests.events.test_materials import add, organiser_of, programme, upload  # noqa: F401 (fixture)


def test_every_material_on_the_organisers_page_says_what_it_is(client, login, programme):
    event, session = programme
    login(organiser_of(event))
    add(client, event, place=str(session.id), title="Slides", file=upload(files.slides()))
    add(client, event, place=str(session.id), kind="recording", title="Recording", link="https://youtu.be/dQw4w9WgXcQ")
    add(client, event, kind="link", title="Convention text", link="https://www.unesco.org/creativity/en/2005-convention")

    html = client.get(f"/events/{event.slug}/manage/materials").get_data(as_text=True)
    # The first tag after each title is the material's kind.
    kinds = dict(re.findall(r'<strong><bdi>([^<]+)</bdi></strong>\s*<span class="tag">([^<]*)</span>', html))
    assert kinds == {"Slides": "Document (PDF)", "Recording": "Recording", "Convention text": "Link"}
    recording = db.session.scalar(select(ProgrammeMaterial).where(ProgrammeMaterial.kind == "recording"))
    edit_page = page_text(client.get(f"/events/{event.slug}/manage/materials/{recording.id}").get_data(as_text=True))
    assert "Recording ·" in edit_page


def test_the_add_form_and_the_upload_links_are_found_from_the_top_of_a_long_page(client, login, programme):
    """At the Paris forum the page lists 42 sessions before its form: the top of the page leads to both."""
    event, _session = programme
    login(organiser_of(event))
    html = client.get(f"/events/{event.slug}/manage/materials").get_data(as_text=True)
    first_session = html.index("The whole event")
    assert 'href="#add-material"' in html[:first_session]
    assert 'href="#upload-links"' in html[:first_session]
    assert 'id="add-material"' in html and 'id="upload-links"' in html


def test_the_choice_of_session_is_not_called_recipients_in_french(client, login, programme):
    """The add form's "For" (the whole event or a session) shared its words with a report's audience, so French
    organisers read "Destinataires" (recipients) above the list of sessions."""
    event, _session = programme
    organiser = organiser_of(event)
    organiser.locale = "fr"
    db.session.commit()
    login(organiser)
    html = client.get(f"/events/{event.slug}/manage/materials").get_data(as_text=True)
    label = re.search(r'<label[^>]*for="place"[^>]*>(.*?)</label>', html, re.S).group(1)
    assert "Destinataires" not in label
    organiser.locale = "en"
    db.session.commit()
    html = client.get(f"/events/{event.slug}/manage/materials").get_data(as_text=True)
    assert "For the whole event or a session" in re.search(r'<label[^>]*for="place"[^>]*>(.*?)</label>', html,
                                                           re.S).group(1)
