"""Lead capture: a booth's staff scan a visitor's badge; only with the visitor's consent, only the fields the
fair allows, only for the booth's own people; the consent itself is given (or not) when registering."""
import csv
import io
import json
import re

import pytest
from sqlalchemy import select

from accounts.models import User
from core.extensions import db
from core.models import utcnow
from registration import organising, services as registration_services
from registration.codes import badge_code, make_code
from registration.models import CANCELLED, PENDING, Registration, RegistrationSettings
from showcase import fairs, leads
from showcase.models import DRAFTING, STAFF, FairSettings, Lead, OrganisationMember
from tests.conftest import page_text
from tests.registration.onsite import api, confirmed
from tests.showcase.fair import beneficiary_booth, make_booth, make_fair, make_organisation

FORM = {"full_name": "Amaru Quispe Mamani", "organisation": "Centro Cultural Andino",
        "stakeholder_group": "civil_society", "country": "PE", "consent": "y"}


@pytest.fixture
def fair(make_event):
    return make_fair(make_event, title="IFCD Knowledge Fair")


@pytest.fixture
def booth_user(fair, make_user, client, login):
    """The beneficiary, logged in, and its approved booth at the fair."""
    user, booth = beneficiary_booth(make_user, fair)
    login(user)
    return user, booth


@pytest.fixture
def visitor(fair, make_user):
    """A visitor with a confirmed registration who agreed, when registering, that booths keep their details."""
    person = make_user(email="lucia@example.org", full_name="Lucía Fernández")
    return confirmed(fair, person, organisation="Fundación Arte Vivo", job_title="Director", country="CO",
                     stakeholder_group="civil_society", exhibitor_consent_at=utcnow())


def scan_url(booth) -> str:
    return f"/showcase/booths/{booth.id}/leads/scan"


def scan(client, booth, code, **fields):
    return api(client, {"code": code, **fields}, scan_url(booth))


def leads_of(booth) -> list[Lead]:
    db.session.expire_all()
    return db.session.scalars(select(Lead).where(Lead.booth_id == booth.id)).all()


# --- Consent when registering ---------------------------------------------------------------------------

def _box(html: str) -> str:
    """The consent-to-booths checkbox on a registration page."""
    return re.search(r'<input[^>]*name="exhibitor_consent"[^>]*>', html).group(0)


def _taking_registrations(event):
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, closes_at=event.starts_at))
    db.session.commit()


def test_a_knowledge_fair_asks_for_consent_to_booths_unticked_and_stores_the_answer(client, fair, make_user, login):
    _taking_registrations(fair)
    person = make_user(email="amaru@example.org")
    login(person)

    page = client.get(f"/events/{fair.slug}/register").get_data(as_text=True)
    assert "Booths whose staff scan my badge may keep my details" in page
    assert "checked" not in _box(page)

    client.submit(f"/events/{fair.slug}/register", {**FORM, "exhibitor_consent": "y"})
    registration = db.session.scalar(select(Registration).where(Registration.user_id == person.id))
    assert registration.status == "confirmed" and registration.exhibitor_consent_at is not None
    agreed_at = registration.exhibitor_consent_at

    # Changing the answers keeps the box as it was, and the date of the agreement with it.
    change = f"/registrations/{registration.id}/change"
    assert "checked" in _box(client.get(change).get_data(as_text=True))
    client.submit(change, {**FORM, "exhibitor_consent": "y", "job_title": "Curator"})
    db.session.expire_all()
    assert registration.exhibitor_consent_at == agreed_at

    # Unticked on a change: withdrawn, and the history says so.
    response = client.submit(change, {**FORM, "job_title": "Curator"}, follow_redirects=True)
    assert "Your changes are saved" in response.get_data(as_text=True)
    db.session.expire_all()
    assert registration.exhibitor_consent_at is None
    assert "Consent to booths that scan the badge" in registration.history[-1].reason


def test_leaving_the_box_unticked_stores_no_consent_and_other_events_do_not_ask(client, fair, make_user, login,
                                                                                make_event):
    _taking_registrations(fair)
    person = make_user()
    login(person)
    client.submit(f"/events/{fair.slug}/register", FORM)
    registration = db.session.scalar(select(Registration).where(Registration.user_id == person.id))
    assert registration.status == "confirmed" and registration.exhibitor_consent_at is None

    conference = make_event(kind="conference")
    _taking_registrations(conference)
    assert "exhibitor_consent" not in client.get(f"/events/{conference.slug}/register").get_data(as_text=True)


# --- Scanning ----------------------------------------------------------------------------------------------

def test_a_visitor_who_agreed_when_registering_is_kept_with_the_allowed_fields_only(client, booth_user, visitor):
    user, booth = booth_user

    answer = scan(client, booth, badge_code(visitor))

    assert answer.status_code == 200
    body = answer.get_json()
    assert body["result"] == "stored" and body["visitor"]["name"] == "Lucía Fernández" and body["count"] == 1
    [lead] = leads_of(booth)
    assert lead.details == {"full_name": "Lucía Fernández", "organisation": "Fundación Arte Vivo", "country": "CO"}
    assert lead.consent == "registration" and lead.scanned_by_user_id == user.id
    assert [detail["value"] for detail in body["lead"]["details"]] == ["Lucía Fernández", "Fundación Arte Vivo",
                                                                        "Colombia"]

    # The organisers allow other fields: the next scan keeps those, and nothing else.
    db.session.add(FairSettings(event_id=booth.event_id, lead_fields=["full_name", "job_title", "email"]))
    db.session.commit()
    assert scan(client, booth, badge_code(visitor)).get_json()["result"] == "updated"
    [lead] = leads_of(booth)
    assert lead.details == {"full_name": "Lucía Fernández", "job_title": "Director", "email": "lucia@example.org"}


def test_without_consent_the_staff_ask_then_asked_keeps_and_declined_keeps_nothing(client, booth_user, fair,
                                                                                   make_user):
    user, booth = booth_user
    yes = confirmed(fair, make_user(full_name="Kwame Mensah"), organisation="Accra Arts")
    no = confirmed(fair, make_user(full_name="Nadia Haddad"))

    first = scan(client, booth, badge_code(yes)).get_json()
    # Before anything may be kept, the staff see the name on the badge, nothing more.
    assert first["result"] == "ask" and first["visitor"] == {"name": "Kwame Mensah"}
    assert first["lead"] is None and leads_of(booth) == []

    kept = scan(client, booth, badge_code(yes), consent="asked").get_json()
    assert kept["result"] == "stored"
    [lead] = leads_of(booth)
    assert lead.consent == "asked" and lead.details["full_name"] == "Kwame Mensah"
    # Scanned again later: they agreed at this booth already, nobody asks twice.
    assert scan(client, booth, badge_code(yes)).get_json()["result"] == "updated"

    assert scan(client, booth, badge_code(no)).get_json()["result"] == "ask"
    declined = scan(client, booth, badge_code(no), consent="declined").get_json()
    assert declined["result"] == "declined" and "Nothing was kept" in declined["message"]
    assert [lead.details["full_name"] for lead in leads_of(booth)] == ["Kwame Mensah"]


def test_someone_who_withdrew_their_consent_is_asked_again_and_a_no_forgets_them(client, booth_user, visitor):
    user, booth = booth_user
    scan(client, booth, badge_code(visitor))
    visitor.exhibitor_consent_at = None
    db.session.commit()

    assert scan(client, booth, badge_code(visitor)).get_json()["result"] == "ask"
    assert scan(client, booth, badge_code(visitor), consent="declined").get_json()["result"] == "declined"
    assert leads_of(booth) == []


def _badges_not_valid_here(fair, make_event, make_user, visitor):
    other_fair = make_fair(make_event)
    elsewhere = confirmed(other_fair, make_user(), exhibitor_consent_at=utcnow())
    cancelled = confirmed(fair, make_user(), exhibitor_consent_at=utcnow())
    old = badge_code(cancelled)
    registration_services.cancel(cancelled, by=None)
    pending = confirmed(fair, make_user(), status=PENDING, exhibitor_consent_at=utcnow())
    replaced = badge_code(visitor)
    organising.reissue_badge(visitor, by=None)
    code = badge_code(visitor)
    forged = code[:-1] + ("A" if code[-1] != "A" else "B")
    return {
        "forged": (forged, "altered or not made by Convene"),
        "made up": (make_code(fair.id, 999_999, 1), "no longer exists"),
        "another event": (badge_code(elsewhere), "for another event"),
        "an old badge": (replaced, "replaced by a newer one"),
        "cancelled": (old, "cancelled"),
        "not confirmed": (badge_code(pending), "not confirmed"),
        "not a badge": ("https://example.org/=cmd", "not a Convene badge code"),
    }


def test_a_badge_not_valid_at_this_fair_is_refused_with_the_reason_and_nothing_is_kept(client, booth_user, fair,
                                                                                       make_event, make_user, visitor):
    user, booth = booth_user
    for case, (code, reason) in _badges_not_valid_here(fair, make_event, make_user, visitor).items():
        for consent in (None, "asked"):
            answer = scan(client, booth, code, consent=consent)
            body = answer.get_json()
            assert answer.status_code == 200 and body["result"] == "refused", case
            assert reason in body["message"], (case, body["message"])
            assert body["visitor"] is None and body["lead"] is None, case
    assert leads_of(booth) == []
    assert db.session.get(Registration, visitor.id).status != CANCELLED  # the valid one is still valid
    assert scan(client, booth, badge_code(visitor)).get_json()["result"] == "stored"


def test_a_booth_not_yet_approved_cannot_scan(client, fair, make_user, login, visitor):
    user = make_user(roles=("beneficiary", "participant"))
    booth = make_booth(fair, make_organisation(user, name="Drafting Org"), status=DRAFTING)
    login(user)

    body = scan(client, booth, badge_code(visitor)).get_json()

    assert body["result"] == "refused" and "not approved" in body["message"]
    assert leads_of(booth) == []
    assert "not approved for this fair yet" in client.get(f"/showcase/booths/{booth.id}/scan").get_data(as_text=True)


def test_a_second_scan_updates_the_lead_and_keeps_its_rating_and_note(client, booth_user, visitor):
    user, booth = booth_user
    scan(client, booth, badge_code(visitor), rating=4, note="Wants to co-produce a festival.")
    visitor.organisation = "Fundación Arte Vivo (Bogotá)"
    db.session.commit()

    body = scan(client, booth, badge_code(visitor)).get_json()

    assert body["result"] == "updated" and body["count"] == 1
    [lead] = leads_of(booth)
    assert lead.details["organisation"] == "Fundación Arte Vivo (Bogotá)"
    assert (lead.rating, lead.note) == (4, "Wants to co-produce a festival.")
    # The rating and note the phone page sends afterwards, with the same code.
    scan(client, booth, badge_code(visitor), rating=5, note="Call in July.")
    [lead] = leads_of(booth)
    assert (lead.rating, lead.note) == (5, "Call in July.")


def test_two_phones_scanning_the_same_visitor_at_once_make_one_lead(booth_user, visitor, monkeypatch):
    user, booth = booth_user
    leads.scan(booth, badge_code(visitor), user, note="First phone")
    real_lead_for, calls = leads.lead_for, []

    def not_yet_seen(*args):
        # The second phone looked before the first one's lead was written.
        calls.append(args)
        return None if len(calls) == 1 else real_lead_for(*args)

    monkeypatch.setattr(leads, "lead_for", not_yet_seen)
    outcome = leads.scan(booth, badge_code(visitor), user, rating=2)

    assert outcome.result == "updated"
    [lead] = leads_of(booth)
    assert (lead.rating, lead.note) == (2, "First phone")


def test_the_staff_of_the_organisation_scan_too(client, fair, make_user, login, visitor):
    owner, booth = beneficiary_booth(make_user, fair)
    helper = make_user(full_name="Booth Helper")
    db.session.add(OrganisationMember(organisation_id=booth.organisation_id, user_id=helper.id, role=STAFF))
    db.session.commit()
    login(helper)

    assert scan(client, booth, badge_code(visitor)).get_json()["result"] == "stored"
    assert leads_of(booth)[0].scanned_by_user_id == helper.id


# --- Bad input to the scan API ------------------------------------------------------------------------------

@pytest.mark.parametrize("fields, field, message", [
    ({"rating": 6}, "rating", "from 1 to 5"),
    ({"rating": 0}, "rating", "from 1 to 5"),
    ({"rating": "5"}, "rating", "from 1 to 5"),
    ({"rating": True}, "rating", "from 1 to 5"),
    ({"rating": 4.5}, "rating", "from 1 to 5"),
    ({"note": "x" * 2001}, "note", "at most 2000 characters"),
    ({"note": ["a list"]}, "note", "must be text"),
    ({"note": "Hello\x00"}, "note", "cannot be stored"),
    ({"consent": "yes"}, "consent", "“asked” or “declined”"),
    ({"code": 12}, "code", "as “code”"),
    ({"code": None}, "code", "as “code”"),
])
def test_a_bad_rating_note_or_code_is_refused_with_a_message_and_nothing_kept(client, booth_user, visitor, fields,
                                                                              field, message):
    user, booth = booth_user

    answer = api(client, {"code": badge_code(visitor), **fields}, scan_url(booth))

    assert answer.status_code == 400 and answer.is_json
    assert answer.get_json()["field"] == field and message in answer.get_json()["error"]
    assert leads_of(booth) == []


def test_what_is_not_a_json_object_or_far_too_large_gets_a_json_answer(client, booth_user, visitor):
    user, booth = booth_user
    token = client.csrf_token("/")
    headers = {"X-CSRFToken": token}

    not_json = client.post(scan_url(booth), data="code=" + badge_code(visitor), headers=headers,
                           content_type="application/x-www-form-urlencoded")
    a_list = client.post(scan_url(booth), json=[badge_code(visitor)], headers=headers)
    broken = client.post(scan_url(booth), data='{"code": ', headers=headers, content_type="application/json")
    nested = client.post(scan_url(booth), data="[" * 3000 + "]" * 3000, headers=headers,
                         content_type="application/json")
    huge = client.post(scan_url(booth), data=json.dumps({"code": badge_code(visitor), "note": "x" * 100_000}),
                       headers=headers, content_type="application/json")

    for answer in (not_json, a_list, broken, nested):
        assert answer.status_code == 400 and "Send a JSON object" in answer.get_json()["error"]
    assert huge.status_code == 413 and "too large" in huge.get_json()["error"]
    assert leads_of(booth) == []


def test_a_scan_without_the_pages_csrf_token_is_refused(client, booth_user, visitor):
    user, booth = booth_user

    missing = client.post(scan_url(booth), json={"code": badge_code(visitor)})
    wrong = client.post(scan_url(booth), json={"code": badge_code(visitor)}, headers={"X-CSRFToken": "forged"})

    for answer in (missing, wrong):
        assert answer.status_code == 400 and "security token" in answer.get_json()["error"]
    assert leads_of(booth) == []


def test_a_logged_out_phone_gets_a_json_answer(client, fair, make_user, visitor):
    user, booth = beneficiary_booth(make_user, fair)

    answer = client.post(scan_url(booth), json={"code": badge_code(visitor)})

    assert answer.status_code == 401 and "log in again" in answer.get_json()["error"]
    assert leads_of(booth) == []


# --- Only the booth's own people ----------------------------------------------------------------------------

def test_another_beneficiary_cannot_scan_for_read_edit_or_export_someone_elses_leads(client, fair, make_user, login,
                                                                                     visitor):
    owner, booth = beneficiary_booth(make_user, fair)
    lead = leads.scan(booth, badge_code(visitor), owner).lead
    other, other_booth = beneficiary_booth(make_user, fair, email="other@example.org", name="Other Org")
    login(other)

    assert client.get(f"/showcase/booths/{booth.id}/leads").status_code == 404
    assert client.get(f"/showcase/booths/{booth.id}/leads.csv").status_code == 404
    assert client.get(f"/showcase/booths/{booth.id}/scan").status_code == 404
    answer = scan(client, booth, badge_code(visitor), rating=1)
    assert answer.status_code == 404 and "not one of yours" in answer.get_json()["error"]
    # Their own booth's address with the other booth's lead: not theirs either.
    token = client.csrf_token(f"/showcase/booths/{other_booth.id}/leads")
    assert client.post(f"/showcase/booths/{other_booth.id}/leads/{lead.id}",
                       data={"csrf_token": token, f"lead{lead.id}-csrf_token": token,
                             f"lead{lead.id}-rating": "1", f"lead{lead.id}-note": "Mine now"}).status_code == 404
    assert client.post(f"/showcase/booths/{booth.id}/leads/{lead.id}/forget",
                       data={"csrf_token": token}).status_code == 404
    forget = client.post(f"/showcase/booths/{other_booth.id}/leads/{lead.id}/forget", data={"csrf_token": token})
    assert forget.status_code == 404  # refused, and says so: no "no longer keeps" message for nothing done
    with client.session_transaction() as session:
        assert not session.get("_flashes")
    db.session.expire_all()
    [kept] = leads_of(booth)
    assert (kept.rating, kept.note) == (None, "")
    assert "Fernández" not in client.get(f"/showcase/booths/{other_booth.id}/leads").get_data(as_text=True)


def test_the_leads_page_needs_a_log_in(client, fair, make_user):
    owner, booth = beneficiary_booth(make_user, fair)

    answer = client.get(f"/showcase/booths/{booth.id}/leads")

    assert answer.status_code == 302 and "/account/login" in answer.headers["Location"]


# --- The leads page: rating and note -----------------------------------------------------------------------

def _edit(client, booth, lead, **fields):
    url = f"/showcase/booths/{booth.id}/leads"
    token = client.csrf_token(url)
    data = {f"lead{lead.id}-csrf_token": token, **{f"lead{lead.id}-{name}": value for name, value in fields.items()}}
    return client.post(f"{url}/{lead.id}", data=data)


def test_the_booth_rates_and_notes_a_lead_on_its_leads_page(client, booth_user, visitor):
    user, booth = booth_user
    lead = leads.scan(booth, badge_code(visitor), user).lead

    page = page_text(client.get(f"/showcase/booths/{booth.id}/leads").get_data(as_text=True))
    assert "Lucía Fernández" in page and "Fundación Arte Vivo" in page and "Colombia" in page
    assert "When registering" in page and "lucia@example.org" not in page

    saved = _edit(client, booth, lead, rating="5", note="Interested in a residency.")
    assert saved.status_code == 302 and saved.headers["Location"].endswith(f"#lead-{lead.id}")
    db.session.expire_all()
    assert (lead.rating, lead.note) == (5, "Interested in a residency.")

    _edit(client, booth, lead, rating="", note="")
    db.session.expire_all()
    assert (lead.rating, lead.note) == (None, "")


@pytest.mark.parametrize("fields, message", [
    ({"rating": "6", "note": "Typed note"}, "Give a rating from 1 to 5"),
    ({"rating": "five", "note": "Typed note"}, "Give a rating from 1 to 5"),
    ({"rating": "3", "note": "Typed note " + "x" * 2000}, "At most 2000 characters"),
])
def test_a_bad_rating_or_a_note_too_long_is_refused_at_the_field_and_kept(client, booth_user, visitor, fields,
                                                                          message):
    user, booth = booth_user
    lead = leads.scan(booth, badge_code(visitor), user).lead

    answer = _edit(client, booth, lead, **fields)

    assert answer.status_code == 400
    html = answer.get_data(as_text=True)
    assert message in html and "Typed note" in html
    db.session.expire_all()
    assert (lead.rating, lead.note) == (None, "")


def test_a_visitor_can_be_forgotten(client, booth_user, visitor):
    user, booth = booth_user
    lead = leads.scan(booth, badge_code(visitor), user).lead

    response = client.submit(f"/showcase/booths/{booth.id}/leads/{lead.id}/forget",
                             form_url=f"/showcase/booths/{booth.id}/leads", follow_redirects=True)

    assert "no longer keeps this visitor's details" in page_text(response.get_data(as_text=True))
    assert leads_of(booth) == []


def test_the_leads_page_costs_the_same_queries_for_2_or_12_leads(client, booth_user, fair, make_user, count_queries):
    user, booth = booth_user
    url = f"/showcase/booths/{booth.id}/leads"

    def add(count):
        for _ in range(count):
            leads.scan(booth, badge_code(confirmed(fair, make_user(), exhibitor_consent_at=utcnow())), user)

    add(2)
    with count_queries() as few:
        client.get(url)
    add(10)
    with count_queries() as many:
        page = client.get(url).get_data(as_text=True)
    assert page.count('class="leads-edit"') == 12
    assert many.count == few.count


# --- The export -------------------------------------------------------------------------------------------

def test_the_csv_has_the_allowed_columns_only_and_neutralises_formulas(client, booth_user, fair, make_user, visitor):
    user, booth = booth_user
    hostile = confirmed(fair, make_user(full_name="=HYPERLINK(\"http://evil.example\")"),
                        organisation="+cmd|' /C calc'!A0", exhibitor_consent_at=utcnow())
    leads.scan(booth, badge_code(visitor), user, rating=4, note="@SUM(A1:A9)")
    leads.scan(booth, badge_code(hostile), user, note="-2+3")

    answer = client.get(f"/showcase/booths/{booth.id}/leads.csv")

    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert "attachment" in answer.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(answer.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["Name", "Organisation", "Country", "Rating", "Note", "Scanned at (Europe/Paris)", "Consent"]
    lucia, evil = rows[1:]
    assert lucia[:5] == ["Lucía Fernández", "Fundación Arte Vivo", "Colombia", "4", "'@SUM(A1:A9)"]
    assert lucia[6] == "When registering" and lucia[5].startswith("20")
    assert evil[:5] == ["'=HYPERLINK(\"http://evil.example\")", "'+cmd|' /C calc'!A0", "Senegal", "", "'-2+3"]
    text = answer.get_data(as_text=True)
    assert "lucia@example.org" not in text and "Director" not in text


def test_the_csv_leaves_out_a_field_the_fair_no_longer_allows(client, booth_user, visitor):
    user, booth = booth_user
    leads.scan(booth, badge_code(visitor), user)
    db.session.add(FairSettings(event_id=booth.event_id, lead_fields=["full_name"]))
    db.session.commit()

    rows = list(csv.reader(io.StringIO(client.get(f"/showcase/booths/{booth.id}/leads.csv")
                                       .get_data(as_text=True).lstrip("\ufeff"))))

    assert rows[0][:2] == ["Name", "Rating"] and rows[1][0] == "Lucía Fernández"
    assert "Fundación" not in "".join(rows[1])


# --- What the booth page and the rest of Convene call --------------------------------------------------------

def test_the_booth_page_part_counts_the_leads_and_shows_the_last_scans(app, booth_user, visitor):
    from flask import render_template

    user, booth = booth_user
    leads.scan(booth, badge_code(visitor), user, rating=3)

    with app.test_request_context():
        context = leads.booth_page_context(booth, "owner")
        html = render_template("showcase/_booth_leads.html", booth=booth, event=booth.event, **context)

    text = page_text(html)
    assert context["lead_count"] == 1 and "1 visitor agreed" in text
    assert "Lucía Fernández" in text and "rated 3 of 5" in text
    for link in (f"/showcase/booths/{booth.id}/scan", f"/showcase/booths/{booth.id}/leads",
                 f"/showcase/booths/{booth.id}/leads.csv"):
        assert f'href="{link}' in html


def test_the_booth_page_links_to_scanning_and_the_leads(client, booth_user, visitor):
    user, booth = booth_user
    leads.scan(booth, badge_code(visitor), user)

    html = client.get(f"/showcase/booths/{booth.id}").get_data(as_text=True)

    assert "1 visitor agreed that your booth keeps their details." in page_text(html)
    assert f'href="/showcase/booths/{booth.id}/scan"' in html and "Lucía Fernández" in html


def test_narrowed_fields_and_a_deleted_account_leave_nothing_behind(booth_user, visitor):
    user, booth = booth_user
    person = db.session.get(User, visitor.user_id)
    leads.scan(booth, badge_code(visitor), user)
    [kept] = leads.personal_data(person)["booth_leads"]
    assert kept["fair"] == "IFCD Knowledge Fair" and kept["details"]["full_name"] == "Lucía Fernández"

    fairs.save_settings(booth.event, {"lead_fields": ["full_name"]})
    assert leads_of(booth)[0].details == {"full_name": "Lucía Fernández"}

    leads.forget_person(person)
    db.session.commit()
    assert leads_of(booth) == []


def test_withdrawing_consent_makes_booths_forget_what_they_kept_on_it(booth_user, visitor):
    from registration import services as registration_services

    user, booth = booth_user
    leads.scan(booth, badge_code(visitor), user)
    assert len(leads_of(booth)) == 1

    registration_services.update(visitor, {}, set(), by=db.session.get(User, visitor.user_id), exhibitor_consent=False)

    assert leads_of(booth) == []
