"""Forms for text written in several languages: one set of fields per working language (core.multilingual).

A form declares its translated fields as usual (`title`, `summary`); they take the first working language.
`with_languages` makes a subclass holding a copy of each of them for every other working language, named
`title__fr`, optional (a missing translation falls back to the first language, and the form says which are
missing), with the same filters and length limits. `load` fills them from a model, `store` saves them.
A "one per line" box (a question's options) is stored as a list matched by position with the first
language's: `check_same_lines` refuses a translation with another number of lines, naming its language.
"""
from flask_babel import gettext as _, lazy_gettext as _l
from wtforms.fields.core import UnboundField

from core.i18n import name_list
from core.multilingual import Multilingual, direction, missing_languages, set_translations, translations_of
from core.vocabularies import language_names

SEPARATOR = "__"


def field_name(field: str, language: str) -> str:
    return f"{field}{SEPARATOR}{language}"


def _in_language(unbound: UnboundField, language: str) -> UnboundField:
    """The same field, its input marked with the language it is typed in (spelling, fonts, direction)."""
    kwargs = dict(unbound.kwargs)
    kwargs["render_kw"] = {**(kwargs.get("render_kw") or {}), "lang": language, "dir": direction(language)}
    marked = UnboundField(unbound.field_class, *unbound.args, **kwargs)
    marked.creation_counter = unbound.creation_counter  # keeps its place in the form (and its errors' order)
    return marked


def _optional_copy(unbound: UnboundField, language: str) -> UnboundField:
    copy = _in_language(unbound, language)
    # Anything that makes the field required stays on the first language's field only.
    copy.kwargs["validators"] = [validator for validator in copy.kwargs.get("validators") or ()
                                 if not getattr(validator, "field_flags", {}).get("required")]
    copy.kwargs.pop("description", None)
    return copy


def with_languages(form_class, fields: tuple[str, ...], languages: list[str]):
    """`form_class` with a copy of each of `fields` for every working language after the first (the first
    language's fields keep their names, their inputs marked with its language)."""
    extra = {field: _in_language(getattr(form_class, field), languages[0]) for field in fields}
    extra.update({field_name(field, language): _optional_copy(getattr(form_class, field), language)
                  for language in languages[1:] for field in fields})
    subclass = type(form_class.__name__, (form_class,), extra)
    subclass.translated_fields = tuple(fields)
    subclass.content_languages = list(languages)
    return subclass


def language_groups(form) -> list[dict]:
    """For the template: each working language after the first, its name, its fields, and which of the
    translated fields are left empty in it while written in the first language."""
    names = language_names()
    groups = []
    for language in form.content_languages[1:]:
        fields = [form[field_name(field, language)] for field in form.translated_fields]
        missing = [form[field].label.text for field, own in zip(form.translated_fields, fields)
                   if (form[field].data or "") and not (own.data or "")]
        groups.append({"language": language, "name": names.get(language, language), "fields": fields,
                       "missing": missing})
    return groups


def load(form, obj: Multilingual) -> None:
    """Fill the other languages' fields from `obj` (the first language's come from WTForms' obj=).
    A list (a question's options) goes into its box one item per line."""
    for name, text in language_data(obj, form.translated_fields).items():
        if name in form:
            form[name].data = text


def language_data(obj, fields) -> dict:
    """The other languages' texts of `obj` as form data (`label__fr`), a list one item per line."""
    data = {}
    for field in fields:
        for language, text in list(translations_of(obj, field).items())[1:]:
            data[field_name(field, language)] = "\n".join(text) if isinstance(text, list) else text
    return data


def lines(text) -> list[str]:
    """The items of a "one per line" box, blank lines left out."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def other_languages(form, field: str, as_lines: bool = False) -> dict[str, object]:
    """{language: what was typed} for `field` in each working language after the first; with `as_lines`, the
    lines of a "one per line" box, to store position by position (set_translations)."""
    return {language: lines(form[field_name(field, language)].data) if as_lines
            else form[field_name(field, language)].data for language in form.content_languages[1:]}


def first_language_left_empty(form, field: str) -> bool:
    """Whether `field` is written in another language but not in the first, which every reader falls back
    to: the first language is the one that must be written."""
    return not form[field].data and any(other_languages(form, field).values())


def check_same_lines(form, field: str) -> bool:
    """Each translation of a "one per line" box (options) has as many lines as the first language's, since
    the lines are matched by position; a translation left empty is fine (its readers get the first
    language's). The error, on the translation's box, names its language: the summary lists it by label."""
    wanted, valid, names = len(lines(form[field].data)), True, language_names()
    for language in form.content_languages[1:]:
        box = form[field_name(field, language)]
        count = len(lines(box.data))
        if count and count != wanted:
            box.errors = list(box.errors) + [_l(
                "In %(language)s, give as many lines as in the first language, in the same order: %(wanted)d, "
                "not %(count)d.", language=names.get(language, language), wanted=wanted, count=count)]
            valid = False
    return valid


def texts(form) -> dict[str, dict[str, object]]:
    """What was typed, as {field: {language: text}} for every working language, the first one's too: the
    shape services take, so that they need no form."""
    return {field: {form.content_languages[0]: form[field].data,
                    **{language: form[field_name(field, language)].data for language in form.content_languages[1:]}}
            for field in form.translated_fields}


def store(form, obj: Multilingual) -> None:
    """Save every language's text of the translated fields into `obj` (the first language's too)."""
    for field, values in texts(form).items():
        set_translations(obj, field, values)


def missing_notes(form, obj: Multilingual) -> list[str]:
    """After a save, one sentence per working language in which some of the texts are not written yet
    (while written in another): the organiser learns it at once, and what its readers get instead."""
    names = language_names()
    by_language: dict[str, list[str]] = {}
    for field in form.translated_fields:
        for language in missing_languages(obj, field):
            by_language.setdefault(language, []).append(str(form[field].label.text))
    first = obj.content_languages[0] if obj.content_languages else ""
    return [_("Not written in %(language)s yet: %(fields)s. Its readers get %(first)s instead.",
              language=names.get(language, language), fields=name_list(fields), first=names.get(first, first))
            for language, fields in by_language.items()]

