"""The category on the registration form: who may choose what, the status it gives, its own places,
its questions, the title and the consent to the public list."""
import pytest
from sqlalchemy import func, select

from core.extensions import db
from registration import category_services as categories, organising, services
from registration.categories import APPROVAL, NOMINATION, OPEN
from registration.models import Registration, RegistrationQuestion
from tests.conftest import open_event as open_registration, page_text, registration_of

FORM = {"full_name": "Amina Diallo", "organisation": "Ministry of Culture", "stakeholder_group": "government",
        "country": "SN", "consent": "y"}


def category(event, name, admission=OPEN, capacity=None, is_listed=True):
    return categories.add_category(event, {"name": name, "admission": admission, "capacity": capacity,
                                           "badge_colour": "#112233", "badge_label": name, "is_listed": is_listed})


@pytest.fixture
def meeting(make_event):
    def make(**settings):
        event = open_registration(make_event, offer_hours=48, **settings)
        return event, {name: category(event, name, admission) for name, admission in
                       (("Expert", OPEN), ("NGO", APPROVAL), ("Member State", NOMINATION))}
    return make


def count():
    return db.session.scalar(select(func.count()).select_from(Registration))


def test_the_form_offers_open_and_approval_categories_only(client, meeting, make_user, login):
    event, cats = meeting()
    login(make_user())
    page = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert 'name="category_id"' in page and "Expert" in page and "NGO" in page
    assert f'value="{cats["Member State"].id}"' not in page
    assert 'name="honorific"' in page and "Show my name on the public list of participants" in page


def test_an_open_category_confirms_and_keeps_title_and_consent(client, meeting, make_user, login):
    event, cats = meeting()
    person = make_user()
    login(person)
    client.submit(f"/events/{event.slug}/register",
                  {**FORM, "category_id": str(cats["Expert"].id), "honorific": "Dr", "listing_consent": "y"})
    registration = registration_of(person, event)
    assert (registration.status, registration.category_id, registration.honorific, registration.source) == \
        ("confirmed", cats["Expert"].id, "Dr", "online")
    assert registration.listing_consent_at is not None


def test_an_approval_category_waits_for_the_organiser(client, meeting, make_user, login):
    event, cats = meeting()
    person = make_user()
    login(person)
    response = client.submit(f"/events/{event.slug}/register", {**FORM, "category_id": str(cats["NGO"].id)},
                             follow_redirects=True)
    assert "the organisers approve each registration" in response.get_data(as_text=True)
    registration = registration_of(person, event)
    assert registration.status == "pending" and registration.listing_consent_at is None


@pytest.mark.parametrize("forged", ["nomination", "other_event", "nonsense", ""])
def test_a_forged_or_missing_category_is_refused_and_nothing_saved(client, meeting, make_event, make_user, login,
                                                                    forged):
    event, cats = meeting()
    other = open_registration(make_event)
    foreign = category(other, "Expert")
    value = {"nomination": str(cats["Member State"].id), "other_event": str(foreign.id), "nonsense": "12abc",
             "": ""}[forged]
    login(make_user())
    response = client.submit(f"/events/{event.slug}/register", {**FORM, "category_id": value, "honorific": "Dr"})
    text = page_text(response.get_data(as_text=True))
    assert response.status_code == 400 and count() == 0
    expected = {"nomination": "Registration in this category is not open on this form",
                "other_event": "Choose one of the options in the list", "nonsense": "Choose one of the options",
                "": "Choose your category."}[forged]
    assert expected in text
    assert 'value="Dr"' in response.get_data(as_text=True)  # what they typed is kept


def test_register_itself_takes_a_nomination_category_but_not_another_events(meeting, make_event, make_user):
    event, cats = meeting()
    nominee = make_user()
    registration = services.register(event, nominee, {"full_name": "H.E. Nominee", "category_id":
                                                      cats["Member State"].id, "source": "nomination"})
    assert (registration.status, registration.source) == ("pending", "nomination")
    other = category(open_registration(make_event), "Elsewhere")
    with pytest.raises(services.UnknownCategory):
        services.register(event, make_user(), {"full_name": "X", "category_id": other.id})
    assert count() == 1


def test_a_full_category_waitlists_and_is_never_overbooked(client, meeting, make_user, login):
    event, cats = meeting(capacity=10)
    cats["Expert"].capacity = 1
    db.session.commit()
    people = [make_user() for _ in range(3)]
    for person in people:
        login(person)
        client.submit(f"/events/{event.slug}/register", {**FORM, "category_id": str(cats["Expert"].id)})
        client.submit("/account/logout", form_url="/")
    assert [registration_of(p, event).status for p in people] == ["confirmed", "waitlisted", "waitlisted"]

    # Another category still has room: the event is not full.
    login(make_user(email="ngo@example.org"))
    services.register(event, make_user(), {"full_name": "Other", "category_id": cats["NGO"].id})

    # A place freed elsewhere is not offered to someone of the full category...
    db.session.expire_all()
    ngo = db.session.scalar(select(Registration).where(Registration.category_id == cats["NGO"].id))
    organising.approve(event, [ngo], by=None)
    organising.cancel_for(event, [ngo], by=None)
    assert [registration_of(p, event).status for p in people] == ["confirmed", "waitlisted", "waitlisted"]
    # ... but one freed in it is, to the first person waiting.
    organising.cancel_for(event, [registration_of(people[0], event)], by=None)
    assert [registration_of(p, event).status for p in people] == ["cancelled", "offered", "waitlisted"]


def test_approval_counts_the_categorys_places(meeting, make_user):
    event, cats = meeting()
    cats["NGO"].capacity = 1
    db.session.commit()
    pending = [services.register(event, make_user(), {"full_name": f"P{n}", "category_id": cats["NGO"].id})
               for n in range(2)]
    outcome = organising.approve(event, pending, by=None)
    assert outcome == {"confirmed": 1, "waitlisted": 1}


def test_a_raised_category_limit_offers_the_place_to_the_next_one_waiting(meeting, make_user):
    event, cats = meeting()
    cats["Expert"].capacity = 1
    db.session.commit()
    people = [services.register(event, make_user(), {"full_name": f"P{n}", "category_id": cats["Expert"].id})
              for n in range(2)]
    assert [p.status for p in people] == ["confirmed", "waitlisted"]
    expert = cats["Expert"]
    categories.update_category(expert, {"name": "Expert", "admission": OPEN, "capacity": 2, "badge_colour": "#112233",
                                         "badge_label": "Expert", "is_listed": True})
    db.session.expire_all()
    assert db.session.get(Registration, people[1].id).status == "offered"


def test_a_category_only_question_is_asked_and_kept_only_for_that_category(client, meeting, make_user, login):
    event, cats = meeting()
    question = RegistrationQuestion(event_id=event.id, label="Your field of expertise", kind="text",
                                    is_required=True, category_ids=[cats["Expert"].id], position=1)
    db.session.add(question)
    db.session.commit()
    field = f"q_{question.id}"
    login(make_user())
    page = page_text(client.get(f"/events/{event.slug}/register").get_data(as_text=True))
    assert "Your field of expertise" in page and "Only for: Expert." in page

    missing = client.submit(f"/events/{event.slug}/register", {**FORM, "category_id": str(cats["Expert"].id)})
    assert missing.status_code == 400 and "Answer this question." in page_text(missing.get_data(as_text=True))
    assert count() == 0

    client.submit(f"/events/{event.slug}/register",
                  {**FORM, "category_id": str(cats["NGO"].id), field: "Not for me"})
    registration = db.session.scalar(select(Registration))
    assert registration.answers == {}  # not asked of an NGO: not kept

    other = make_user()
    client.submit("/account/logout", form_url="/")
    login(other)
    client.submit(f"/events/{event.slug}/register", {**FORM, "category_id": str(cats["Expert"].id), field: "Law"})
    assert registration_of(other, event).answers == {str(question.id): "Law"}


def test_changing_category_only_among_open_ones(client, meeting, make_user, login):
    event, cats = meeting()
    third = category(event, "Speaker", OPEN, capacity=1)
    services.register(event, make_user(), {"full_name": "Taken", "category_id": third.id})
    db.session.add(RegistrationQuestion(event_id=event.id, label="Your field of expertise", kind="text",
                                        category_ids=[cats["Expert"].id], position=1))
    db.session.commit()
    person = make_user()
    login(person)
    client.submit(f"/events/{event.slug}/register", {**FORM, "category_id": str(cats["Expert"].id)})
    registration = registration_of(person, event)
    url = f"/registrations/{registration.id}/change"

    page = client.get(url).get_data(as_text=True)
    assert f'value="{cats["NGO"].id}"' not in page and f'value="{third.id}"' in page
    to_approval = client.submit(url, {**FORM, "category_id": str(cats["NGO"].id)})
    assert to_approval.status_code == 400
    full = client.submit(url, {**FORM, "category_id": str(third.id)})
    assert full.status_code == 409 and "This category is full" in page_text(full.get_data(as_text=True))
    assert registration_of(person, event).category_id == cats["Expert"].id

    applicant = make_user()
    pending = services.register(event, applicant, {"full_name": "NGO", "category_id": cats["NGO"].id})
    client.submit("/account/logout", form_url="/")
    login(applicant)
    kept = client.get(f"/registrations/{pending.id}/change").get_data(as_text=True)
    assert 'name="category_id"' not in kept and "Your category: NGO" in page_text(kept)
    assert "Your field of expertise" in page and "Your field of expertise" not in kept  # never asked of them
    with pytest.raises(ValueError):
        services.register(event, make_user(), {"full_name": "X", "source": "carrier pigeon"})


def test_the_persons_data_tells_their_category_and_deleting_the_account_forgets_title_and_consent(meeting,
                                                                                                  make_user):
    from registration import privacy

    event, cats = meeting()
    person = make_user()
    registration = services.register(event, person, {"full_name": "Amina Diallo", "honorific": "H.E. Ms",
                                                     "category_id": cats["Expert"].id}, listing_consent=True)
    [data] = privacy.personal_data(person)["registrations"]
    assert (data["category"], data["title"], data["how_registered"]) == ("Expert", "H.E. Ms", "online")
    assert data["on_public_list_of_participants_since"]

    privacy.anonymise(person)
    db.session.commit()
    db.session.expire_all()
    registration = db.session.get(Registration, registration.id)
    assert (registration.honorific, registration.listing_consent_at, registration.category_id) == \
        ("", None, cats["Expert"].id)


@pytest.mark.parametrize("who", ["themselves", "an organiser"])
def test_moving_to_another_open_category_offers_the_place_left_to_the_next_one_waiting(meeting, make_user, who):
    from registration import people

    event, cats = meeting()
    speakers = category(event, "Speaker", OPEN)
    cats["Expert"].capacity = 1
    db.session.commit()
    first, second = (services.register(event, make_user(), {"full_name": f"P{n}", "category_id": cats["Expert"].id})
                     for n in range(2))
    assert (first.status, second.status) == ("confirmed", "waitlisted")
    if who == "themselves":
        services.update(first, {"category_id": speakers.id}, set(), by=None)
    else:
        people.change_details(first, {"category_id": speakers.id}, by=event.team[0].user)
    db.session.expire_all()
    assert db.session.get(Registration, second.id).status == "offered"
    assert db.session.get(Registration, first.id).category_id == speakers.id


def test_an_event_whose_categories_are_all_by_nomination_takes_no_registration_on_its_form(
        client, make_event, make_user, login):
    event = open_registration(make_event)
    category(event, "Member State", NOMINATION)
    login(make_user())
    for response in (client.get(f"/events/{event.slug}/register"),
                     client.submit(f"/events/{event.slug}/register", FORM, form_url=f"/events/{event.slug}/")):
        assert response.status_code == 403
        assert "your focal point (or the organisers) registers you" in page_text(response.get_data(as_text=True))
    assert count() == 0
