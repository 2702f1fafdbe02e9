"""The organiser's forms for an event's registration: decisions on participants, the list's filters, the
registration settings, session seats, quotas, invitations and messages to participants (the form's own
questions: question_forms.py)."""
from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (BooleanField, EmailField, IntegerField, RadioField, SelectField, StringField,
                     SubmitField, TextAreaField)
from wtforms.validators import DataRequired, Email, InputRequired, NumberRange, Optional, ValidationError

from core.forms import INVALID_CHOICE, ConveneForm, at_most, select_choices, strip_text
from core.language_fields import first_language_left_empty, language_data, other_languages, with_languages
from core.multilingual import languages_of, translated
from core.regions import UNESCO_REGIONS
from core.time_fields import LocalDateTimeField
from core.vocabularies import STAKEHOLDER_GROUPS, country_choices, language_names
from events.models import HYBRID
from events.vocabulary import PARTICIPATIONS
from registration.forms import NOT_GIVEN
from registration.models import (FIELD_LABELS, FIELD_USES, GROUP, MODES, OFF, OPEN_MODE, QUOTA_CRITERIA,
                                 REGION, STANDARD_FIELDS, STATUSES)


class DecisionForm(ConveneForm):
    """What an organiser decides for the participants ticked in the list."""

    reason = TextAreaField(_l("Reason (sent to the people you reject or whose registration you cancel)"),
                           filters=[strip_text],
                           validators=[Optional(), at_most(2000)])

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        # Checked here, not as a field validator: Optional() would stop the chain on an empty reason.
        if valid and request.form.get("action") in ("reject", "cancel") and not self.reason.data:
            self.reason.errors.append(_l("Say why: the people concerned receive this reason."))
            return False
        return valid


class ParticipantFilterForm(ConveneForm):
    """The organiser's filters over the participant list; a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    q = StringField(_l("Search by name, e-mail or organisation"), filters=[strip_text],
                    validators=[Optional(), at_most(200)])
    status = SelectField(_l("Status"), default="", invalid_choice_message=INVALID_CHOICE)
    group = SelectField(_l("Stakeholder group"), default="", invalid_choice_message=INVALID_CHOICE)
    region = SelectField(_l("Region"), default="", invalid_choice_message=INVALID_CHOICE)
    country = SelectField(_l("Country"), default="", invalid_choice_message=INVALID_CHOICE)
    session = SelectField(_l("With a seat at"), default="", invalid_choice_message=INVALID_CHOICE)
    category = SelectField(_l("Category"), default="", invalid_choice_message=INVALID_CHOICE)
    participation = SelectField(_l("Takes part"), default="", invalid_choice_message=INVALID_CHOICE,
                                choices=select_choices([("", _l("Any"))] + list(PARTICIPATIONS.items())))
    sort = SelectField(_l("Sort by"), default="registered", invalid_choice_message=INVALID_CHOICE,
                       choices=select_choices([("registered", _l("Date of registration")), ("name", _l("Name")),
                                               ("country", _l("Country")), ("status", _l("Status"))]))
    #: The names of the filters in the address.
    NAMES = ("q", "status", "group", "region", "country", "session", "category", "participation", "sort")

    def __init__(self, *args, sessions=(), categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        anything = ("", _l("Any"))
        #: The event's categories by id, for the list's column.
        self.categories_by_id = {category.id: category for category in categories}
        self.category.choices = select_choices([anything] + [(category.key, translated(category, "name"))
                                                             for category in categories])
        self.session.choices = select_choices([anything] + [(str(session.id), translated(session, "title"))
                                                            for session in sessions])
        self.status.choices = select_choices([anything] + list(STATUSES.items()))
        self.group.choices = select_choices([anything] + list(STAKEHOLDER_GROUPS.items()))
        self.region.choices = select_choices([anything] + list(UNESCO_REGIONS.items()))
        self.country.choices = select_choices([anything] + country_choices())

    def values(self) -> dict:
        return {"q": self.q.data or "", "status": self.status.data or None, "group": self.group.data or None,
                "region": self.region.data or None, "country": self.country.data or None,
                "session": int(self.session.data) if self.session.data else None,
                "category": self.category.data or None, "participation": self.participation.data or None,
                "sort": self.sort.data or "registered"}


def _whole_number(minimum: int, maximum: int):
    message = _l("Give a whole number from %(min)s to %(max)s.", min=minimum, max=maximum)
    return {"validators": [Optional(), NumberRange(min=minimum, max=maximum, message=message)],
            "invalid_value_message": message}


def _local(label, zone_hint):
    return LocalDateTimeField(label, validators=[Optional()], description=zone_hint)


def _on_event_clocks(form, fields) -> bool:
    """The times typed in `fields` as UTC in `form.times` (by field name); False with the reason on a field
    whose time does not exist or happens twice without saying which."""
    valid = True
    for field in fields:
        field.zone_name = form.event.timezone
        if field.data is not None and not field.errors:
            moment = field.utc()
            if moment is None:
                valid = False
            else:
                form.times[field.name] = moment
    return valid


class RegistrationSettingsForm(ConveneForm):
    is_open = BooleanField(_l("Take registrations in Convene"))
    mode = RadioField(_l("How registrations are accepted"), default=OPEN_MODE, choices=select_choices(MODES.items()),
                      invalid_choice_message=INVALID_CHOICE)
    opens_at = _local(_l("Registration opens"), _l("On the event's clocks. Empty: at once."))
    closes_at = _local(_l("Registration closes"), _l("On the event's clocks. Empty: when the event starts."))
    capacity = IntegerField(_l("Places"), description=_l("Empty: no limit. When full, people join the waiting list."),
                            **_whole_number(1, 1_000_000))
    online_capacity = IntegerField(_l("Online places"), description=_l(
        "For a hybrid event: places for the people who take part online (the places above are then the room's). "
        "Empty: no limit. When full, people join the online waiting list."), **_whole_number(0, 1_000_000))
    show_places_left = BooleanField(_l("Show how many places are left on the event's pages"),
                                    description=_l("Whether or not you tick it, the pages say when the event is full "
                                                   "and that registering then means joining the waiting list."))
    changes_until = _local(_l("Participants can change their answers until"),
                           _l("On the event's clocks. Empty: until registration closes."))
    privacy_notice = TextAreaField(_l("Privacy notice"), filters=[strip_text], validators=[Optional(), at_most(5000)],
                                   description=_l("Shown above the consent box: who keeps the details, what for, and "
                                                  "for how long."))
    offer_hours = IntegerField(_l("Hours a freed place is held for the next person waiting"), default=48,
                               validators=[InputRequired(message=_l("This field is required.")), NumberRange(
                                   min=1, max=720, message=_l("Give a whole number from %(min)s to %(max)s.",
                                                              min=1, max=720))],
                               invalid_value_message=_l("Give a whole number from %(min)s to %(max)s.", min=1, max=720))
    submit = SubmitField(_l("Save registration settings"))

    def __init__(self, *args, event, quotas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.event, self.quotas = event, list(quotas)
        for field in (self.opens_at, self.closes_at, self.changes_until):
            field.zone_name = event.timezone

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        self.times = {}
        valid &= _on_event_clocks(self, (self.opens_at, self.closes_at, self.changes_until))
        opens, closes = self.times.get("opens_at"), self.times.get("closes_at")
        if opens and closes and closes <= opens:
            self.closes_at.errors.append(_l("Registration must close after it opens."))
            valid = False
        for quota in self.quotas:
            needed = "stakeholder_group" if quota.criterion == GROUP else "country"
            if self[f"use_{needed}"].data == OFF:
                self[f"use_{needed}"].errors.append(_l("A quota holds places by this field: it must be asked."))
                valid = False
        if self.quotas and self.capacity.data is None:
            self.capacity.errors.append(_l("Quotas hold a share of the places: give the number of places."))
            valid = False
        return valid

    def translations(self) -> dict[str, dict]:
        """The privacy notice in the other working languages, {"privacy_notice": {language: text}}."""
        return {"privacy_notice": other_languages(self, "privacy_notice")}

    def values(self) -> dict:
        fields = {name: self[f"use_{name}"].data for name in STANDARD_FIELDS
                  if self[f"use_{name}"].data != STANDARD_FIELDS[name]}
        return {"is_open": bool(self.is_open.data), "mode": self.mode.data, "opens_at": self.times.get("opens_at"),
                "closes_at": self.times.get("closes_at") or self.event.starts_at,
                "changes_until": self.times.get("changes_until"), "privacy_notice": self.privacy_notice.data or "",
                "capacity": self.capacity.data, "offer_hours": self.offer_hours.data, "fields": fields,
                "show_places_left": bool(self.show_places_left.data),
                **({"online_capacity": self.online_capacity.data} if self.event.attendance_mode == HYBRID else {})}


for _name in STANDARD_FIELDS:
    setattr(RegistrationSettingsForm, f"use_{_name}", SelectField(
        FIELD_LABELS[_name], default=STANDARD_FIELDS[_name], choices=select_choices(FIELD_USES.items()),
        invalid_choice_message=INVALID_CHOICE))


def settings_form(event, **kwargs) -> RegistrationSettingsForm:
    """The settings form with the privacy notice in each of the event's working languages."""
    return with_languages(RegistrationSettingsForm, ("privacy_notice",), languages_of(event))(event=event, **kwargs)


def settings_form_data(settings, zone) -> dict:
    """The stored settings as the form's starting values (times on the venue's clocks)."""
    data = {"is_open": True, "offer_hours": 48}
    if settings is not None:
        def local(moment):
            return moment.astimezone(zone).replace(tzinfo=None) if moment else None

        data = {"is_open": settings.is_open, "mode": settings.mode, "capacity": settings.capacity,
                "online_capacity": settings.online_capacity, "show_places_left": settings.show_places_left,
                "offer_hours": settings.offer_hours, "opens_at": local(settings.opens_at),
                "closes_at": local(settings.closes_at), "changes_until": local(settings.changes_until),
                "privacy_notice": settings.privacy_notice, **language_data(settings, ("privacy_notice",))}
        data.update({f"use_{name}": settings.use_of(name) for name in STANDARD_FIELDS})
    return data


def seat_form(sessions, capacities: dict[int, int]):
    """One "seats" number per session of the programme; empty: open to every participant."""
    fields = {f"seats_{session.id}": IntegerField(translated(session, "title"), **_whole_number(1, 100_000))
              for session in sessions}
    fields["submit"] = SubmitField(_l("Save the seats"))
    form_class = type("SeatForm", (ConveneForm,), fields)
    return form_class(data={f"seats_{session_id}": capacity for session_id, capacity in capacities.items()})


class QuotaForm(ConveneForm):
    criterion = RadioField(_l("Places held for"), choices=select_choices(QUOTA_CRITERIA.items()), default=GROUP,
                           invalid_choice_message=INVALID_CHOICE)
    group = SelectField(_l("Stakeholder group"), default="", invalid_choice_message=INVALID_CHOICE,
                        choices=select_choices([NOT_GIVEN] + list(STAKEHOLDER_GROUPS.items())))
    region = SelectField(_l("UNESCO region"), default="", invalid_choice_message=INVALID_CHOICE,
                         choices=select_choices([NOT_GIVEN] + list(UNESCO_REGIONS.items())))
    percent = IntegerField(_l("Share of the places (%)"), **_whole_number(1, 100))
    releases_at = _local(_l("Released to everyone on"), _l("On the event's clocks. Empty: held until registration "
                                                          "closes."))
    submit = SubmitField(_l("Hold these places"))

    def __init__(self, *args, event, quotas=(), settings=None, quota=None, **kwargs):
        """`quota`: the one being changed. Whom it holds places for stays as it is (remove it to hold places for
        others); its share and release date are checked as a new quota's are, against the other quotas."""
        super().__init__(*args, **kwargs)
        self.event, self.settings = event, settings
        self.releases_at.zone_name = event.timezone
        self.quotas = [other for other in quotas if quota is None or other.id != quota.id]
        if quota is not None:
            self.criterion.data = quota.criterion
            self.group.data = quota.value if quota.criterion == GROUP else ""
            self.region.data = quota.value if quota.criterion == REGION else ""
            self.submit.label.text = _l("Save the quota")

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        needed = "stakeholder_group" if self.criterion.data == GROUP else "country"
        if self.settings is not None and self.settings.use_of(needed) == OFF:
            self.criterion.errors.append(
                _l("The form does not ask for the stakeholder group: ask for it in the settings first.")
                if needed == "stakeholder_group" else
                _l("The form does not ask for the country: ask for it in the settings first."))
            valid = False
        if self.percent.data is None and not self.percent.errors:
            self.percent.errors.append(_l("Give the share of the places to hold."))
            valid = False
        if self.criterion.data == GROUP and not self.group.data:
            self.group.errors.append(_l("Choose the stakeholder group."))
            valid = False
        if self.criterion.data == REGION and not self.region.data:
            self.region.errors.append(_l("Choose the region."))
            valid = False
        value = {GROUP: self.group.data, REGION: self.region.data}.get(self.criterion.data, "")
        if valid and any(quota.criterion == self.criterion.data and quota.value == value for quota in self.quotas):
            self.criterion.errors.append(_l("Places are already held for them: remove that quota first to hold "
                                            "another share."))
            valid = False
        if valid and sum(quota.percent for quota in self.quotas) + self.percent.data > 100:
            self.percent.errors.append(_l("The quotas would hold more than all the places: %(held)d%% are held "
                                          "already.", held=sum(quota.percent for quota in self.quotas)))
            valid = False
        self.times = {}
        valid &= _on_event_clocks(self, (self.releases_at,))
        self.release = self.times.get("releases_at")
        return valid

    def values(self) -> dict:
        value = {GROUP: self.group.data, REGION: self.region.data}.get(self.criterion.data, "")
        return {"criterion": self.criterion.data, "value": value, "percent": self.percent.data,
                "releases_at": self.release}


class InvitationForm(ConveneForm):
    email = EmailField(_l("E-mail address"), filters=[strip_text], validators=[
        DataRequired(message=_l("Enter the e-mail address.")), at_most(320),
        Email(message=_l("Enter a valid e-mail address, like name@example.org."), check_deliverability=False)])
    full_name = StringField(_l("Full name"), filters=[strip_text], validators=[Optional(), at_most(200)])
    organisation = StringField(_l("Organisation"), filters=[strip_text], validators=[Optional(), at_most(200)])
    invite = SubmitField(_l("Send the invitation"))


class InvitationImportForm(ConveneForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(message=_l("Choose the CSV file."))],
                     description=_l("The first line names the columns: email (required), full_name, organisation. "
                                    "Save from your spreadsheet as “CSV UTF-8”. If any row is wrong, nothing is "
                                    "imported: you get the list of rows to correct."))
    upload = SubmitField(_l("Import and send the invitations"))


def _one_line(form, field):
    if field.data and any(character in field.data for character in "\r\n"):
        raise ValidationError(_l("The subject must fit on one line."))


class MessageForm(ConveneForm):
    subject = StringField(_l("Subject"), filters=[strip_text],
                          validators=[DataRequired(message=_l("Write a subject.")), at_most(200), _one_line])
    body = TextAreaField(_l("Message"), filters=[strip_text],
                         validators=[DataRequired(message=_l("Write the message.")), at_most(20_000)])
    send = SubmitField(_l("Send"))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if hasattr(self, "content_languages"):
            first = language_names().get(self.content_languages[0], self.content_languages[0])
            if first_language_left_empty(self, "subject"):
                self.subject.errors = [_l("Write the subject in %(language)s too: it is the event's first "
                                          "language, which people whose language has no version get.", language=first)]
            if first_language_left_empty(self, "body"):
                self.body.errors = [_l("Write the message in %(language)s too: it is the event's first "
                                       "language, which people whose language has no version get.", language=first)]
        for language in getattr(self, "content_languages", [])[1:]:
            own_subject, own_body = self[f"subject__{language}"], self[f"body__{language}"]
            if own_subject.data and not own_body.data:
                own_body.errors = list(own_body.errors) + [_l("Write the message in %(language)s under its "
                                                              "subject, or leave both empty.",
                                                              language=language_names().get(language, language))]
                valid = False
        return valid

    def versions(self) -> dict[str, dict]:
        """The other working languages' versions, {language: {"subject", "body"}}."""
        subjects, bodies = other_languages(self, "subject"), other_languages(self, "body")
        return {language: {"subject": subjects[language] or "", "body": bodies[language] or ""}
                for language in bodies}


def message_form(event) -> MessageForm:
    """The message form with a version for each of the event's working languages (each person gets theirs)."""
    return with_languages(MessageForm, ("subject", "body"), languages_of(event))()
