"""The demo delegations at the Paris conference: one approved, one waiting for credentials, one past the deadline."""
from html.parser import HTMLParser
import io

from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from core.extensions import db
from core.pdf import html_to_pdf
from meetings import delegations
from meetings.demo_delegations import load
from meetings.models import Delegation, FocalPoint, Nomination
from registration import questions
from registration.categories import ParticipantCategory
from registration.models import Registration, RegistrationSettings
from tests.conftest import page_text


def test_the_demo_delegations_load_once(app, make_event):
    event = make_event(title="Global Forum")
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, closes_at=event.starts_at))
    db.session.commit()
    assert list(load(event))[0].startswith("demo delegations: 3 created")
    assert list(load(event))[0].startswith("demo delegations: 0 created")

    by_country = {delegation.country: delegation for delegation in db.session.scalars(select(Delegation))}
    assert set(by_country) == {"KE", "CO", "VN"}
    kenya, colombia, vietnam = by_country["KE"], by_country["CO"], by_country["VN"]
    assert kenya.approved_at is not None and kenya.credentials_status == "accepted"
    assert colombia.approved_at is None and colombia.credentials_status == "missing"
    assert len(vietnam.members) == 1 and not delegations.nominations_open(event)
    assert {member.registration.status for member in kenya.members if member.registration} == {"confirmed"}
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 3
    assert db.session.scalar(select(func.count()).select_from(Nomination)) == 6
    assert db.session.scalar(select(func.count()).select_from(FocalPoint).where(FocalPoint.user_id.is_not(None))) == 3
    assert db.session.scalar(select(func.count()).select_from(ParticipantCategory)) == 1


class _Form(HTMLParser):
    """The values a browser would post from the page's registration form, as they stand."""

    def __init__(self):
        super().__init__()
        self.values, self._select, self._textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") and attrs.get("type") not in ("submit", "file"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.values.append((attrs["name"], attrs.get("value", "")))
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select and "selected" in attrs:
            self.values.append((self._select, attrs.get("value", "")))
        elif tag == "textarea":
            self._textarea = attrs.get("name")
            self.values.append((self._textarea, ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            name, text = self.values.pop()
            self.values.append((name, text + data))


def test_a_demo_delegate_can_save_change_my_answers(app, client, make_event, login):
    event = make_event(title="Global Forum")
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, closes_at=event.starts_at))
    db.session.commit()
    questions.add_question(event.id, {"kind": "yes_no", "label": "Do you need a visa letter?", "is_required": True})
    questions.add_question(event.id, {"kind": "multiple", "label": "Your sectors", "is_required": True,
                                      "options": ["Music", "Film"]})
    list(load(event))
    head = db.session.scalar(select(Registration).where(Registration.email == "achieng.otieno@convene.example"))
    assert sorted(head.answers.values(), key=str) == [["Music"], "no"]
    login(db.session.get(User, head.user_id), password=DEMO_PASSWORD)
    url = f"/registrations/{head.id}/change"
    form = _Form()
    form.feed(client.get(url).get_data(as_text=True))
    response = client.post(url, data=MultiDict(form.values))
    assert response.status_code == 302, page_text(response.get_data(as_text=True))[:3000]


def test_colombia_sends_its_credentials_after_the_nominations_deadline(app, client, make_event, login):
    """The deadline is for members: Colombia's focal point, waiting for credentials, can still send them."""
    event = make_event(title="Global Forum")
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, closes_at=event.starts_at))
    db.session.commit()
    list(load(event))
    assert not delegations.nominations_open(event)
    colombia = db.session.scalar(select(Delegation).where(Delegation.country == "CO"))
    focal = db.session.scalar(select(User).where(User.email == "focal.colombia@convene.example"))
    login(focal, password=DEMO_PASSWORD)
    url = f"/delegations/{colombia.id}"
    page = client.get(url).get_data(as_text=True)
    assert "flash-warning" in page and 'name="credentials-letter"' in page  # closed to members, open to the letter
    letter = html_to_pdf("<!doctype html><html><body><h1>Credenciales</h1></body></html>")
    response = client.post(url, data={"csrf_token": client.csrf_token(url), "credentials-upload_credentials": "Send",
                                      "credentials-letter": (io.BytesIO(letter), "credenciales.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Delegation, colombia.id).credentials_status == "received"
