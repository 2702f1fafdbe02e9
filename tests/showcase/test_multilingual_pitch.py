"""A booth's pitch written in several of the fair's working languages: the beneficiary writes each version,
one moderation decision approves (or rejects) every language at once, and visitors read their language on
the booth's page and in the fair guide, marked with its own language where it falls back."""
import pytest
from flask_babel import force_locale

from core.extensions import db
from core.multilingual import translations_of
from showcase import guide
from showcase.models import APPROVED, DRAFTING, Booth
from tests.conftest import page_text
from tests.showcase.fair import beneficiary_booth, make_fair
from tests.showcase.test_booths import as_user
from tests.showcase.test_moderation import decide_booth, queue_url


@pytest.fixture
def fair(make_event):
    return make_fair(make_event, title="Foire des savoirs", languages=["fr", "en", "es"])


def reload(booth) -> Booth:
    db.session.expire_all()
    return db.session.get(Booth, booth.id)


def test_a_pitch_written_in_two_languages_is_approved_in_both_and_read_in_each(app, client, fair, make_user, login):
    user, booth = beneficiary_booth(make_user, fair, status=DRAFTING)
    booth.pitch = ""
    db.session.commit()
    beneficiary = as_user(app, user)
    url = f"/showcase/booths/{booth.id}"
    page = beneficiary.get(url).get_data(as_text=True)
    assert 'name="pitch__en"' in page and 'name="pitch__es"' in page
    saved = beneficiary.submit(url, {"project_id": str(booth.project_id), "pitch": "Notre studio forme des ingénieurs.",
                                     "pitch__en": "Our studio trains sound engineers.", "pitch__es": ""})
    assert saved.status_code == 302
    beneficiary.submit(f"{url}/submit", {})

    login(fair.team[0].user)
    queue = page_text(client.get(queue_url(fair)).get_data(as_text=True))
    assert "Notre studio forme des ingénieurs." in queue and "Our studio trains sound engineers." in queue
    assert decide_booth(client, fair, reload(booth), "approve").status_code == 302
    booth = reload(booth)
    assert booth.status == APPROVED
    assert translations_of(booth, "approved_pitch") == {"fr": "Notre studio forme des ingénieurs.",
                                                        "en": "Our studio trains sound engineers.", "es": ""}

    visitor = app.test_client()
    page = visitor.get(f"/events/{fair.slug}/showcase/{booth.id}", headers={"Accept-Language": "en"})
    assert "Our studio trains sound engineers." in page.get_data(as_text=True)
    assert "Notre studio" not in page.get_data(as_text=True)
    # Not written in Spanish: a Spanish reader (here on an English page) gets French, marked as French.
    with app.test_request_context("/"), force_locale("es"):
        html = guide.guide_html(fair)
    assert '<p class="guide-pitch" lang="fr">Notre studio forme des ingénieurs.</p>' in html
    with app.test_request_context("/"), force_locale("en"):
        assert '<p class="guide-pitch">Our studio trains sound engineers.</p>' in guide.guide_html(fair)


def test_a_change_to_one_language_of_an_approved_pitch_waits_for_review_and_a_rejection_restores_it(
        app, client, fair, make_user, login):
    user, booth = beneficiary_booth(make_user, fair, status=APPROVED)
    booth.translations = {"en": {"pitch": "Hear our musicians.", "approved_pitch": "Hear our musicians."}}
    db.session.commit()
    beneficiary = as_user(app, user)
    login(fair.team[0].user)
    assert not reload(booth).has_pitch_pending

    beneficiary.submit(f"/showcase/booths/{booth.id}", {"project_id": str(booth.project_id),
                                                        "pitch": booth.pitch, "pitch__en": "Hear our new album."})
    booth = reload(booth)
    assert booth.has_pitch_pending  # only the English version changed
    assert "Hear our new album." in page_text(client.get(queue_url(fair)).get_data(as_text=True))
    visitor = app.test_client()
    assert "Hear our musicians." in visitor.get(f"/events/{fair.slug}/showcase/{booth.id}",
                                                headers={"Accept-Language": "en"}).get_data(as_text=True)

    assert decide_booth(client, fair, booth, "reject", reason="Say what the album is.").status_code == 302
    booth = reload(booth)
    assert not booth.has_pitch_pending and translations_of(booth, "pitch")["en"] == "Hear our musicians."


def test_a_decision_is_refused_when_one_language_of_the_pitch_changed_after_the_organiser_looked(
        app, client, fair, make_user, login):
    from showcase.moderation import booth_version

    user, booth = beneficiary_booth(make_user, fair, status=APPROVED)
    booth.translations = {"en": {"pitch": "Hear our new album.", "approved_pitch": "Hear our musicians."}}
    db.session.commit()
    seen = booth_version(booth)
    booth.translations = {"en": {"pitch": "Something else entirely.", "approved_pitch": "Hear our musicians."}}
    db.session.commit()
    login(fair.team[0].user)

    decide_booth(client, fair, booth, "approve", version=seen)
    assert translations_of(reload(booth), "approved_pitch")["en"] == "Hear our musicians."


def test_a_booth_invitation_comes_in_the_invitee_s_language_or_the_fair_s_first(client, fair, make_user, login,
                                                                                smtp_server):
    from core.multilingual import set_translations
    from tests.conftest import text_of

    set_translations(fair, "title", {"en": "Knowledge fair", "es": "Feria de conocimientos"})
    db.session.commit()
    make_user(email="lucia@cultura.example.org", locale="es")
    login(fair.team[0].user)
    url = f"/events/{fair.slug}/fair"
    for email in ("lucia@cultura.example.org", "awa@sahel.example.org"):
        client.submit(url, {"email": email, "organisation": "Org", "invite": "Send the invitation"})

    spanish = smtp_server.last_to("lucia@cultura.example.org")
    assert "Feria de conocimientos" in spanish["Subject"] and "Feria de conocimientos" in text_of(spanish)
    french = smtp_server.last_to("awa@sahel.example.org")  # no account: the fair's first language, French
    assert "Foire des savoirs" in french["Subject"] and "Bonjour" in text_of(french)
