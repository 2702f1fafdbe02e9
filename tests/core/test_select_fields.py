"""Drop-down lists as a browser shows them before anything is chosen.

A <select> with no option marked selected shows its first option as chosen: the booth table showed
places that were not assigned (C3, A6) and a form could be sent with a value nobody picked. So with
no value, every select starts on an empty choice ("— Not given —", "— Choose… —", "Any"), and a
required one's first option has the empty value HTML asks of it. A select whose value always exists
(saved settings, a sort order, an event's time zone) states its default instead, which marks that
option selected.
"""
from datetime import date
import re

from markupsafe import Markup
from wtforms import SelectField

from tests.conftest import page_text


def unchosen(html: Markup) -> str | None:
    """The label of the option a browser shows as chosen although nobody chose it, if any: the first option
    of a select with none marked selected, or the first of a required select when it is not empty."""
    html = str(html)
    tag = html.split(">", 1)[0]
    options = re.findall(r"<option([^>]*)>(.*?)</option>", html, re.S)
    if not options or re.search(r"\bmultiple\b", tag):
        return None
    first_is_empty = re.search(r'value="([^"]*)"', options[0][0]).group(1) == ""
    none_selected = not any(re.search(r"\bselected\b", attributes) for attributes, _ in options)
    required = bool(re.search(r"\brequired\b", tag))
    if (none_selected or required) and not first_is_empty:
        return page_text(options[0][1]) + (" (required)" if required else "")
    return None


def forms(event):
    """One of every form with a drop-down, in every package, made as its page makes it with nothing chosen."""
    from accounts.forms import RoleForm
    from events.forms import EventFilterForm, make_event_form
    from events.programme_forms import SessionForm, SpeakerForm
    from events.kinds import KINDS
    from outcomes.constituency_forms import ConstituencyFilterForm
    from registration.category_forms import CategoryForm
    from registration.forms import RegistrationForm
    from registration.manage_forms import ParticipantFilterForm, QuotaForm
    from registration.onsite_forms import AttendanceForm
    from showcase.catalogue import BoothFilterForm
    from showcase.forms import BoothForm, MemberForm, OrganisationForm
    from showcase.manage_forms import PlaceForm
    from showcase.meeting_forms import OpenSlotsForm

    made = [make_event_form(kind) for kind in KINDS.values()]
    made += [RoleForm(formdata=None), EventFilterForm(formdata=None), SessionForm(formdata=None, event=event),
             SpeakerForm(formdata=None), ConstituencyFilterForm(formdata=None),
             ParticipantFilterForm(formdata=None), QuotaForm(formdata=None, event=event),
             RegistrationForm(formdata=None), CategoryForm(formdata=None), BoothFilterForm(formdata=None), OrganisationForm(formdata=None),
             BoothForm([], formdata=None), MemberForm(formdata=None), PlaceForm([], formdata=None),
             OpenSlotsForm([date(2027, 6, 14), date(2027, 6, 15)], formdata=None),
             AttendanceForm([("2027-06-14", "Monday 14 June 2027"), ("2027-06-15", "Tuesday 15 June 2027")], [],
                            formdata=None)]
    return made


def test_no_drop_down_shows_a_choice_nobody_made(app, make_event):
    event = make_event()
    found = []
    with app.test_request_context():
        for form in forms(event):
            for field in form:
                if isinstance(field, SelectField) and (shown := unchosen(field())):
                    found.append(f"{type(form).__name__}.{field.name} shows “{shown}”")
    assert found == [], "\n".join(found)
