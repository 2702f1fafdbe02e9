"""Forms for the programme's materials: the organisers' (add, change, who sees it, the speakers' deadline), a
speaker's upload by their personal link, and the public Materials page's filters. What a file holds is judged
by events.materials, not here."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import RadioField, SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Optional

from core.forms import INVALID_CHOICE, ConveneForm, at_most, optional_id, select_choices, strip_text
from core.language_fields import with_languages
from core.multilingual import languages_of, translated
from core.time_fields import LocalDateTimeField
from core.vocabularies import language_choices
from events.materials import KIND_NAMES, SIZE_HINT, TITLE_MAX, URL_MAX, VISIBILITY_NAMES
from events.models import DOCUMENT, MATERIAL_PUBLIC, RECORDING

#: What the file picker offers first; the content decides what is accepted, whatever this lets through.
ACCEPT = "application/pdf,.pdf"
TITLE_HINT = _l("Readers see it in the programme, e.g. “Slides: measuring cultural participation”.")
LINK_HINT = _l("For a recording: a link to the video on YouTube or Vimeo (readers get the link; no player is "
               "embedded). For a link: any web address starting with https://.")
VISIBILITY_HINT = _l("Registered participants: those with a confirmed place, once logged in. Hidden: only the "
                     "organisers.")


def _language_field():
    return SelectField(_l("Language"), invalid_choice_message=INVALID_CHOICE, validators=[Optional()])


def _languages(field) -> None:
    field.choices = select_choices([("", _l("— Not said —"))] + language_choices())


def _visibility_field(label=_l("Who sees it")):
    return RadioField(label, default=MATERIAL_PUBLIC, invalid_choice_message=INVALID_CHOICE,
                      choices=select_choices(list(VISIBILITY_NAMES.items())), description=VISIBILITY_HINT)


def _title_field():
    # Empty and too long titles are refused by events.materials, which says so on this field.
    return StringField(_l("Title"), filters=[strip_text], description=TITLE_HINT,
                       render_kw={"maxlength": TITLE_MAX})


def _file_field(label=_l("File (for a document)")):
    return FileField(label, description=SIZE_HINT, render_kw={"accept": ACCEPT})


def _link_field(label=_l("Address (for a recording or a link)")):
    return StringField(label, filters=[strip_text], description=LINK_HINT, render_kw={"maxlength": URL_MAX})


class MaterialForm(ConveneForm):
    """A new material of the event or of one of its sessions."""

    # Not "For": a report's audience has that string, and French reads it "Destinataires" (recipients).
    place = SelectField(_l("For the whole event or a session"), coerce=optional_id,
                        invalid_choice_message=INVALID_CHOICE)
    kind = RadioField(_l("What are you adding?"), default=DOCUMENT, invalid_choice_message=INVALID_CHOICE,
                      choices=select_choices(list(KIND_NAMES.items())),
                      validators=[InputRequired(message=_l("Choose what you are adding."))])
    title = _title_field()
    language = _language_field()
    file = _file_field()
    link = _link_field()
    visibility = _visibility_field()
    add_material = SubmitField(_l("Add the material"))

    def __init__(self, *args, event, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.place.choices = select_choices([("", _l("The whole event"))]
                                            + [(session.id, translated(session, "title")) for session in sessions])
        _languages(self.language)


def material_form(event, sessions, **kwargs) -> MaterialForm:
    """The form that adds a material, its title in each of the event's working languages."""
    return with_languages(MaterialForm, ("title",), languages_of(event))(event=event, sessions=sessions, **kwargs)


class MaterialEditForm(ConveneForm):
    title = _title_field()
    language = _language_field()
    file = _file_field(_l("Replace the file"))
    link = _link_field(_l("Address"))
    visibility = _visibility_field()
    save_material = SubmitField(_l("Save the changes"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _languages(self.language)
        self.file.description = _l("Leave empty to keep the file. %(rules)s", rules=SIZE_HINT)


def material_edit_form(event, **kwargs) -> MaterialEditForm:
    return with_languages(MaterialEditForm, ("title",), languages_of(event))(**kwargs)


class VisibilityForm(ConveneForm):
    """One material's visibility, changed from the list (publishing a speaker's upload is this too)."""

    visibility = SelectField(_l("Who sees it"), invalid_choice_message=INVALID_CHOICE,
                             choices=select_choices(list(VISIBILITY_NAMES.items())))
    change_visibility = SubmitField(_l("Change"))


class UploadDeadlineForm(ConveneForm):
    speaker_uploads_close_at = LocalDateTimeField(
        _l("Speakers' upload links work until"), validators=[Optional()],
        description=_l("On the event's clocks. Empty: until 14 days after the event ends."))
    save_deadline = SubmitField(_l("Save the deadline"))

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.speaker_uploads_close_at.zone_name = event.timezone

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        self.moment = None
        if valid and self.speaker_uploads_close_at.data is not None:
            self.moment = self.speaker_uploads_close_at.utc(self.event.timezone)
            valid = self.moment is not None
        return valid


class SpeakerUploadForm(ConveneForm):
    """What a speaker adds with their personal link: slides (PDF) or a link to their recording."""

    kind = RadioField(_l("What are you adding?"), default=DOCUMENT, invalid_choice_message=INVALID_CHOICE,
                      choices=select_choices([(DOCUMENT, _l("Slides or a document (PDF)")),
                                              (RECORDING, _l("A link to a recording (YouTube or Vimeo)"))]),
                      validators=[InputRequired(message=_l("Choose what you are adding."))])
    title = _title_field()
    language = _language_field()
    file = _file_field(_l("File (for slides or a document)"))
    link = StringField(_l("Recording address"), filters=[strip_text], render_kw={"maxlength": URL_MAX},
                       description=_l("A link to the video on YouTube or Vimeo, like https://www.youtube.com/watch?v=…"))
    upload = SubmitField(_l("Send to the organisers"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _languages(self.language)


class MaterialFilterForm(ConveneForm):
    """The public Materials page's filters: a GET form, so a filtered list can be bookmarked."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), filters=[strip_text], validators=[Optional(), at_most(200)])
    session = SelectField(_l("Session"), coerce=optional_id, invalid_choice_message=INVALID_CHOICE)
    speaker = SelectField(_l("Speaker"), coerce=optional_id, invalid_choice_message=INVALID_CHOICE)
    track = SelectField(_l("Track or theme"), coerce=optional_id, invalid_choice_message=INVALID_CHOICE)
    language = SelectField(_l("Language"), default="", invalid_choice_message=INVALID_CHOICE)

    def __init__(self, *args, sessions, speakers, tracks, languages, **kwargs):
        super().__init__(*args, **kwargs)
        every = ("", _l("— All —"))
        self.session.choices = select_choices([every] + [(s.id, translated(s, "title")) for s in sessions])
        self.speaker.choices = select_choices([every] + [(s.id, s.name) for s in speakers])
        self.track.choices = select_choices([every] + [(t.id, translated(t, "name")) for t in tracks])
        self.language.choices = select_choices([every] + language_choices(languages))


