"""Organiser-written text in several languages: what each reader gets, and how the page marks it."""
from flask_babel import force_locale
from sqlalchemy import select

from core.extensions import db
from core.multilingual import (all_texts, change_source_language, content_language, lang_attr, marked,
                               missing_languages, set_translations, translated, translated_list, translations_of)
from events.models import Event
from registration.models import RegistrationQuestion


def test_a_reader_gets_their_language_when_it_is_written_and_the_first_language_otherwise(app, make_event):
    event = make_event(title="Cultural policies forum", languages=["en", "fr", "es"])
    set_translations(event, "title", {"fr": "Forum des politiques culturelles"})
    db.session.commit()

    assert translated(event, "title", "fr") == "Forum des politiques culturelles"
    assert translated(event, "title", "fr").language == "fr"
    spanish = translated(event, "title", "es")  # a working language not written yet
    assert (spanish, spanish.language) == ("Cultural policies forum", "en")
    russian = translated(event, "title", "ru")  # not one of the event's languages at all
    assert (russian, russian.language) == ("Cultural policies forum", "en")


def test_the_page_language_decides_by_default_and_chinese_pages_read_chinese_content(app, make_event):
    event = make_event(title="Creative economy", languages=["en", "zh"])
    set_translations(event, "title", {"zh": "创意经济"})
    with app.test_request_context("/"), force_locale("zh_Hans"):
        assert translated(event, "title") == "创意经济"
    with app.test_request_context("/"), force_locale("fr"):
        assert translated(event, "title") == "Creative economy"
    assert content_language("zh_Hans") == "zh"


def test_a_blank_translation_falls_back_and_is_not_kept(app, make_event):
    event = make_event(title="Forum", languages=["en", "fr"])
    set_translations(event, "title", {"fr": "Forum (FR)"})
    set_translations(event, "title", {"fr": "   "})
    db.session.commit()

    assert event.translations == {}
    assert translated(event, "title", "fr").language == "en"
    assert missing_languages(event, "title") == ["fr"]


def test_an_empty_first_language_falls_back_to_the_next_language_that_has_the_text(app, make_event):
    event = make_event(title="Forum", summary="", languages=["ar", "fr"])
    set_translations(event, "summary", {"fr": "Un résumé"})

    summary = translated(event, "summary", "ar")
    assert (summary, summary.language) == ("Un résumé", "fr")
    assert missing_languages(event, "summary") == ["ar"]
    assert missing_languages(event, "description") == []  # written in no language: nothing is missing


def test_translations_are_stored_and_read_back_from_the_database(app, make_event):
    event = make_event(title="Dialogue", languages=["fr", "ar"])
    set_translations(event, "title", {"fr": "Dialogue multipartite", "ar": "حوار متعدد الأطراف"})
    db.session.commit()
    event_id = event.id
    db.session.expire_all()

    stored = db.session.get(Event, event_id)
    assert stored.title == "Dialogue multipartite"
    assert translations_of(stored, "title") == {"fr": "Dialogue multipartite", "ar": "حوار متعدد الأطراف"}


def test_search_finds_an_event_by_its_title_in_any_of_its_languages(app, make_event):
    event = make_event(title="Cultural policies forum", languages=["en", "fr"])
    set_translations(event, "title", {"fr": "Forum des politiques culturelles"})
    db.session.commit()

    assert "Forum des politiques culturelles" in all_texts(event)
    found = db.session.scalars(select(Event).where(Event.search_text.contains("politiques culturelles"))).all()
    assert event in found


def test_options_keep_their_positions_and_fall_back_item_by_item(app, make_event):
    event = make_event(languages=["en", "fr"])
    question = RegistrationQuestion(event_id=event.id, kind="single", label="Sector",
                                    options=["Music", "Publishing", "Film"])
    db.session.add(question)
    db.session.commit()
    set_translations(question, "options", {"fr": ["Musique", "", "Cinéma"]})

    options = translated_list(question, "options", "fr")
    assert options == ["Musique", "Publishing", "Cinéma"]
    assert [option.language for option in options] == ["fr", "en", "fr"]
    assert question.options == ["Music", "Publishing", "Film"]  # answers keep matching the source


def test_changing_the_first_language_moves_the_texts(app, make_event):
    event = make_event(title="Forum", languages=["en", "es"])
    set_translations(event, "title", {"es": "Foro"})
    event.working_languages = ["es", "en"]
    change_source_language(event, "en", "es")
    db.session.commit()

    assert event.title == "Foro"
    assert translations_of(event, "title") == {"es": "Foro", "en": "Forum"}


def test_the_page_marks_text_in_another_language_with_its_own_lang_and_direction(app, make_event):
    event = make_event(title="Dialogue", languages=["fr", "ar"])
    set_translations(event, "title", {"ar": "حوار"})
    with app.test_request_context("/"), force_locale("en"):
        assert str(marked(translated(event, "title", "ar"))) == '<span lang="ar" dir="rtl">حوار</span>'
        assert str(lang_attr(translated(event, "title", "fr"))) == ' lang="fr"'
    with app.test_request_context("/"), force_locale("fr"):
        assert str(marked(translated(event, "title", "fr"))) == "Dialogue"  # the page's own language: no mark


def test_marked_text_is_escaped(app, make_event):
    event = make_event(title="<script>alert(1)</script>", languages=["fr"])
    with app.test_request_context("/"), force_locale("en"):
        html = str(marked(translated(event, "title")))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_content_language_maps_to_the_site_s_locale_for_the_words_around_it(app):
    from core.multilingual import site_locale

    app.config["LANGUAGES"] = {**app.config["LANGUAGES"], "zh_Hans": "中文"}
    assert site_locale("zh") == "zh_Hans" and site_locale("fr") == "fr"
    assert site_locale("sw") == "sw"  # no catalogue: the code as it is


def test_a_lazy_translation_is_read_in_the_language_of_the_moment_it_is_used(app, make_event):
    from flask_babel import lazy_gettext
    from core.multilingual import lazy_translated

    event = make_event(title="Forum", languages=["en", "fr"])
    set_translations(event, "title", {"fr": "Le Forum"})
    subject = lazy_gettext("Your place at %(event)s is confirmed", event=lazy_translated(event, "title"))
    with app.test_request_context("/"), force_locale("fr"):
        assert "Le Forum" in str(subject)
    with app.test_request_context("/"), force_locale("en"):
        assert str(subject) == "Your place at Forum is confirmed"


def test_a_text_not_written_in_the_new_first_language_is_read_in_the_old_one_and_marked_so(app, make_event):
    event = make_event(title="Forum", summary="Three days.", languages=["en", "es"])
    set_translations(event, "title", {"es": "Foro"})
    event.working_languages = ["es", "en"]
    change_source_language(event, "en", "es")
    db.session.commit()

    summary = translated(event, "summary", "es")
    assert (summary, summary.language) == ("Three days.", "en")  # English, and said to be English
    assert missing_languages(event, "summary") == ["es"]
