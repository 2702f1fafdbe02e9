"""Text that organisers write in each of an event's working languages, and which language a reader gets.

One storage pattern for every model that holds such text (events, sessions, rooms, tracks, registration
questions and the privacy notice, surveys' questions, booths' pitches): the model's plain columns hold the
text in its *source language*, the first of the event's working languages, which is what sorting, unique
constraints and every older reader of the columns see; the JSON column `translations` holds the other
languages, {"fr": {"title": "…", "summary": "…"}, "es": {…}}. A list field (a question's options) is
stored as a list of the same length as the source's, position by position, so that answers, which keep the
source text of the option chosen, read the same whichever language the form was shown in.

The fallback rule lives here and nowhere else: a reader gets their language when it is one of the event's
working languages and the text exists in it, otherwise the source language (or, if that is empty, the first
working language that has the text). What comes back is a `LocalText`, a string that knows its language,
so a page can mark the parts written in another language with their own `lang` (see `marked`).

Content languages are plain language codes ("zh", "fr"): a page's locale "zh_Hans" reads content in "zh".
"""
from functools import lru_cache
from typing import ClassVar

from babel import Locale, UnknownLocaleError
from flask import current_app, has_request_context
from flask_babel import LazyString, get_locale
from markupsafe import Markup, escape
from sqlalchemy import JSON
from sqlalchemy.orm import Mapped, mapped_column


class LocalText(str):
    """A text together with the language it is written in."""

    language: str

    def __new__(cls, text: str, language: str):
        value = super().__new__(cls, text or "")
        value.language = language
        return value


class Multilingual:
    """Mixin for models holding organiser-written text in several languages (see the module's docstring)."""

    #: The columns written in several languages; each model lists its own.
    translated_fields: ClassVar[tuple[str, ...]] = ()
    #: {language: {field: text (or a list, for list fields)}} for every language but the source language.
    translations: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")

    @property
    def content_languages(self) -> list[str]:
        """The event's working languages, the source language first; each model says whose event it is."""
        raise NotImplementedError


def content_language(locale) -> str:
    """The language code content is stored under for a page locale: "zh_Hans" reads "zh", "fr" reads "fr"."""
    return _language_code(str(locale))


@lru_cache(maxsize=64)
def _language_code(identifier: str) -> str:
    # Parsing a locale looks for its data file each time: a feed of 500 sessions asks thousands of times.
    try:
        return Locale.parse(identifier).language
    except (ValueError, TypeError, UnknownLocaleError):
        # An account's language the site no longer speaks (or Babel never knew): its code, matching no
        # working language, so the reader gets the fallback rather than a failure.
        return identifier.replace("-", "_").split("_")[0].lower()


def page_language() -> str:
    """The language content is wanted in now: the reader's, or the site's default outside a request."""
    if has_request_context():
        return content_language(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
    return content_language(get_locale() or "en")


def site_locale(language: str) -> str:
    """The site's locale for a content language ("zh" -> "zh_Hans"), to write the words around the content
    (a mail's) in it; the code itself when the site has no catalogue for it."""
    return next((locale for locale in current_app.config["LANGUAGES"] if content_language(locale) == language),
                language)


def languages_of(obj: Multilingual) -> list[str]:
    """The object's working languages; an event with none set writes in the site's default language."""
    return list(obj.content_languages or []) or [content_language(current_app.config["BABEL_DEFAULT_LOCALE"])]


def source_language(obj: Multilingual) -> str:
    return languages_of(obj)[0]


def _stored(obj: Multilingual, field: str, language: str):
    if language == source_language(obj):
        return getattr(obj, field)
    return ((obj.translations or {}).get(language) or {}).get(field)


def _written(value) -> bool:
    if isinstance(value, list):
        return any(str(item).strip() for item in value)
    return bool(value and str(value).strip())


def text_language(obj: Multilingual, field: str, language: str | None = None) -> str:
    """The language a reader of `language` (the page's by default) gets `field` in: the fallback rule."""
    languages = languages_of(obj)
    wanted = language or page_language()
    if wanted in languages and _written(_stored(obj, field, wanted)):
        return wanted
    for candidate in languages:  # the source first; the next ones only when the source is empty
        if _written(_stored(obj, field, candidate)):
            return candidate
    return languages[0]


def translated(obj: Multilingual, field: str, language: str | None = None) -> LocalText:
    """`field` in the reader's language, or in the fallback language, knowing which it is."""
    chosen = text_language(obj, field, language)
    return LocalText(_stored(obj, field, chosen) or "", chosen)


def lazy_translated(obj: Multilingual, field: str) -> LazyString:
    """`translated` at the moment the text is used: a mail's subject built now is rendered later in its
    recipient's language (core.mail.queue_mail forces it), and must name the event in that language too."""
    return LazyString(translated, obj, field)


def translated_list(obj: Multilingual, field: str, language: str | None = None) -> list[LocalText]:
    """A list field (a question's options) in the reader's language; an item left blank in a translation
    falls back to the source's item at the same position, so the list never loses an entry."""
    source = list(getattr(obj, field) or [])
    chosen = text_language(obj, field, language)
    own = list(_stored(obj, field, chosen) or []) if chosen != source_language(obj) else source
    home = source_language(obj)
    return [LocalText(own[index], chosen) if index < len(own) and str(own[index]).strip()
            else LocalText(item, home) for index, item in enumerate(source)]


def translations_of(obj: Multilingual, field: str) -> dict[str, object]:
    """Every working language's own text for `field` (empty where not written), the source first."""
    return {language: _stored(obj, field, language) or ([] if isinstance(getattr(obj, field), list) else "")
            for language in languages_of(obj)}


def set_translations(obj: Multilingual, field: str, values: dict[str, object]) -> None:
    """Store `field` in each language of `values`: the source language in the column, the others in JSON.

    A blank translation is removed rather than kept, so that the reader falls back instead of reading
    nothing. The JSON is replaced, not changed in place: SQLAlchemy sees only new values of a JSON column.
    """
    source = source_language(obj)
    stored = {language: dict(texts) for language, texts in (obj.translations or {}).items()}
    for language, value in values.items():
        if language == source:
            setattr(obj, field, value)
            continue
        if _written(value):
            stored.setdefault(language, {})[field] = value
        else:
            stored.get(language, {}).pop(field, None)
    obj.translations = {language: texts for language, texts in stored.items() if texts}


def missing_languages(obj: Multilingual, field: str) -> list[str]:
    """The working languages in which `field` is not written while it is written in another."""
    texts = translations_of(obj, field)
    if not any(_written(value) for value in texts.values()):
        return []
    return [language for language, value in texts.items() if not _written(value)]


def all_texts(obj: Multilingual) -> list[str]:
    """Every text of every translated field in every working language, for search (core.search.search_key):
    a language no longer worked in is read by nobody, and finds nothing."""
    texts: list[str] = []
    others = [texts_ for language, texts_ in (obj.translations or {}).items()
              if language in languages_of(obj)[1:]]
    for field in obj.translated_fields:
        values = [getattr(obj, field)] + [(texts_ or {}).get(field) for texts_ in others]
        for value in values:
            if isinstance(value, list):
                texts.extend(str(item) for item in value)
            elif value:
                texts.append(str(value))
    return texts


def change_source_language(obj: Multilingual, old: str, new: str, keep_unwritten: bool = False) -> None:
    """Move the texts when an event's first working language changes from `old` to `new`: the columns must
    hold the new source language's text, and the old source's text becomes a translation.

    `keep_unwritten`: a text not written in the new language stays in its column too (besides becoming the
    old language's translation), for the event's sessions, rooms, questions…, whose columns are required
    or unique (two rooms emptied would read the same) and whose organiser is not on their form now."""
    if old == new:
        return
    stored = {language: dict(texts) for language, texts in (obj.translations or {}).items()}
    incoming = stored.pop(new, {})
    outgoing, kept = {}, {}
    for field in obj.translated_fields:
        current = getattr(obj, field)
        if isinstance(current, list):
            # A list field (options) keeps its items in the column: answers are recorded by those items,
            # and would no longer match the options. The new language's items are kept, unread, beside.
            if field in incoming:
                kept[field] = incoming[field]
            continue
        if _written(current):
            outgoing[field] = current
        if field in incoming:
            setattr(obj, field, incoming[field])
        elif not keep_unwritten:
            # Not written in the new source: left in the column, it would read as written in the new
            # source (and be marked so). Emptied, readers fall back to the old source's text, marked as
            # such. A form asks for a required text (a title) in the new source before it changes.
            setattr(obj, field, "")
    if outgoing:
        stored[old] = outgoing
    if kept:
        stored[new] = kept
    obj.translations = stored


def direction(language: str) -> str:
    """"ltr" or "rtl" for a language code; "ltr" for a code Babel does not know."""
    try:
        return Locale.parse(language).text_direction
    except (ValueError, TypeError):
        return "ltr"


def lang_attr(text) -> Markup:
    """` lang="fr"` (and `dir`) for an element holding `text` when it is not in the page's language."""
    language = getattr(text, "language", None)
    page = page_language()
    if not language or language == page:
        return Markup("")
    attributes = f' lang="{escape(language)}"'
    if direction(language) != direction(page):
        attributes += f' dir="{direction(language)}"'
    return Markup(attributes)


def marked(text) -> Markup:
    """The text, inside `<span lang="…">` when it is in another language than the page, so that screen
    readers pronounce it in its language and browsers choose its fonts and direction."""
    attributes = lang_attr(text)
    if not attributes:
        return escape(text)
    return Markup(f"<span{attributes}>{escape(text)}</span>")


TEMPLATE_FILTERS = {
    "tr": translated,
    "tr_list": translated_list,
    "lang_attr": lang_attr,
    "marked": marked,
}
