from types import SimpleNamespace

from sqlalchemy import select

from accounts.models import User
from core.extensions import db
from factory import create_app
from tests.conftest import make_config, release_database


def test_administrator_gives_and_takes_the_organiser_role(client, make_user, login):
    admin = make_user(roles=("administrator", "participant"))
    person = make_user(full_name="Kwame Mensah")
    login(admin)

    listing = client.get("/admin/users?q=kwame").get_data(as_text=True)
    assert "Kwame Mensah" in listing and admin.email not in listing

    url = f"/admin/users/{person.id}"
    response = client.submit(url, {"role": "organiser", "grant": "1"}, follow_redirects=True)
    assert "Organiser" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, person.id).has_role("organiser")

    client.submit(url, {"role": "checkin_staff", "grant": "1"})
    client.submit(url, {"role": "organiser", "revoke": "1"})
    db.session.expire_all()
    assert db.session.get(User, person.id).role_names == {"participant", "checkin_staff"}


def test_unknown_role_is_refused(client, make_user, login):
    admin = make_user(roles=("administrator",))
    person = make_user()
    login(admin)

    response = client.submit(f"/admin/users/{person.id}", {"role": "emperor", "grant": "1"})

    assert response.status_code == 400
    assert "Choose one of the options in the list." in response.get_data(as_text=True)


def test_administrator_cannot_remove_their_own_administrator_role(client, make_user, login):
    admin = make_user(roles=("administrator",))
    login(admin)

    response = client.submit(f"/admin/users/{admin.id}", {"role": "administrator", "revoke": "1"})

    assert "You cannot take the administrator role from yourself." in response.get_data(as_text=True)
    assert db.session.get(User, admin.id).has_role("administrator")


def test_people_without_the_role_cannot_see_admin_pages(client, make_user, login):
    for url in ("/admin/users", "/admin/mail", "/admin/users/1"):
        assert client.get(url).status_code == 302  # to the log-in page
    login(make_user(roles=("organiser", "participant")))
    for url in ("/admin/users", "/admin/mail", "/admin/users/1"):
        response = client.get(url)
        assert response.status_code == 403
        assert "You do not have permission to see this page." in response.get_data(as_text=True)


def test_create_admin_command_makes_an_administrator_who_can_log_in(app, client):
    runner = app.test_cli_runner()

    result = runner.invoke(args=["create-admin", "--email", "Root@Example.org", "--name", "Root",
                                 "--password", "a long admin secret"])

    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "root@example.org"))
    assert user.has_role("administrator") and user.is_confirmed
    assert client.submit("/account/login", {"email": "root@example.org",
                                            "password": "a long admin secret"}).status_code == 302
    assert client.get("/admin/users").status_code == 200


def test_create_admin_refuses_a_short_password(app):
    result = app.test_cli_runner().invoke(args=["create-admin", "--email", "root@example.org", "--name", "Root",
                                                "--password", "short"])

    assert result.exit_code != 0
    assert "at least 10 characters" in result.output
    assert db.session.scalar(select(User)) is None


def test_set_role_command(app, make_user):
    person = make_user(email="staff@example.org")
    runner = app.test_cli_runner()

    assert runner.invoke(args=["set-role", "staff@example.org", "checkin_staff"]).exit_code == 0
    db.session.expire_all()
    assert db.session.get(User, person.id).has_role("checkin_staff")
    assert runner.invoke(args=["set-role", "ghost@example.org", "organiser"]).exit_code != 0


def test_demo_data_is_idempotent_and_has_one_account_per_role(app, client):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo-data"]).exit_code == 0
    first = db.session.scalars(select(User.email)).all()
    result = runner.invoke(args=["demo-data"])
    assert "0 created" in result.output
    assert sorted(db.session.scalars(select(User.email)).all()) == sorted(first)

    for email, role in [("admin@convene.example", "administrator"), ("organiser@convene.example", "organiser"),
                        ("checkin@convene.example", "checkin_staff"),
                        ("beneficiary@convene.example", "beneficiary"),
                        ("participant@convene.example", "participant")]:
        user = db.session.scalar(select(User).where(User.email == email))
        assert role in user.role_names
    names = " ".join(db.session.scalars(select(User.full_name)))
    for sample in ("طارق حداد", "李静", "Олена Коваленко", "Søren Østergaard"):
        assert sample in names
    groups = set(db.session.scalars(select(User.stakeholder_group)))
    assert {"government", "civil_society", "private_sector", "media", "academia", "igo", "artist"} <= groups

    # The README's demo log-in works.
    assert client.submit("/account/login", {"email": "organiser@convene.example",
                                            "password": "convene-demo"}).status_code == 302


def test_demo_data_is_refused_in_production(migrated_database, monkeypatch):
    from config import ProductionConfig

    config = make_config(migrated_database, ALLOW_DEMO_DATA=False, REQUIRE_SECRET_KEY=True, SECRET_KEY="x" * 40)
    assert ProductionConfig.ALLOW_DEMO_DATA is False
    production = create_app(config)
    with production.app_context():
        result = production.test_cli_runner().invoke(args=["demo-data"])
        assert result.exit_code != 0
        assert "never loaded in production" in result.output
        assert db.session.scalar(select(User)) is None
        release_database()


def test_people_search_ignores_case_and_accents_in_any_script(client, make_user, login):
    login(make_user(roles=("administrator",)))
    make_user(full_name="Élodie Durand", organisation="Musée d'Orsay")
    make_user(full_name="Олена Коваленко")
    make_user(full_name="Kwame Mensah")

    for query, expected in [("élodie", "Élodie Durand"), ("ÉLODIE", "Élodie Durand"), ("elodie", "Élodie Durand"),
                            ("durand élodie", "Élodie Durand"), ("MUSÉE", "Élodie Durand"),
                            ("олена", "Олена Коваленко"), ("КОВАЛЕНКО", "Олена Коваленко")]:
        listing = client.get("/admin/users", query_string={"q": query}).get_data(as_text=True)
        assert expected in listing, query
        assert "Kwame Mensah" not in listing, query


def test_people_search_takes_percent_and_underscore_literally(client, make_user, login):
    login(make_user(roles=("administrator",)))
    make_user(full_name="Kwame Mensah", organisation="100% Culture")
    make_user(full_name="Ana Lima")

    percent = client.get("/admin/users", query_string={"q": "%"}).get_data(as_text=True)
    underscore = client.get("/admin/users", query_string={"q": "_"}).get_data(as_text=True)

    assert "Kwame Mensah" in percent and "Ana Lima" not in percent and "1 person" in percent
    assert "Nobody matches these filters." in underscore


def test_people_search_follows_profile_changes(client, make_user, login):
    from accounts.services import update_profile

    login(make_user(roles=("administrator",)))
    person = make_user(full_name="Ana Lima")
    update_profile(person, full_name="Ana Lima", organisation="Fundação Bienal")

    assert "Ana Lima" in client.get("/admin/users?q=fundacao").get_data(as_text=True)


def test_role_form_starts_on_no_role_and_requires_one(client, make_user, login):
    login(make_user(roles=("administrator",)))
    person = make_user()
    url = f"/admin/users/{person.id}"

    page = client.get(url).get_data(as_text=True)
    select = page[page.index('id="role"'):]
    select = select[:select.index("</select>")]
    assert '<option value="">— Choose a role —</option><option value="administrator">' in select
    assert "selected" not in select
    response = client.submit(url, {"role": "", "grant": "1"})

    assert response.status_code == 400
    assert "Choose a role." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, person.id).role_names == {"participant"}


def test_role_form_without_give_or_take_changes_nothing(client, make_user, login):
    login(make_user(roles=("administrator",)))
    person = make_user(roles=("participant", "organiser"))

    response = client.submit(f"/admin/users/{person.id}", {"role": "organiser"})

    assert response.status_code == 400
    assert "Use the “Give role” or the “Take role away” button." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, person.id).role_names == {"participant", "organiser"}


def test_demo_events_cover_every_kind_and_a_daylight_saving_change(app):
    from events.kinds import KINDS
    from events.models import Event

    assert app.test_cli_runner().invoke(args=["demo-data"]).exit_code == 0

    events = db.session.scalars(select(Event).where(Event.status == "published")).all()
    assert {event.kind for event in events} == set(KINDS)
    conference = next(event for event in events if event.kind == "conference")
    assert len(conference.sessions) >= 30 and len({s.room_id for s in conference.sessions if s.room_id}) == 4
    offsets = {s.starts_at.astimezone(conference.zone).utcoffset() for s in conference.sessions}
    assert len(offsets) == 2  # sessions on both sides of the change
    assert any(event.timezone.startswith(("Africa/", "America/", "Asia/")) and event.kind == "deep_dive"
               for event in events)


def _log(**messages):
    """Outbox rows: name=(recipient, subject, status, created_at)."""
    from core.mail import OutboxMessage

    for recipient, subject, status, created_at in messages.values():
        db.session.add(OutboxMessage(recipient=recipient, subject=subject, body_text="…", status=status,
                                     created_at=created_at))
    db.session.commit()


def test_the_mail_log_is_searched_and_filtered_and_keeps_its_filters_across_pages(client, make_user, login):
    from datetime import UTC, datetime

    from tests.conftest import page_text

    _log(reset=("amina@example.org", "Reset your password", "kept", datetime(2026, 12, 1, 10, tzinfo=UTC)),
         confirm=("amina@example.org", "Your place at the Dakar workshop", "failed", datetime(2026, 12, 3, 10,
                                                                                               tzinfo=UTC)),
         other=("kwame@example.org", "Your place at the Paris conference", "sent", datetime(2026, 12, 5, 10,
                                                                                            tzinfo=UTC)))
    for number in range(60):
        _log(bulk=(f"person{number}@example.org", "Survey reminder", "kept", datetime(2026, 11, 20, 10, tzinfo=UTC)))
    login(make_user(roles=("administrator",), timezone="Europe/Paris"))

    def listed(query):
        response = client.get(f"/admin/mail?{query}")
        assert response.status_code == 200, query
        return page_text(response.get_data(as_text=True))

    assert "Dakar workshop" in listed("q=amina") and "Paris conference" not in listed("q=amina")
    assert "Reset your password" not in listed("q=dakar") and "Dakar workshop" in listed("q=DAKAR")
    failed = listed("status=failed")
    assert "1 e-mail" in failed and "Dakar workshop" in failed
    dated = listed("start=2026-12-02&end=2026-12-04")
    assert "Dakar workshop" in dated and "Reset your password" not in dated and "Paris conference" not in dated
    assert "Paris conference" in listed("start=2026-12-05&end=2026-12-05")

    first = client.get("/admin/mail?q=reminder").get_data(as_text=True)
    assert "60 e-mails" in page_text(first)
    assert 'href="/admin/mail?page=2&amp;q=reminder"' in first
    second = listed("q=reminder&page=2")
    assert "Page 2 of 2" in second and "Dakar workshop" not in second


def test_bad_mail_log_filters_say_what_is_wrong_and_keep_what_was_typed(client, make_user, login):
    from tests.conftest import page_text

    login(make_user(roles=("administrator",)))
    for query, message in [("start=2026-13-45", "Enter a date, like 2027-03-27."),
                           ("end=yesterday", "Enter a date, like 2027-03-27."),
                           ("start=0001-01-01", "Enter a year between"),
                           ("start=2026-12-05&end=2026-12-01", "The end must be after the start."),
                           ("status=lost", "Choose one of the options in the list.")]:
        response = client.get(f"/admin/mail?{query}")
        assert response.status_code == 400 and message in page_text(response.get_data(as_text=True)), query
    assert 'value="yesterday"' in client.get("/admin/mail?end=yesterday").get_data(as_text=True)


def test_the_mail_log_opens_the_attachments_of_a_message_it_shows(app, client, make_user, login):
    # The text said "the attached invitation (meeting.ics)" and the page offered no way to open it.
    from core.mail import queue_mail

    message = queue_mail("donor@example.org", "Meeting confirmed", "confirm_email", link="https://x.example/c", hours=1, user=SimpleNamespace(full_name="Ingrid"),
                         attachments=[("meeting.ics", "text/calendar", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")])
    other = queue_mail("someone@example.org", "Other", "confirm_email", link="https://x.example/c", hours=1, user=SimpleNamespace(full_name="Ingrid"),
                       attachments=[("other.ics", "text/calendar", b"BEGIN:VCALENDAR\r\n")])
    db.session.commit()
    [attachment], [not_its] = message.attachments, other.attachments
    url = f"/admin/mail/{message.id}/attachments/{attachment.id}"
    assert client.get(url).status_code == 302  # to the log-in page
    login(make_user(roles=("organiser", "participant")))
    assert client.get(url).status_code == 403
    client.submit("/account/logout", {})
    login(make_user(email="admin@example.org", roles=("administrator",)))

    page = client.get(f"/admin/mail/{message.id}").get_data(as_text=True)
    download = client.get(url)

    assert f'href="{url}"' in page and "meeting.ics" in page
    assert download.status_code == 200 and download.mimetype == "text/calendar"
    assert download.data == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    assert "meeting.ics" in download.headers["Content-Disposition"]
    assert client.get(f"/admin/mail/{message.id}/attachments/{not_its.id}").status_code == 404  # another message's
    app.config["MAIL_SERVER"] = "smtp.example.org"  # once mail is sent, neither text nor files are shown
    assert client.get(url).status_code == 404
    assert "meeting.ics" not in client.get(f"/admin/mail/{message.id}").get_data(as_text=True)
