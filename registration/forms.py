"""The participant's registration form, built from the event's registration settings, questions and sessions."""
from datetime import date

from flask_babel import lazy_gettext as _l, ngettext
from markupsafe import Markup
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from core import uploads
from core.forms import (INVALID_CHOICE, AtLeastOne, CheckboxesField, ConveneForm, at_most, select_choices,
                        strip_text)
from core.i18n import name_list
from core.multilingual import marked, translated, translated_list
from core.vocabularies import STAKEHOLDER_GROUPS, country_choices, language_choices
from events.models import ONLINE
from events.vocabulary import PARTICIPATIONS
from registration import seats
from registration.models import (COUNTRY, DATE, GENDERS, LONG_TEXT, MULTIPLE, OFF, OPTIONAL, REQUIRED, SINGLE,
                                 STANDARD_FIELDS, YES_NO)

NOT_GIVEN = ("", _l("— Not given —"))

#: A badge photo: at most this many bytes uploaded, and kept at most this many pixels a side.
PHOTO_MAX_BYTES, PHOTO_MAX_SIDE = 5 * 1024 * 1024, 800
YES_NO_CHOICES = [("yes", _l("Yes")), ("no", _l("No"))]


class RegistrationForm(ConveneForm):
    """What every registration form asks. `registration_form` adds the standard fields the event asks
    for, its own questions (`q_<id>`) and the sessions with limited seats."""

    full_name = StringField(_l("Full name"), filters=[strip_text], validators=[
        DataRequired(message=_l("Enter your name.")), at_most(200)],
        description=_l("As it should appear on your badge and certificate."))
    consent = BooleanField(_l("I agree that the organisers keep these details to run the event, as their privacy "
                              "notice says."),
                           validators=[DataRequired(message=_l("Registration needs your agreement."))])
    submit = SubmitField(_l("Register"))

    def __init__(self, *args, questions=(), sessions=(), categories=(), choosable=(), current_category=None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.questions, self.seat_sessions = list(questions), list(sessions)
        #: The event's categories, those the person may choose here, and the one they keep when there is no
        #: choice (a change of registration in a category an organiser approved).
        self.categories, self.choosable = list(categories), list(choosable)
        self.current_category = current_category
        self.checked_photo = None
        if "category_id" in self:
            self.category_id.choices = select_choices(
                [("", _l("— Choose your category —"))]
                + [(str(category.id), translated(category, "name")) for category in self.choosable])
        if "stakeholder_group" in self:
            self.stakeholder_group.choices = select_choices([NOT_GIVEN] + list(STAKEHOLDER_GROUPS.items()))
        if "country" in self:
            self.country.choices = select_choices([NOT_GIVEN] + country_choices())
        if "gender" in self:
            self.gender.choices = select_choices([NOT_GIVEN] + list(GENDERS.items()))
        if "languages" in self:
            self.languages.choices = select_choices(language_choices())
        if "sessions" in self:
            self.sessions.choices = select_choices((session.id, translated(session, "title"))
                                                   for session in self.seat_sessions)
        for question in self.questions:
            if question.kind == COUNTRY:
                self[f"q_{question.id}"].choices = select_choices([NOT_GIVEN] + country_choices())

    def validate_category_id(self, field):
        if not field.data:
            return
        if field.data in {str(category.id) for category in self.choosable}:
            return
        if any(str(category.id) == field.data for category in self.categories):
            # A category whose people a focal point nominates (or, at a change, one an organiser approves).
            raise ValidationError(_l("Registration in this category is not open on this form: choose another "
                                     "category, or ask the organisers (or your focal point) to register you."))
        raise ValidationError(INVALID_CHOICE)

    def chosen_category_id(self) -> int | None:
        """The category the answers are for: the one chosen, or the one kept."""
        if "category_id" in self:
            choosable = {str(category.id) for category in self.choosable}
            return int(self.category_id.data) if self.category_id.data in choosable else None
        return self.current_category.id if self.current_category is not None else None

    def asks(self, question) -> bool:
        """Whether the question is for this person: asked of everyone, or of the category they chose."""
        return not question.category_ids or self.chosen_category_id() in question.category_ids

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for question in self.questions:
            box = self[f"q_{question.id}"]
            if not self.asks(question):
                box.errors = []  # not for their category: neither required nor stored
            elif question.category_ids and question.is_required and _answer(question, box.data) in (None, "", []):
                box.errors = [_l("Answer this question.")]
        return not self.errors if self.questions else valid

    def validate_photo(self, field):
        upload = field.data
        if upload is None or not getattr(upload, "filename", None):
            return
        try:
            self.checked_photo = uploads.check_image(upload, max_bytes=PHOTO_MAX_BYTES, max_side=PHOTO_MAX_SIDE)
        except uploads.UploadRejected as error:
            raise ValidationError(error.message) from error

    def validate_sessions(self, field):
        chosen = [session for session in self.seat_sessions if session.id in set(field.data or ())]
        if chosen and "participation" in self and self.participation.data == ONLINE:
            raise ValidationError(_l("Seats are in the room: online participants do not choose sessions with "
                                     "limited seats. Untick them, or take part in person."))
        for first, second in seats.clashes(chosen):
            raise ValidationError(_l("“%(first)s” and “%(second)s” take place at the same time: choose one.",
                                     first=translated(first, "title"), second=translated(second, "title")))

    def values(self) -> dict:
        """The registration's columns; fields the event does not ask keep their stored value."""
        values = {"full_name": self.full_name.data}
        for name in ("organisation", "job_title", "accessibility_needs", "dietary_requirements"):
            if name in self:
                values[name] = self[name].data or ""
        for name in ("stakeholder_group", "country", "gender"):
            if name in self:
                values[name] = self[name].data or None
        if "languages" in self:
            values["languages"] = list(self.languages.data or [])
        if self.questions:
            values["answers"] = {str(question.id): _answer(question, self[f"q_{question.id}"].data)
                                 for question in self.questions if self.asks(question)}
        if "category_id" in self:
            values["category_id"] = self.chosen_category_id()
        if "participation" in self:
            values["participation"] = self.participation.data
        if "honorific" in self:
            values["honorific"] = self.honorific.data or ""
        return values

    def listing_consent_given(self) -> bool | None:
        """Whether the box for the public list of participants was ticked; None when not offered."""
        return bool(self.listing_consent.data) if "listing_consent" in self else None

    def session_options(self) -> list:
        """(checkbox, session) pairs, for a page that tells each session's time and seats."""
        return list(zip(self.sessions, self.seat_sessions))

    def chosen_sessions(self) -> set[int]:
        return set(self.sessions.data or ()) if "sessions" in self else set()

    def exhibitor_consent_given(self) -> bool | None:
        """Whether the box for booths was ticked; None when the form does not offer it."""
        return bool(self.exhibitor_consent.data) if "exhibitor_consent" in self else None


def _answer(question, data):
    if question.kind == DATE:
        return data.isoformat() if data else None
    if question.kind == MULTIPLE:
        return list(data or [])
    return data or None


def _required(use: str, message):
    return [DataRequired(message=message)] if use == REQUIRED else [Optional()]


def _standard_field(name: str, use: str):
    """The unbound field for a standard field asked as `use` (REQUIRED or OPTIONAL)."""
    if name == "organisation":
        return StringField(_l("Organisation"), filters=[strip_text],
                           validators=_required(use, _l("Enter your organisation.")) + [at_most(200)])
    if name == "job_title":
        return StringField(_l("Job title"), filters=[strip_text],
                           validators=_required(use, _l("Enter your job title.")) + [at_most(200)])
    if name == "stakeholder_group":
        return SelectField(_l("Stakeholder group"), invalid_choice_message=INVALID_CHOICE,
                           validators=_required(use, _l("Choose your stakeholder group.")))
    if name == "country":
        return SelectField(_l("Country"), invalid_choice_message=INVALID_CHOICE,
                           validators=_required(use, _l("Choose your country.")))
    if name == "gender":
        return SelectField(_l("Gender"),
                           invalid_choice_message=INVALID_CHOICE,
                           validators=_required(use, _l("Choose an answer: “Prefer not to say” is one.")),
                           description=_l("Asked only to report on gender balance; never shown to other "
                                          "participants."))
    if name == "languages":
        return CheckboxesField(_l("Languages spoken"), invalid_choice_message=INVALID_CHOICE,
                               validators=[AtLeastOne(_l("Choose at least one language."))] if use == REQUIRED
                               else [Optional()])
    if name == "accessibility_needs":
        return TextAreaField(_l("Accessibility needs"), filters=[strip_text],
                             validators=_required(use, _l("Describe your needs, or write “none”.")) + [at_most(2000)])
    if name == "dietary_requirements":
        return TextAreaField(_l("Dietary requirements"), filters=[strip_text],
                             validators=_required(use, _l("Describe your requirements, or write “none”."))
                             + [at_most(1000)])
    if name == "photo":
        required = [FileRequired(message=_l("Add a photo for your badge."))] if use == REQUIRED else []
        return FileField(_l("Photo for your badge"), validators=required,
                         description=_l("A JPEG, PNG, WebP or GIF image of your face, up to 5 MB.") if use == REQUIRED
                         else _l("Optional. A JPEG, PNG, WebP or GIF image of your face, up to 5 MB."))
    raise KeyError(name)


def _question_field(question, categories=()):
    # In the reader's language where the organisers wrote it, marked with its language where it falls back.
    label = marked(translated(question, "label"))
    hint = translated(question, "help_text")
    description = marked(hint) if hint else None
    named = [translated(category, "name") for category in categories if category.id in (question.category_ids or ())]
    if named:
        # Required (and kept) only for these categories: the form says which, and checks it (RegistrationForm).
        only = _l("Only for: %(categories)s.", categories=name_list(named))
        description = Markup("{} {}").format(description, only) if description else only
    # Shown in the reader's language, submitted and stored in the first language's: answers count the same.
    options = list(zip(question.options or (), (marked(option) for option in translated_list(question, "options"))))
    required = question.is_required and not named
    message = _l("Answer this question.")
    validators = [InputRequired(message=message)] if required else [Optional()]
    if question.kind == LONG_TEXT:
        return TextAreaField(label, filters=[strip_text], description=description,
                             validators=[DataRequired(message=message) if required else Optional(), at_most(5000)])
    if question.kind == SINGLE:
        return RadioField(label, description=description, validators=validators,
                          choices=select_choices(options),
                          invalid_choice_message=INVALID_CHOICE)
    if question.kind == MULTIPLE:
        return CheckboxesField(label, description=description,
                               validators=[AtLeastOne(message)] if required else [Optional()],
                               choices=select_choices(options),
                               invalid_choice_message=INVALID_CHOICE)
    if question.kind == YES_NO:
        return RadioField(label, description=description, validators=validators,
                          choices=select_choices(YES_NO_CHOICES), invalid_choice_message=INVALID_CHOICE)
    if question.kind == COUNTRY:
        return SelectField(label, description=description, invalid_choice_message=INVALID_CHOICE,
                           validators=[DataRequired(message=message)] if required else [Optional()])
    if question.kind == DATE:
        return DateField(label, description=description, validators=validators + [_plausible_year],
                         invalid_value_message=_l("Enter a date, like 2027-03-27."))
    return StringField(label, filters=[strip_text], description=description,
                       validators=[DataRequired(message=message) if required else Optional(), at_most(1000)])


def _plausible_year(form, field):
    if field.data is not None and not 1900 <= field.data.year <= 2200:
        raise ValidationError(_l("Enter a year between %(first)d and %(last)d.", first=1900, last=2200))


def participation_field(event_places=None, label=_l("How will you take part?")) -> RadioField:
    """In person or online, for a hybrid event; each choice says how many places it has left when the event
    shows it (`event_places`, a places.PublicPlaces), and that a full one means its waiting list."""
    choices = []
    for mode, name in PARTICIPATIONS.items():
        if event_places is not None and event_places.is_full_for(mode):
            name = _l("%(mode)s (full: you join the waiting list)", mode=name)
        elif event_places is not None and event_places.left_for(mode) is not None:
            name = _l("%(mode)s (%(left)s)", mode=name, left=_places_left(event_places.left_for(mode)))
        choices.append((mode, name))
    return RadioField(label, choices=select_choices(choices), invalid_choice_message=INVALID_CHOICE,
                      validators=[InputRequired(message=_l("Choose how you will take part: in person or online."))],
                      description=_l("In person and online have their own places and waiting lists."))


def _places_left(left: int) -> str:
    return ngettext("%(num)d place left", "%(num)d places left", left)


def registration_form(settings, questions=(), sessions=(), *, changing=None, exhibitor_consent=False,
                      categories=(), choosable=(), current_category=None, event_places=None,
                      **kwargs) -> RegistrationForm:
    """The event's form, as its settings ask. `changing`: the registration whose answers are changed
    (its values fill the form; consent was given already, so it is not asked again).
    `exhibitor_consent`: the event has booths that scan badges (services.asks_exhibitor_consent), so the
    form offers the optional consent to them, at a change too (the person may withdraw it).
    `categories`: the event's participant categories (registration.categories); `choosable`: those the person
    may choose here (a required choice when there are any); `current_category`: without a choice, the category
    the person registers in (a delegation's), whose questions are asked (at a change: the registration's). An
    event with categories also asks the person's title, and whether their name may be on the public list of
    participants if a category is listed. `event_places` (places.PublicPlaces): the event is hybrid, and a new
    registration asks how the person takes part (a change of it is its own form: ParticipationForm)."""
    fields = {name: _standard_field(name, settings.use_of(name)) for name in STANDARD_FIELDS
              if settings.use_of(name) != OFF}
    if changing is None and event_places is not None and event_places.is_hybrid:
        fields["participation"] = participation_field(event_places)
    fields.update({f"q_{question.id}": _question_field(question, categories) for question in questions})
    if choosable:
        fields["category_id"] = SelectField(_l("Category"), validate_choice=False,
                                            validators=[DataRequired(message=_l("Choose your category."))],
                                            description=_l("In what capacity you take part."))
    if categories:
        fields["honorific"] = StringField(_l("Title"), filters=[strip_text], validators=[Optional(), at_most(40)],
                                          description=_l("Optional. As it should appear before your name on "
                                                         "the list of participants: Dr, Prof., H.E., Ms, Mr..."))
    if any(category.is_listed for category in categories):
        fields["listing_consent"] = BooleanField(
            _l("Show my name on the public list of participants"),
            description=_l("Optional. Your title, name, organisation and country appear on the list the "
                           "organisers publish, if your category is listed."))
    if sessions:
        fields["sessions"] = CheckboxesField(_l("Sessions with limited seats"), coerce=int,
                                             invalid_choice_message=INVALID_CHOICE)
    if exhibitor_consent:
        # Never ticked beforehand, never required: booths ask those who did not tick it.
        fields["exhibitor_consent"] = BooleanField(
            _l("Booths whose staff scan my badge may keep my details (my name, organisation and the details the "
               "fair's organisers allow)."),
            description=_l("Optional. If you leave it unticked, booth staff ask you before they keep anything."))
    if changing is not None:
        fields["consent"] = None  # a class attribute of None removes the inherited field
        fields["submit"] = SubmitField(_l("Save my changes"))
        if changing.photo and "photo" in fields:
            fields["photo"] = _standard_field("photo", OPTIONAL)
            fields["remove_photo"] = BooleanField(_l("Remove my photo"))
        kwargs.setdefault("data", registration_data(changing, questions))
    form_class = type("EventRegistrationForm", (RegistrationForm,), fields)
    return form_class(questions=questions, sessions=sessions, categories=categories, choosable=choosable,
                      current_category=current_category or (changing.category if changing is not None else None),
                      **kwargs)


class ParticipationForm(ConveneForm):
    """A participant of a hybrid event (or an organiser for them) switches between in person and online."""

    participation = participation_field(label=_l("How you take part"))
    switch = SubmitField(_l("Change how I take part"))


def registration_data(registration, questions) -> dict:
    """A stored registration as the form's starting values."""
    data = {name: getattr(registration, name) for name in (
        "full_name", "organisation", "job_title", "stakeholder_group", "country", "gender", "accessibility_needs",
        "dietary_requirements", "languages")}
    data = {name: ("" if value is None else value) for name, value in data.items()}
    data["exhibitor_consent"] = registration.exhibitor_consent_at is not None
    data["listing_consent"] = registration.listing_consent_at is not None
    data["honorific"] = registration.honorific or ""
    data["category_id"] = str(registration.category_id) if registration.category_id else ""
    answers = registration.answers or {}
    for question in questions:
        data[f"q_{question.id}"] = _stored_answer(question, answers.get(str(question.id)))
    data["sessions"] = [choice.session_id for choice in registration.choices]
    return data


def _stored_answer(question, value):
    """A stored answer as its field takes it; one given to an earlier kind of the question is dropped."""
    if question.kind == MULTIPLE:
        return value if isinstance(value, list) else []
    if not isinstance(value, str):
        return None
    if question.kind == DATE:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return value
