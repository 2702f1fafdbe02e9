from datetime import timedelta

from flask_babel import lazy_gettext
import pytest
from sqlalchemy import func, select

from core.extensions import db
from core.mail import FAILED, KEPT, QUEUED, SENT, OutboxMessage, deliver_pending, queue_mail
from core.models import utcnow
from tests.conftest import free_port, release_database, text_of


class Person:
    full_name = "Nguyễn Thị Lan"


def queue_one(recipient="lan@example.org", locale="en"):
    return queue_mail(recipient, lazy_gettext("Reset your Convene password"), "reset_password", locale=locale,
                      user=Person(), link="http://localhost/x", hours=2)


def outbox():
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_message_is_sent_after_the_commit_with_text_and_html(app, smtp_server):
    queue_one()
    assert smtp_server.messages == []  # nothing leaves before the change is committed

    db.session.commit()

    mail = smtp_server.last_to("lan@example.org")
    assert mail["Subject"] == "Reset your Convene password"
    assert "Nguyễn Thị Lan" in text_of(mail)
    assert "<a href=\"http://localhost/x\">" in mail.get_body(preferencelist=("html",)).get_content()
    assert outbox()[0].status == SENT and outbox()[0].sent_at is not None


def test_message_is_written_in_the_recipients_language(app, smtp_server):
    queue_one(locale="fr")
    db.session.commit()

    mail = smtp_server.last_to("lan@example.org")
    assert mail["Subject"] == "Réinitialisez votre mot de passe Convene"
    assert "Bonjour Nguyễn Thị Lan" in text_of(mail)


def test_rolled_back_change_sends_nothing(app, smtp_server):
    queue_one()
    db.session.rollback()
    db.session.commit()

    assert smtp_server.messages == []
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_a_message_queued_inside_a_released_savepoint_is_sent_at_the_outer_commit(app, smtp_server):
    with db.session.begin_nested():  # as a meeting request or a lead scan queues its mail
        queue_one()
    assert smtp_server.messages == []
    db.session.commit()

    assert smtp_server.last_to("lan@example.org")["Subject"] == "Reset your Convene password"


def test_mail_survives_an_smtp_server_that_is_down_and_is_sent_when_it_is_back(app):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_TIMEOUT=2)  # nobody listens there
    queue_one()
    queue_one("second@example.org")
    db.session.commit()

    first, second = outbox()
    assert first.status == QUEUED and first.attempts == 1
    assert "ConnectionRefusedError" in first.last_error or "Errno" in first.last_error
    assert first.next_attempt_at > utcnow() + timedelta(seconds=30)  # backs off before trying again
    assert second.status == QUEUED  # not forgotten

    from tests.conftest import MailCatcher
    from aiosmtpd.controller import Controller

    catcher = MailCatcher()
    controller = Controller(catcher, hostname="127.0.0.1", port=app.config["MAIL_PORT"])
    controller.start()
    try:
        # Only the second, never tried, is due; once it goes through, the first need not wait out its delay.
        assert deliver_pending() == 2
        assert app.test_cli_runner().invoke(args=["send-mail"]).exit_code == 0  # nothing left to send
    finally:
        controller.stop()

    db.session.expire_all()
    assert [m.status for m in outbox()] == [SENT, SENT]
    assert sorted(m["To"] for m in catcher.messages) == ["lan@example.org", "second@example.org"]


def test_without_smtp_server_mail_is_kept_for_the_mail_log(app, client, make_user, login):
    assert app.config["MAIL_SERVER"] is None
    queue_one()
    db.session.commit()
    assert outbox()[0].status == KEPT

    login(make_user(roles=("administrator",)))
    log = client.get("/admin/mail").get_data(as_text=True)
    assert "No SMTP server is configured" in log
    assert "Reset your Convene password" in log
    message = client.get(f"/admin/mail/{outbox()[0].id}").get_data(as_text=True)
    assert "http://localhost/x" in message


def test_with_an_smtp_server_the_mail_log_shows_no_message_text(app, client, make_user, login, smtp_server):
    # Administrators must not be able to read, say, someone else's password-reset link.
    queue_one()
    db.session.commit()
    login(make_user(roles=("administrator",)))

    log = client.get("/admin/mail").get_data(as_text=True)
    message = client.get(f"/admin/mail/{outbox()[0].id}").get_data(as_text=True)

    assert "lan@example.org" in log and "Reset your Convene password" in log
    assert "http://localhost/x" not in message and "Nguyễn Thị Lan" not in message
    assert "their text is not shown here" in message


def test_a_message_that_keeps_failing_is_given_up_and_marked_failed(app, client, make_user, login):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_TIMEOUT=2, MAIL_MAX_ATTEMPTS=2)
    queue_one()
    db.session.commit()  # the first attempt
    db.session.execute(OutboxMessage.__table__.update().values(next_attempt_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()

    deliver_pending()  # the second and last

    db.session.expire_all()
    assert outbox()[0].status == FAILED and outbox()[0].attempts == 2
    db.session.execute(OutboxMessage.__table__.update().values(next_attempt_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    deliver_pending()
    db.session.expire_all()
    assert outbox()[0].attempts == 2  # not tried again
    login(make_user(roles=("administrator",)))
    assert "failed — will not retry" in client.get("/admin/mail").get_data(as_text=True)


def test_job_threads_sending_at_once_send_each_message_once(app, smtp_server):
    """SQLite has no SKIP LOCKED: in one process, senders take turns (on PostgreSQL, see below)."""
    import threading

    for number in range(40):
        db.session.add(OutboxMessage(recipient=f"p{number}@example.org", subject="s", body_text="b"))
    db.session.commit()
    errors = []

    def sender():
        with app.app_context():
            try:
                deliver_pending()
            except Exception as error:  # reported below, not lost in the thread
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sender) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(f"p{n}@example.org" for n in range(40))


@pytest.mark.pg_only
def test_two_senders_at_once_send_each_message_once(tmp_path):
    """On PostgreSQL, SKIP LOCKED keeps concurrent senders (several workers) off each other's rows."""
    import threading

    from aiosmtpd.controller import Controller

    from factory import create_app
    from flask_migrate import upgrade
    from tests.conftest import MailCatcher, create_pg_database, drop_pg_database, make_config

    url = create_pg_database("convene_mail")
    catcher = MailCatcher()
    controller = Controller(catcher, hostname="127.0.0.1", port=free_port())
    controller.start()
    app = create_app(make_config(url, MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, JOB_RUNNER="thread"))
    try:
        with app.app_context():
            upgrade()
            for number in range(40):
                db.session.add(OutboxMessage(recipient=f"p{number}@example.org", subject="s", body_text="b"))
            db.session.commit()

        def sender():
            with app.app_context():
                deliver_pending()

        threads = [threading.Thread(target=sender) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        recipients = [m["To"] for m in catcher.messages]
        assert sorted(recipients) == sorted(f"p{n}@example.org" for n in range(40))
    finally:
        controller.stop()
        with app.app_context():
            release_database()
        drop_pg_database(url)


def test_each_message_keeps_one_message_id_however_often_it_is_sent(app, smtp_server):
    """A sender killed between sending and recording sends the message again: the copy carries the same
    Message-ID, so the receiving server drops it; two messages never share one."""
    queue_one()
    queue_one("second@example.org")
    db.session.commit()
    first, second = outbox()
    assert first.status == SENT
    # What a killed sender leaves behind: the message went out, its "sent" was never written.
    db.session.execute(OutboxMessage.__table__.update().where(OutboxMessage.id == first.id).values(status=QUEUED))
    db.session.commit()
    deliver_pending()

    to_lan = [mail for mail in smtp_server.messages if mail["To"] == "lan@example.org"]
    to_second = smtp_server.last_to("second@example.org")
    assert len(to_lan) == 2 and to_lan[0]["Message-ID"] == to_lan[1]["Message-ID"]
    assert to_lan[0]["Message-ID"] != to_second["Message-ID"]


def test_once_the_server_is_back_one_run_sends_everything_the_outage_held_back(app):
    """Each message queued during an outage failed once and waits out its delay; the first one that goes
    through shows the server is back, and the same run sends the others at once."""
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_TIMEOUT=2)  # nobody listens there
    for number in range(50):
        queue_one(f"p{number}@example.org")
        db.session.commit()  # each change tries to send at once, and fails
    assert all(m.status == QUEUED and m.attempts == 1 and m.next_attempt_at > utcnow() for m in outbox())

    from tests.conftest import MailCatcher
    from aiosmtpd.controller import Controller

    catcher = MailCatcher()
    controller = Controller(catcher, hostname="127.0.0.1", port=app.config["MAIL_PORT"])
    controller.start()
    try:
        # The first message's delay has run out; the others still have a while to wait.
        db.session.execute(OutboxMessage.__table__.update().where(OutboxMessage.id == outbox()[0].id)
                           .values(next_attempt_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
        result = app.test_cli_runner().invoke(args=["send-mail"])
    finally:
        controller.stop()

    assert result.exit_code == 0 and "50 message(s) sent" in result.output
    assert sorted(m["To"] for m in catcher.messages) == sorted(f"p{n}@example.org" for n in range(50))
    db.session.expire_all()
    assert {m.status for m in outbox()} == {SENT}


def test_a_message_the_server_refuses_keeps_its_delay_when_others_go_through(app, smtp_server):
    """Bringing messages forward is for those that waited on the server, not for one it refused."""
    class Refusing(type(smtp_server)):
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address.startswith("refused"):
                return "450 Mailbox busy, try later"
            envelope.rcpt_tos.append(address)
            return "250 OK"

    smtp_server.__class__ = Refusing
    queue_one("refused@example.org")
    db.session.commit()
    refused = outbox()[0]
    assert refused.status == QUEUED and refused.attempts == 1
    waits_until = refused.next_attempt_at

    queue_one("fine@example.org")
    db.session.commit()

    db.session.expire_all()
    assert smtp_server.last_to("fine@example.org")
    assert outbox()[0].attempts == 1 and outbox()[0].next_attempt_at == waits_until


def test_the_mail_log_writes_when_with_the_month_in_words_and_a_valid_machine_time(app, client, make_user, login):
    import re

    queue_one()
    db.session.commit()
    login(make_user(roles=("administrator",)))

    log = client.get("/admin/mail").get_data(as_text=True)

    assert not re.search(r">\d{1,2}/\d{1,2}/\d{2,4}", log)  # never 12/6/26: is that June or December?
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00">\d{1,2} [A-Z][a-z]{2} \d{4}', log)
