"""Reserved quotas: a share of the places held for a stakeholder group, a region or the Global South until
a release date, when the places left go to the people waiting."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.extensions import db
from core.models import utcnow
from registration import organising, services
from registration.models import Quota, Registration, RegistrationSettings
from tests.conftest import page_text


@pytest.fixture
def balanced_event(make_event):
    def make(capacity=10, quotas=()):
        event = make_event()
        db.session.add(RegistrationSettings(event_id=event.id, is_open=True, capacity=capacity, offer_hours=48,
                                            closes_at=utcnow() + timedelta(days=30)))
        for quota in quotas:
            db.session.add(Quota(event_id=event.id, **quota))
        db.session.commit()
        return event

    return make


@pytest.fixture
def sign_up(make_user):
    def sign(event, group="private_sector", country="FR"):
        person = make_user()
        return services.register(event, person, {"full_name": person.full_name, "organisation": "Org",
                                                 "stakeholder_group": group, "country": country}).status

    return sign


def test_places_held_for_a_group_go_only_to_it_until_the_release(app, balanced_event, sign_up):
    release = utcnow() + timedelta(days=7)
    event = balanced_event(quotas=[{"criterion": "group", "value": "civil_society", "percent": 40,
                                    "releases_at": release}])

    others = [sign_up(event) for _ in range(7)]
    civil_society = [sign_up(event, group="civil_society") for _ in range(4)]

    assert others == ["confirmed"] * 6 + ["waitlisted"]  # 4 of the 10 places are held
    assert civil_society == ["confirmed"] * 4  # the places held for them
    assert sign_up(event, group="civil_society") == "waitlisted"  # all 10 are taken


def test_people_of_the_quota_also_take_unheld_places_and_fill_it_first(app, balanced_event, sign_up):
    event = balanced_event(capacity=4, quotas=[{"criterion": "global_south", "percent": 50}])

    answers = [sign_up(event, country=country) for country in ("SN", "BR", "VN", "FR", "DE")]

    # Senegal, Brazil and Viet Nam fill the held half and one more; France takes the last free place.
    assert answers == ["confirmed", "confirmed", "confirmed", "confirmed", "waitlisted"]


def test_at_the_release_date_the_held_places_go_to_the_people_waiting(app, balanced_event, sign_up, smtp_server):
    event = balanced_event(capacity=3, quotas=[{"criterion": "region", "value": "africa", "percent": 67,
                                                "releases_at": utcnow() + timedelta(days=2)}])
    answers = [sign_up(event, country="FR") for _ in range(3)]
    assert answers == ["confirmed", "waitlisted", "waitlisted"]
    quota = db.session.scalar(select(Quota))
    quota.releases_at = utcnow() - timedelta(minutes=1)
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["expire-offers"])

    assert result.exit_code == 0
    db.session.expire_all()
    assert sorted(db.session.scalars(select(Registration.status))) == ["confirmed", "offered", "offered"]
    assert db.session.scalar(select(Quota)).released_at is not None


def test_a_quota_without_a_date_is_released_when_registration_closes(app, balanced_event, sign_up):
    event = balanced_event(capacity=2, quotas=[{"criterion": "group", "value": "media", "percent": 50}])
    assert [sign_up(event) for _ in range(2)] == ["confirmed", "waitlisted"]
    db.session.get(RegistrationSettings, event.id).closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()

    app.test_cli_runner().invoke(args=["expire-offers"])

    db.session.expire_all()
    assert sorted(db.session.scalars(select(Registration.status))) == ["confirmed", "offered"]


def test_organisers_hold_places_and_are_told_what_is_wrong(client, balanced_event, login):
    event = balanced_event(capacity=200)
    login(event.team[0].user)
    url = f"/events/{event.slug}/manage/registration/quotas"

    for data, message in [({"criterion": "group", "group": "", "percent": "40"}, "Choose the stakeholder group."),
                          ({"criterion": "region", "region": "", "percent": "40"}, "Choose the region."),
                          ({"criterion": "group", "group": "media", "percent": "0"}, "from 1 to 100"),
                          ({"criterion": "group", "group": "media", "percent": "forty"}, "from 1 to 100"),
                          ({"criterion": "global_south", "percent": ""}, "Give the share of the places to hold."),
                          ({"criterion": "global_south", "percent": "30", "releases_at": "2027-03-28T02:30",
                            }, "that night the clocks go forward from 02:00 to 03:00")]:
        answer = client.submit(url, data)
        assert answer.status_code == 400 and message in page_text(answer.get_data(as_text=True)), data
    assert db.session.scalar(select(Quota)) is None

    client.submit(url, {"criterion": "group", "group": "civil_society", "percent": "60",
                        "releases_at": "2027-03-01T12:00"})
    too_much = client.submit(url, {"criterion": "global_south", "percent": "50"})
    assert "more than all the places: 60% are held already" in page_text(too_much.get_data(as_text=True))
    page = page_text(client.get(url).get_data(as_text=True))
    assert "Civil society / NGO / professional organisation 60% 120" in page

    settings = client.submit(f"/events/{event.slug}/manage/registration",
                             {"is_open": "y", "mode": "open", "capacity": "200", "offer_hours": "48",
                              "use_stakeholder_group": "off"})
    assert settings.status_code == 400
    assert "A quota holds places by this field: it must be asked." in page_text(settings.get_data(as_text=True))


def test_removing_a_quota_offers_its_places_to_the_people_waiting(client, balanced_event, sign_up, login):
    event = balanced_event(capacity=2, quotas=[{"criterion": "group", "value": "media", "percent": 50}])
    assert [sign_up(event) for _ in range(2)] == ["confirmed", "waitlisted"]
    login(event.team[0].user)

    client.submit(f"/events/{event.slug}/manage/registration/quotas/{db.session.scalar(select(Quota.id))}/remove",
                  form_url=f"/events/{event.slug}/manage/registration/quotas")

    db.session.expire_all()
    assert sorted(db.session.scalars(select(Registration.status))) == ["confirmed", "offered"]


def test_a_change_that_keeps_group_and_country_is_never_refused_for_quotas(app, balanced_event, make_user):
    event = balanced_event(capacity=2, quotas=[{"criterion": "group", "value": "media", "percent": 50}])
    people = [make_user(), make_user()]
    first, second = (services.register(event, person, {"full_name": person.full_name, "organisation": "Org",
                                                       "stakeholder_group": "private_sector", "country": "FR"})
                     for person in people)
    assert (first.status, second.status) == ("confirmed", "waitlisted")  # the other place is held for media
    organising.confirm_from_waiting_list(event, [second], by=event.team[0].user)  # given beyond the quota

    services.update(first, {"dietary_requirements": "Vegan", "stakeholder_group": "private_sector"}, set(),
                    by=people[0])

    db.session.expire_all()
    assert db.session.get(Registration, first.id).dietary_requirements == "Vegan"


def test_organisers_change_a_quotas_share_and_release_date_with_the_same_checks(client, balanced_event, login):
    event = balanced_event(capacity=200, quotas=[{"criterion": "group", "value": "civil_society", "percent": 60},
                                                 {"criterion": "global_south", "percent": 20}])
    other = balanced_event(capacity=10, quotas=[{"criterion": "group", "value": "media", "percent": 10}])
    quota = db.session.scalar(select(Quota).where(Quota.event_id == event.id, Quota.criterion == "global_south"))
    foreign = db.session.scalar(select(Quota).where(Quota.event_id == other.id))
    login(event.team[0].user)
    url = f"/events/{event.slug}/manage/registration/quotas/{quota.id}"
    assert f'href="{url}"' in client.get(f"/events/{event.slug}/manage/registration/quotas").get_data(as_text=True)

    for data, message in [({"percent": "0"}, "from 1 to 100"), ({"percent": ""}, "Give the share of the places"),
                          ({"percent": "50"}, "more than all the places: 60% are held already"),
                          ({"percent": "30", "releases_at": "2027-03-28T02:30"}, "that night the clocks go forward")]:
        answer = client.submit(url, data)
        assert answer.status_code == 400 and message in page_text(answer.get_data(as_text=True)), data
        assert f'value="{data["percent"]}"' in answer.get_data(as_text=True)  # what was typed stays
    db.session.expire_all()
    assert (quota.percent, quota.releases_at) == (20, None)

    page = page_text(client.submit(url, {"percent": "40", "releases_at": "2027-03-01T12:00"},
                                   follow_redirects=True).get_data(as_text=True))
    assert "The quota is saved." in page and "Global South 40% 80" in page
    db.session.expire_all()
    assert quota.percent == 40 and quota.criterion == "global_south"
    assert quota.releases_at.isoformat() == "2027-03-01T11:00:00+00:00"
    assert 'value="2027-03-01T12:00"' in client.get(url).get_data(as_text=True)  # on the event's clocks
    # Another event's quota is not reached through this one's address, and nothing changes.
    assert client.submit(f"/events/{event.slug}/manage/registration/quotas/{foreign.id}",
                         {"percent": "90"}).status_code == 404
    db.session.expire_all()
    assert foreign.percent == 10


def test_a_share_lowered_below_the_places_taken_keeps_everyone_and_frees_what_it_no_longer_holds(
        client, balanced_event, sign_up, login, smtp_server):
    event = balanced_event(capacity=4, quotas=[{"criterion": "group", "value": "media", "percent": 75}])
    assert [sign_up(event, group="media") for _ in range(2)] == ["confirmed", "confirmed"]
    assert [sign_up(event) for _ in range(2)] == ["confirmed", "waitlisted"]  # one held place left for media
    quota = db.session.scalar(select(Quota))
    login(event.team[0].user)

    page = page_text(client.submit(f"/events/{event.slug}/manage/registration/quotas/{quota.id}", {"percent": "25"},
                                   follow_redirects=True).get_data(as_text=True))
    assert "2 people of this quota already hold places, more than the 1 it now holds: nobody loses their place" \
        in page
    db.session.expire_all()
    assert sorted(db.session.scalars(select(Registration.status))) == ["confirmed"] * 3 + ["offered"]


def test_registration_times_the_clocks_show_twice_are_asked_about(client, balanced_event, login):
    # The clocks went back in Paris at 03:00 on 25 October 2026: 02:30 happened at 00:30 and at 01:30 UTC.
    event = balanced_event(capacity=200)
    login(event.team[0].user)
    settings_url = f"/events/{event.slug}/manage/registration"
    quotas_url = f"{settings_url}/quotas"
    form = {"is_open": "y", "mode": "open", "capacity": "200", "offer_hours": "48", "opens_at": "2026-10-25T02:30"}
    quota = {"criterion": "global_south", "percent": "30", "releases_at": "2026-10-25T02:30"}

    for url, data, field in ((settings_url, form, "opens_at"), (quotas_url, quota, "releases_at")):
        asked = client.submit(url, data)
        page = page_text(asked.get_data(as_text=True))
        assert asked.status_code == 400, url
        assert "02:30 happens twice that night" in page and "After the clocks go back (CET, UTC+1)" in page
        assert 'value="2026-10-25T02:30"' in asked.get_data(as_text=True)
        assert client.submit(url, data | {f"{field}-fold": "1"}).status_code == 302, url

    db.session.expire_all()
    assert db.session.get(RegistrationSettings, event.id).opens_at.isoformat() == "2026-10-25T01:30:00+00:00"
    assert db.session.scalar(select(Quota)).releases_at.isoformat() == "2026-10-25T01:30:00+00:00"
    form_page = client.get(settings_url).get_data(as_text=True)
    assert 'name="opens_at-fold" id="opens_at-fold-1" value="1" checked' in form_page
