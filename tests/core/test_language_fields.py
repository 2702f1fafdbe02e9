"""Forms with one set of fields per working language (core.language_fields)."""
from werkzeug.datastructures import MultiDict
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired

from core.forms import ConveneForm, strip_text
from core.language_fields import language_groups, load, store, with_languages
from core.multilingual import translated, translations_of


class TitleForm(ConveneForm):
    class Meta:
        csrf = False

    title = StringField("Title", filters=[strip_text], validators=[DataRequired()])
    summary = TextAreaField("Summary", filters=[strip_text])


def test_each_other_language_gets_its_own_optional_fields_and_they_are_saved(app, make_event):
    event = make_event(title="Forum", languages=["en", "fr", "ar"])
    form_class = with_languages(TitleForm, ("title", "summary"), event.working_languages)
    with app.test_request_context("/", method="POST"):
        form = form_class(formdata=MultiDict({"title": "Forum", "summary": "About", "title__fr": "Forum (fr)",
                                              "summary__fr": "", "title__ar": "  "}))
        assert form.validate(), form.errors  # the translations are optional: only the first title is required
        store(form, event)

    assert translations_of(event, "title") == {"en": "Forum", "fr": "Forum (fr)", "ar": ""}
    assert translated(event, "summary", "fr").language == "en"


def test_the_form_says_which_fields_are_missing_in_which_language(app, make_event):
    event = make_event(title="Forum", languages=["en", "fr"])
    form_class = with_languages(TitleForm, ("title", "summary"), event.working_languages)
    with app.test_request_context("/"):
        form = form_class(obj=event)
        event.summary = "About"
        form.summary.data = "About"
        load(form, event)
        groups = language_groups(form)
        html = str(form["title__fr"]())

    assert [group["language"] for group in groups] == ["fr"]
    assert [str(label) for label in groups[0]["missing"]] == ["Title", "Summary"]
    assert 'lang="fr"' in html and 'dir="ltr"' in html


def test_an_arabic_version_is_typed_right_to_left(app, make_event):
    event = make_event(title="Dialogue", languages=["fr", "ar"])
    form_class = with_languages(TitleForm, ("title",), event.working_languages)
    with app.test_request_context("/"):
        html = str(form_class()["title__ar"]())
    assert 'lang="ar"' in html and 'dir="rtl"' in html


class OptionsForm(ConveneForm):
    class Meta:
        csrf = False

    options = TextAreaField("Options", filters=[strip_text])


def test_a_one_per_line_translation_must_have_as_many_lines_and_is_stored_as_a_list(app, make_event):
    from core.language_fields import check_same_lines, language_data, other_languages

    form_class = with_languages(OptionsForm, ("options",), ["en", "fr", "es"])
    with app.test_request_context("/", method="POST"):
        form = form_class(formdata=MultiDict({"options": "Music\nFilm\n", "options__fr": "Musique\n\nCinéma",
                                              "options__es": "Música"}))
        form.validate()
        assert not check_same_lines(form, "options")
        assert form["options__fr"].errors == []  # blank lines do not count
        assert [str(error) for error in form["options__es"].errors] == [
            "In Spanish, give as many lines as in the first language, in the same order: 2, not 1."]
        assert other_languages(form, "options", as_lines=True) == {"fr": ["Musique", "Cinéma"], "es": ["Música"]}

    event = make_event(languages=["en", "fr"])
    from registration.models import RegistrationQuestion
    question = RegistrationQuestion(event=event, kind="single", label="Sector", options=["Music", "Film"],
                                    translations={"fr": {"options": ["Musique", "Cinéma"]}})
    assert language_data(question, ("options",)) == {"options__fr": "Musique\nCinéma"}


def test_the_first_languages_fields_are_marked_too_and_keep_their_place(app, make_event):
    event = make_event(title="Dialogue", languages=["ar", "fr"])
    form_class = with_languages(TitleForm, ("title", "summary"), event.working_languages)
    with app.test_request_context("/"):
        form = form_class()
        html = str(form["title"]())
    assert 'lang="ar"' in html and 'dir="rtl"' in html
    assert [field.name for field in form][:2] == ["title", "title__fr"]  # the first language's stays first


def test_after_saving_the_organiser_reads_what_is_missing_in_which_language(app, make_event):
    from core.language_fields import missing_notes, texts
    event = make_event(title="Forum", languages=["en", "fr", "es"])
    form_class = with_languages(TitleForm, ("title", "summary"), event.working_languages)
    with app.test_request_context("/", method="POST"):
        form = form_class(formdata=MultiDict({"title": "Forum", "summary": "About", "title__fr": "Forum (fr)",
                                              "title__es": "Foro", "summary__es": "Acerca"}))
        assert texts(form)["title"] == {"en": "Forum", "fr": "Forum (fr)", "es": "Foro"}
        store(form, event)
        notes = missing_notes(form, event)
    assert notes == ["Not written in French yet: Summary. Its readers get English instead."]
