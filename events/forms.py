"""The organiser's form for an event itself, with its team and its copies, and the filters of the public list
(the forms of its programme, sessions, speakers, rooms and tracks, are in events/programme_forms.py)."""
from flask import current_app, has_request_context, request
from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, DateField, EmailField, IntegerField, RadioField, SelectField,
                     SelectMultipleField, StringField, SubmitField, TextAreaField, URLField)
from wtforms.validators import DataRequired, Email, InputRequired, Optional, ValidationError

from core.forms import (INVALID_CHOICE, CheckboxesField, ConveneForm, at_most, select_choices,
                        strip_text, web_address)
from core.language_fields import field_name, with_languages
from core.multilingual import content_language, languages_of, page_language
from core.regions import UNESCO_REGIONS
from core.time_fields import LocalDateTimeField
from core.times import is_time_zone, time_zone_names
from core.vocabularies import country_choices, language_choices, language_names
from events import services
from events.models import HYBRID, IN_PERSON, ONLINE
from events.kinds import COUNTRIES, COUNTRY, KINDS, LONG_TEXT, NUMBER, YES_NO, CHOICE, Kind
from events.vocabulary import ATTENDANCE_MODES, CONVENTION_GOALS, SDGS, WORKING_LANGUAGES

BAD_DATE = _l("Enter a date, like 2027-03-27.")
NOT_GIVEN = ("", _l("— Not given —"))


def _lower(value):
    return value.lower() if isinstance(value, str) else value



def required(message=_l("This field is required.")):
    return DataRequired(message=message)


def typed(message):
    # For dates and times: DataRequired would hide the "not a valid date" message behind this one.
    return InputRequired(message=message)


#: Dates outside these years are typing mistakes, and some would overflow the calendar arithmetic.
FIRST_YEAR, LAST_YEAR = 1970, 2200


def plausible_year(form, field):
    if field.data is not None and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        raise ValidationError(_l("Enter a year between %(first)d and %(last)d.", first=FIRST_YEAR, last=LAST_YEAR))


def time_zone_choices():
    return select_choices((zone, zone.replace("_", " ")) for zone in time_zone_names())


def working_language_choices():
    return select_choices(language_choices(WORKING_LANGUAGES))


class LocalTimesMixin:
    """Start and end typed on the venue's clocks, checked and turned into UTC."""

    def on_clocks_of(self, zone_name: str | None):
        """Read the times on this zone's clocks (so that a time shown twice that night asks which one)."""
        if is_time_zone(zone_name):
            self.starts_at.zone_name = self.ends_at.zone_name = zone_name

    def check_times(self, zone_name: str):
        """(start, end) in UTC, or None with the errors on the fields."""
        starts = self.starts_at.utc(zone_name)
        ends = self.ends_at.utc(zone_name)
        if starts and ends and ends <= starts:
            self.ends_at.errors.append(_l("The end must be after the start."))
            return None
        return (starts, ends) if starts and ends else None


class EventForm(LocalTimesMixin, ConveneForm):
    title = StringField(_l("Title"), filters=[strip_text], validators=[required(_l("Give the event a title.")),
                                                                  at_most(200)])
    slug = StringField(_l("Web address"), filters=[strip_text, _lower],
                       validators=[Optional(), at_most(120)],
                       description=_l("The last part of the event's address, like unesco-forum-2026. "
                                      "Left empty, it is made from the title."))
    summary = TextAreaField(_l("Summary"), filters=[strip_text], validators=[Optional(), at_most(500)],
                            description=_l("One or two sentences for lists and calendars."))
    description = TextAreaField(_l("Description"), filters=[strip_text], validators=[Optional(), at_most(20000)],
                                description=_l("Markdown: **bold**, *italic*, [links](https://example.org), lists."))
    timezone = SelectField(_l("Time zone"), invalid_choice_message=INVALID_CHOICE,
                           description=_l("Where the event happens: times are typed and shown on its clocks."))
    starts_at = LocalDateTimeField(_l("Starts"), validators=[typed(_l("Give the date and time it starts.")),
                                                             plausible_year])
    ends_at = LocalDateTimeField(_l("Ends"), validators=[typed(_l("Give the date and time it ends.")),
                                                         plausible_year])
    # Always one of them (a new event is in person until said otherwise): the default is marked selected.
    attendance_mode = SelectField(_l("How people take part"), choices=select_choices(ATTENDANCE_MODES.items()),
                                  default=IN_PERSON,
                                  invalid_choice_message=INVALID_CHOICE, description=_l(
        "In person needs a venue; online needs the online link; hybrid needs both, and registration then asks "
        "each person how they take part."))
    venue_name = StringField(_l("Venue"), filters=[strip_text], validators=[Optional(), at_most(200)])
    venue_address = TextAreaField(_l("Venue address"), filters=[strip_text], validators=[Optional(), at_most(1000)])
    country = SelectField(_l("Country"), invalid_choice_message=INVALID_CHOICE)
    online_url = URLField(_l("Online link"), filters=[strip_text], validators=[Optional(), at_most(500)],
        description=_l("For online or hybrid events: where participants join."))
    first_language = SelectField(_l("First language"), invalid_choice_message=INVALID_CHOICE, description=_l(
        "The language the title, summary and description are written in first. Readers whose language is not "
        "written get this one."))
    working_languages = CheckboxesField(_l("Working languages"), invalid_choice_message=INVALID_CHOICE,
                                        description=_l("The first language is always one of them. Each other "
                                                       "one gets its own title, summary and description."))
    goals = CheckboxesField(_l("Convention goals"), choices=select_choices(CONVENTION_GOALS.items()),
                            invalid_choice_message=INVALID_CHOICE)
    sdgs = CheckboxesField(_l("Sustainable Development Goals"), coerce=int,
                           choices=select_choices(SDGS.items()), invalid_choice_message=INVALID_CHOICE)
    visibility = RadioField(_l("Who can see it once published"), default="public", choices=select_choices([
        ("public", _l("Everyone: listed on the site and in the public calendar")),
        ("unlisted", _l("Anyone with the link: not listed")),
        ("private", _l("Only its organisers")),
    ]), invalid_choice_message=INVALID_CHOICE)
    submit = SubmitField(_l("Save event"))

    def __init__(self, *args, kind: Kind, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind, self.event = kind, event
        self.timezone.choices = time_zone_choices()
        self.country.choices = select_choices([NOT_GIVEN] + country_choices())
        self.working_languages.choices = working_language_choices()
        self.first_language.choices = select_choices([("", _l("— Choose the first language —"))]
                                                     + language_choices(WORKING_LANGUAGES))
        if self.timezone.data is None:
            self.timezone.data = current_app.config["DEFAULT_TIMEZONE"]
        if self.attendance_mode.raw_data == []:
            # Posted without the choice (a form from before it existed): what was given says it.
            self.attendance_mode.data = (HYBRID if self.venue_name.data and self.online_url.data else
                                         ONLINE if self.online_url.data else IN_PERSON)
        if self.first_language.data is None:  # not posted at all (a form from before): the layout's first
            self.first_language.data = self.content_languages[0]
        self.on_clocks_of(self.timezone.data)

    def validate_slug(self, field):
        if self.event is not None and self.event.first_published_at and field.data != self.event.slug:
            # Calendars subscribed to the old address would silently stop receiving changes.
            raise ValidationError(_l("A published event keeps its address: calendars and links use it."))
        if field.data:
            problem = services.slug_problem(field.data, self.event)
            if problem:
                raise ValidationError(problem)

    def validate_visibility(self, field):
        event = self.event
        if event is not None and event.first_published_at and field.data == "private" and event.visibility != "private":
            raise ValidationError(_l("A published event cannot become private: calendars subscribed to it would "
                                     "keep it forever. Cancel it instead."))

    def validate_online_url(self, field):
        web_address(self, field)

    def validate_first_language(self, field):
        if not field.data:
            raise ValidationError(_l("Choose the event's first language: every event is written in at least one."))
        layout_first = self.content_languages[0]
        if field.data not in WORKING_LANGUAGES:
            return  # not one of the choices: said once, by the field itself
        if field.data != layout_first and not (self[field_name("title", field.data)].data
                                                if field_name("title", field.data) in self else ""):
            # The first language's title fills the column that lists, sorting and every reader fall back to.
            name = language_names().get(field.data, field.data)
            raise ValidationError(_l("The title is not written in %(language)s yet: write it in %(language)s "
                                     "below, then make %(language)s the first language.", language=name))

    def languages(self) -> list[str]:
        """The working languages chosen, the first language first."""
        first = self.first_language.data
        return [first] + [language for language in self.working_languages.data or [] if language != first]

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        mode = self.attendance_mode.data
        if mode in (IN_PERSON, HYBRID) and not self.venue_name.data:
            self.venue_name.errors.append(_l("Give the venue: people come in person.") if mode == IN_PERSON else
                                          _l("Give the venue: a hybrid event takes people in person too."))
            valid = False
        if mode in (ONLINE, HYBRID) and not self.online_url.data and not self.online_url.errors:
            self.online_url.errors.append(_l("Give the online link: where participants join."))
            valid = False
        times_typed = self.starts_at.data and self.ends_at.data and not (self.starts_at.errors or self.ends_at.errors)
        if times_typed and is_time_zone(self.timezone.data):
            self.times = self.check_times(self.timezone.data)
            valid = valid and self.times is not None
        return valid

    def values(self) -> dict:
        starts_at, ends_at = self.times
        values = {
            "kind": self.kind.key,
            "title": self.title.data,
            "slug": self.slug.data or (self.event.slug if self.event else
                                       services.available_slug(self.title.data, starts_at.year)),
            "summary": self.summary.data or "",
            "description": self.description.data or "",
            "timezone": self.timezone.data,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "venue_name": self.venue_name.data or "",
            "venue_address": self.venue_address.data or "",
            "country": self.country.data or None,
            "online_url": self.online_url.data or "",
            "attendance_mode": self.attendance_mode.data,
            "goals": list(self.goals.data or []),
            "sdgs": list(self.sdgs.data or []),
            "visibility": self.visibility.data,
            "details": {detail.name: self[f"detail_{detail.name}"].data for detail in self.kind.details
                        if self[f"detail_{detail.name}"].data not in (None, "", [])},
        }
        return values


def _detail_field(detail):
    validators = [required()] if detail.required else [Optional()]
    if detail.type == NUMBER:
        between = _l("Give a whole number from %(min)s to %(max)s.", min=detail.minimum, max=detail.maximum)
        # InputRequired, not DataRequired: "abc" must say it is not a number, not that nothing was given.
        def in_range(form, field):
            # Not a number at all is already said (invalid_value_message): say it once.
            if field.data is not None and not detail.minimum <= field.data <= detail.maximum:
                raise ValidationError(between)

        validators = [InputRequired(message=_l("This field is required.")) if detail.required else Optional(),
                      in_range]
        return IntegerField(detail.label, validators=validators, description=detail.description,
                            invalid_value_message=between)
    if detail.type == YES_NO:
        return BooleanField(detail.label, description=detail.description)
    if detail.type == COUNTRY:
        return SelectField(detail.label, validators=validators, description=detail.description,
                           invalid_choice_message=INVALID_CHOICE)
    if detail.type == COUNTRIES:
        return SelectMultipleField(detail.label, description=detail.description,
                                   invalid_choice_message=INVALID_CHOICE)
    if detail.type == CHOICE:
        return SelectField(detail.label, validators=validators, description=detail.description,
                           choices=select_choices([NOT_GIVEN] + list(detail.choices)),
                           invalid_choice_message=INVALID_CHOICE)
    widget_field = TextAreaField if detail.type == LONG_TEXT else StringField
    return widget_field(detail.label, filters=[strip_text], validators=validators + [at_most(2000)],
                        description=detail.description)


_FORMS: dict[str, type] = {}


#: The fields of an event written in each of its working languages.
EVENT_TEXTS = ("title", "summary", "description")


def default_language() -> str:
    """A new event's first language: the organiser's page language when events can be held in it."""
    language = page_language()
    return language if language in WORKING_LANGUAGES else content_language(current_app.config["BABEL_DEFAULT_LOCALE"])


def form_languages(event, formdata=None) -> list[str]:
    """The languages the event form lays its text fields out in: the event's own (its first language's texts
    in the plain fields), then any language just chosen in `formdata`, so that a form shown again after an
    error keeps every language's fields."""
    # An event with no working languages set reads as written in the site's default (core.multilingual).
    languages = languages_of(event) if event is not None else []
    if formdata:
        chosen = [formdata.get("first_language")] + formdata.getlist("working_languages")
        for language in chosen:
            if language in WORKING_LANGUAGES and language not in languages:
                languages.append(language)
    return languages or [default_language()]


def event_form_class(kind: Kind) -> type:
    """EventForm plus the kind's own details as `detail_<name>` fields (made once per kind)."""
    if kind.key not in _FORMS:
        fields = {f"detail_{detail.name}": _detail_field(detail) for detail in kind.details}
        _FORMS[kind.key] = type(f"{kind.key.title().replace('_', '')}EventForm", (EventForm,), fields)
    return _FORMS[kind.key]


def make_event_form(kind: Kind, event=None, **kwargs) -> EventForm:
    """The event form, with its texts in each working language (those just chosen too, when posted)."""
    posted = request.form if has_request_context() and request.method == "POST" else None
    form_class = with_languages(event_form_class(kind), EVENT_TEXTS, form_languages(event, posted))
    form = form_class(kind=kind, event=event, **kwargs)
    for detail in kind.details:
        if detail.type in (COUNTRY, COUNTRIES):
            prefix = [NOT_GIVEN] if detail.type == COUNTRY else []
            form[f"detail_{detail.name}"].choices = select_choices(prefix + country_choices())
    return form


def event_form_data(event) -> dict:
    """The stored event as the form's starting values (times on the venue's clocks)."""
    zone = event.zone
    data = {
        "title": event.title, "slug": event.slug, "summary": event.summary, "description": event.description,
        "timezone": event.timezone,
        "starts_at": event.starts_at.astimezone(zone).replace(tzinfo=None),
        "ends_at": event.ends_at.astimezone(zone).replace(tzinfo=None),
        "venue_name": event.venue_name, "venue_address": event.venue_address, "country": event.country or "",
        "online_url": event.online_url, "attendance_mode": event.attendance_mode, "working_languages": event.working_languages,
        "first_language": languages_of(event)[0], "goals": event.goal_keys,
        "sdgs": event.sdg_numbers, "visibility": event.visibility,
    }
    data.update({f"detail_{name}": value for name, value in (event.details or {}).items()})
    return data


class OrganiserForm(ConveneForm):
    email = EmailField(_l("E-mail address of their Convene account"), filters=[strip_text], validators=[
        required(_l("Enter an e-mail address.")),
        Email(message=_l("Enter a valid e-mail address, like name@example.org."), check_deliverability=False)])
    submit = SubmitField(_l("Add to the team"))


class DuplicateForm(ConveneForm):
    title = StringField(_l("Title of the new event"), filters=[strip_text],
                        validators=[required(_l("Give the event a title.")), at_most(200)])
    slug = StringField(_l("Web address"), filters=[strip_text, _lower],
                       validators=[required(_l("Give the new event its own address.")), at_most(120)])
    first_day = DateField(_l("First day"), invalid_value_message=BAD_DATE, validators=[typed(_l("Give the date of the first day.")), plausible_year],
                          description=_l("Every session moves by the same number of days and keeps its time."))
    submit = SubmitField(_l("Make the copy"))

    def validate_slug(self, field):
        problem = services.slug_problem(field.data)
        if problem:
            raise ValidationError(problem)


class EventFilterForm(ConveneForm):
    """The filters of the public list; a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), filters=[strip_text], validators=[Optional(), at_most(200)])
    kind = SelectField(_l("Kind"), default="", invalid_choice_message=INVALID_CHOICE)
    region = SelectField(_l("Region"), default="", invalid_choice_message=INVALID_CHOICE)
    country = SelectField(_l("Country"), default="", invalid_choice_message=INVALID_CHOICE)
    goal = SelectField(_l("Convention goal"), default="", invalid_choice_message=INVALID_CHOICE)
    sdg = SelectField(_l("SDG"), default="", invalid_choice_message=INVALID_CHOICE)
    start = DateField(_l("From"), invalid_value_message=BAD_DATE, validators=[Optional(), plausible_year])
    end = DateField(_l("Until"), invalid_value_message=BAD_DATE, validators=[Optional(), plausible_year])
    past = BooleanField(_l("Include past events"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        anything = ("", _l("Any"))
        self.kind.choices = select_choices([anything] + [(k.key, k.label) for k in KINDS.values()])
        self.region.choices = select_choices([anything] + list(UNESCO_REGIONS.items()))
        self.country.choices = select_choices([anything] + country_choices())
        self.goal.choices = select_choices([anything] + list(CONVENTION_GOALS.items()))
        self.sdg.choices = select_choices([anything] + [(str(number), label) for number, label in SDGS.items()])

    def validate_end(self, field):
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("The end must be after the start."))

    def filters(self) -> services.EventFilters:
        return services.EventFilters(
            q=self.q.data or "", kind=self.kind.data or None, region=self.region.data or None,
            country=self.country.data or None, goal=self.goal.data or None,
            sdg=int(self.sdg.data) if self.sdg.data else None,
            start=self.start.data, end=self.end.data, past=bool(self.past.data))
