"""The organiser's forms for an event's programme: its sessions, speakers, rooms and tracks.

(The event's own form, and those of its team and copies, are in events/forms.py.)
"""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField, SubmitField, TextAreaField, URLField
from wtforms.fields import EmailField
from wtforms.validators import DataRequired, Email, NumberRange, Optional

from core.forms import (INVALID_CHOICE, CheckboxesField, ConveneForm, at_most, optional_id, select_choices, strip_text,
                        web_address)
from core.language_fields import with_languages
from core.multilingual import languages_of, translated
from core.time_fields import LocalDateTimeField
from core.vocabularies import SPOKEN_LANGUAGES, country_choices, language_choices
from events.forms import NOT_GIVEN, LocalTimesMixin, plausible_year, required, typed
from events.vocabulary import SESSION_TYPES


class SessionForm(LocalTimesMixin, ConveneForm):
    title = StringField(_l("Title"), filters=[strip_text], validators=[required(_l("Give the session a title.")),
                                                                  at_most(200)])
    session_type = SelectField(_l("Type"), choices=select_choices([("", _l("— Choose the type —"))]
                                                                  + list(SESSION_TYPES.items())),
                               invalid_choice_message=INVALID_CHOICE,
                               validators=[DataRequired(message=_l("Choose the session's type."))])
    starts_at = LocalDateTimeField(_l("Starts"), validators=[typed(_l("Give the date and time it starts.")),
                                                             plausible_year])
    ends_at = LocalDateTimeField(_l("Ends"), validators=[typed(_l("Give the date and time it ends.")),
                                                         plausible_year])
    room = SelectField(_l("Room"), coerce=optional_id, invalid_choice_message=INVALID_CHOICE)
    track = SelectField(_l("Track or theme"), coerce=optional_id, invalid_choice_message=INVALID_CHOICE)
    speakers = CheckboxesField(_l("Speakers"), coerce=int, invalid_choice_message=INVALID_CHOICE)
    facilitators = CheckboxesField(_l("Facilitators and moderators"), coerce=int,
                                   invalid_choice_message=INVALID_CHOICE)
    description = TextAreaField(_l("Description"), filters=[strip_text], validators=[Optional(), at_most(10000)],
                                description=_l("Markdown: **bold**, *italic*, [links](https://example.org), lists."))
    takes_attendance = BooleanField(_l("Take attendance at this session"), description=_l(
        "Check-in staff then record who comes in, and certificates of attendance list the session and its length."))
    online_url = URLField(_l("Online room"), filters=[strip_text], validators=[Optional(), at_most(500), web_address],
                          description=_l("The session's own meeting or streaming address; leave empty for the "
                                         "event's. Never shown publicly: online participants join through their "
                                         "personal link."))
    languages = CheckboxesField(_l("Languages"), invalid_choice_message=INVALID_CHOICE, validators=[Optional()],
                                description=_l("The languages it is given in or interpreted into (its "
                                               "interpretation channels). Shown on the programme."))
    submit = SubmitField(_l("Save session"))

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        none = [("", _l("— None —"))]
        self.room.choices = select_choices(none + [(room.id, translated(room, "name")) for room in event.rooms])
        self.track.choices = select_choices(none + [(track.id, translated(track, "name")) for track in event.tracks])
        people = [(speaker.id, f"{speaker.name} ({speaker.affiliation})" if speaker.affiliation else speaker.name)
                  for speaker in event.speakers]
        self.speakers.choices = select_choices(people)
        self.facilitators.choices = select_choices(people)
        self.languages.choices = select_choices(language_choices())
        self.on_clocks_of(event.timezone)

    def validate(self, extra_validators=None):
        from events.programme import outside_event

        valid = super().validate(extra_validators)
        if valid:
            self.times = self.check_times(self.event.timezone)
            if self.times is None:
                return False
            if outside_event(self.event, *self.times):
                self.starts_at.errors.append(_l("The session must be within the event's dates."))
                return False
        return valid

    def values(self) -> dict:
        starts_at, ends_at = self.times
        return {"title": self.title.data, "session_type": self.session_type.data, "starts_at": starts_at,
                "ends_at": ends_at, "room_id": self.room.data, "track_id": self.track.data,
                "description": self.description.data or "", "takes_attendance": self.takes_attendance.data,
                "online_url": self.online_url.data or "",
                # In the order of the list of spoken languages (the six UN languages first), each once.
                "languages": [code for code in SPOKEN_LANGUAGES if code in (self.languages.data or [])]}

    def speaker_roles(self) -> list[tuple[int, str]]:
        facilitators = list(self.facilitators.data or [])
        speakers = [s for s in (self.speakers.data or []) if s not in facilitators]
        return [(s, "speaker") for s in speakers] + [(f, "facilitator") for f in facilitators]


def session_form_data(session) -> dict:
    zone = session.event.zone
    return {
        "title": session.title, "session_type": session.session_type, "description": session.description,
        "starts_at": session.starts_at.astimezone(zone).replace(tzinfo=None),
        "ends_at": session.ends_at.astimezone(zone).replace(tzinfo=None),
        "room": session.room_id, "track": session.track_id, "takes_attendance": session.takes_attendance,
        "online_url": session.online_url, "languages": list(session.languages or []),
        "speakers": [link.speaker_id for link in session.speaker_links if link.role == "speaker"],
        "facilitators": [link.speaker_id for link in session.speaker_links if link.role != "speaker"],
    }


def session_form(event, **kwargs) -> SessionForm:
    """The session form, its title and description in each of the event's working languages."""
    return with_languages(SessionForm, ("title", "description"), languages_of(event))(event=event, **kwargs)


class SpeakerForm(ConveneForm):
    name = StringField(_l("Name"), filters=[strip_text], validators=[required(_l("Give the person's name.")),
                                                                at_most(200)])
    affiliation = StringField(_l("Affiliation"), filters=[strip_text], validators=[Optional(), at_most(200)])
    country = SelectField(_l("Country"), invalid_choice_message=INVALID_CHOICE)
    bio = TextAreaField(_l("Short biography"), filters=[strip_text], validators=[Optional(), at_most(3000)])
    email = EmailField(_l("E-mail address (optional)"), filters=[strip_text], validators=[Optional(), at_most(320), Email(
        message=_l("Enter a valid e-mail address, like name@example.org."), check_deliverability=False)],
        description=_l("Only the organisers see it: their personal links to upload slides are sent there."))
    submit = SubmitField(_l("Save person"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = select_choices([NOT_GIVEN] + country_choices())

    def values(self) -> dict:
        return {"name": self.name.data, "affiliation": self.affiliation.data or "",
                "country": self.country.data or None, "bio": self.bio.data or "", "email": self.email.data or ""}


class RoomForm(ConveneForm):
    name = StringField(_l("Room name"), filters=[strip_text], validators=[required(_l("Give the room a name.")),
                                                                     at_most(120)])
    capacity = IntegerField(_l("Seats"), validators=[Optional(), NumberRange(
        min=1, max=100000, message=_l("Give a whole number from %(min)s to %(max)s.", min=1, max=100000))])
    add_room = SubmitField(_l("Add room"))


class TrackForm(ConveneForm):
    name = StringField(_l("Track or theme"), filters=[strip_text], validators=[required(_l("Give the track a name.")),
                                                                          at_most(120)])
    add_track = SubmitField(_l("Add track"))


def name_form(form_class, event, **kwargs):
    """A room's or a track's form, its name in each of the event's working languages."""
    return with_languages(form_class, ("name",), languages_of(event))(**kwargs)
