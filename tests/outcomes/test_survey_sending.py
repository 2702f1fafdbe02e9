"""Sending the surveys: invitations to those who attended, through a real SMTP server, one reminder to
those who have not answered, and the regular run that opens each survey when it is due."""
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
import threading

import pytest
from sqlalchemy import func, select

from core.extensions import db
from core.mail import OutboxMessage
from core.models import utcnow
from outcomes import sending, surveys
from outcomes.models import FEEDBACK, FOLLOW_UP, Survey, SurveyInvitation
from registration.models import CANCELLED, WAITLISTED, CheckIn
from tests.conftest import link_in, page_text, text_of, unavailable
from tests.outcomes.test_survey_settings import finished_event
from tests.registration.onsite import confirmed
from tests.registration.test_badges import organiser_of

#: finished_event ends on 18 November 2026 at 17:00 in Paris.
ENDED = datetime(2026, 11, 18, 16, 0, tzinfo=UTC)


def check_in(registration, day=date(2026, 11, 17), undone=False):
    db.session.add(CheckIn(event_id=registration.event_id, registration_id=registration.id, day=day,
                           undone_at=utcnow() if undone else None))
    db.session.commit()


def enable(event, kind=FEEDBACK, **fields) -> Survey:
    survey = surveys.surveys_of(event)[kind]
    survey.is_enabled = True
    for name, value in fields.items():
        setattr(survey, name, value)
    db.session.commit()
    return survey


def invitation(survey, registration) -> SurveyInvitation | None:
    db.session.expire_all()
    return db.session.scalar(select(SurveyInvitation).where(SurveyInvitation.survey_id == survey.id,
                                                            SurveyInvitation.registration_id == registration.id))


def recipients(smtp_server, subject_part: str = "") -> list[str]:
    return sorted(message["To"] for message in smtp_server.messages if subject_part in message["Subject"])


def send_now(client, event, kind=FEEDBACK):
    return client.submit(f"/events/{event.slug}/surveys/{kind}/send", form_url=f"/events/{event.slug}/surveys",
                         follow_redirects=True)


def remind_now(client, event, kind=FEEDBACK):
    return client.submit(f"/events/{event.slug}/surveys/{kind}/remind", form_url=f"/events/{event.slug}/surveys",
                         follow_redirects=True)


def test_the_survey_goes_to_those_who_attended_and_its_link_works(app, client, make_event, make_user, login,
                                                                  smtp_server):
    event = finished_event(make_event)
    came = confirmed(event, make_user(email="came@example.org", full_name="Aïssatou Diallo"))
    also_came = confirmed(event, full_name="Kofi Mensah")
    no_show = confirmed(event, make_user(email="noshow@example.org"))
    undone = confirmed(event, full_name="Checked in by mistake")
    left = confirmed(event, status=CANCELLED, full_name="Cancelled later")
    waiting = confirmed(event, status=WAITLISTED, full_name="Still waiting")
    check_in(came)
    check_in(also_came, day=date(2026, 11, 18))
    check_in(undone, undone=True)
    check_in(left)
    check_in(waiting)
    survey = enable(event, is_anonymous=True, closes_at=datetime(2026, 12, 20, 17, 0, tzinfo=UTC))
    login(organiser_of(event))

    page = send_now(client, event)

    assert "The survey is on its way to 2 participants." in page.get_data(as_text=True)
    assert recipients(smtp_server) == sorted([came.email, also_came.email])
    for registration in (no_show, undone, left, waiting):
        assert invitation(survey, registration) is None
    assert invitation(survey, came).sent_at is not None
    assert db.session.get(Survey, survey.id).first_sent_at is not None
    message = smtp_server.last_to("came@example.org")
    assert message["Subject"] == f"Your feedback on {event.title}: a few minutes"
    text = " ".join(text_of(message).split())  # Babel writes 18:00 with a narrow no-break space
    assert "Hello Aïssatou Diallo," in text and event.title in text and "takes a few minutes" in text
    assert "Your answers are anonymous" in text and "the organisers cannot tell which answers are yours" in text
    assert "Answers are taken until 20 Dec 2026, 18:00 (Europe/Paris)." in text
    # The link opens the survey, without logging in.
    answer_page = app.test_client().get(link_in(message, "/surveys/"))
    assert answer_page.status_code == 200
    assert "I gained new knowledge at this event." in page_text(answer_page.get_data(as_text=True))
    # The page now counts them.
    text = page_text(client.get(f"/events/{event.slug}/surveys").get_data(as_text=True))
    assert "Asked 2 participants attended Invited 2 Answered 0" in text


def test_an_event_that_recorded_no_check_in_asks_every_confirmed_participant(client, make_event, login, smtp_server):
    event = finished_event(make_event)
    first, second = confirmed(event), confirmed(event)
    confirmed(event, status=CANCELLED)
    confirmed(event, status=WAITLISTED)
    enable(event)
    login(organiser_of(event))

    page = send_now(client, event)

    assert "on its way to 2 participants" in page.get_data(as_text=True)
    assert recipients(smtp_server) == sorted([first.email, second.email])
    assert "Your answers are not anonymous: the organisers see them with your name." in \
        text_of(smtp_server.last_to(first.email))


def test_sending_again_mails_nobody_twice_and_reaches_those_checked_in_since(client, make_event, login,
                                                                              smtp_server):
    event = finished_event(make_event)
    first, late = confirmed(event), confirmed(event)
    check_in(first)
    enable(event)
    login(organiser_of(event))
    send_now(client, event)

    page = send_now(client, event)

    assert "Everyone who attended has had the survey already." in page.get_data(as_text=True)
    assert recipients(smtp_server) == [first.email]
    check_in(late)  # the desk's records, entered after the event
    assert "on its way to 1 participant." in send_now(client, event).get_data(as_text=True)
    assert recipients(smtp_server) == sorted([first.email, late.email])


def future_event(make_event, days=20):
    start = (datetime.now(UTC) + timedelta(days=days)).replace(tzinfo=None, microsecond=0)
    return make_event(start=start, end=start + timedelta(hours=8), zone="Europe/Paris")


def test_a_survey_cannot_be_sent_before_it_opens(client, make_event, login, smtp_server):
    upcoming = future_event(make_event)
    confirmed(upcoming)
    enable(upcoming)
    login(organiser_of(upcoming))

    page = send_now(client, upcoming)

    text = page_text(page.get_data(as_text=True))
    assert "The feedback survey is for those who attended: it opens when the event ends, on" in text
    assert "Send invitations now" not in text
    assert db.session.scalar(select(SurveyInvitation.id)) is None and surveys.survey_of(
        upcoming, FEEDBACK).first_sent_at is None
    # Off: it is not sent either, even after the event.
    event = finished_event(make_event, team=[organiser_of(upcoming)])
    confirmed(event)
    surveys.surveys_of(event)
    assert "Turn the survey on in the settings first" in send_now(client, event).get_data(as_text=True)
    # The follow-up survey waits for its delay; a closed survey is closed.
    enable(event, FOLLOW_UP, delay_months=6)
    assert "The follow-up survey opens 6 months after the event, on" in \
        send_now(client, event, FOLLOW_UP).get_data(as_text=True)
    enable(event, closes_at=datetime(2026, 11, 30, 12, 0, tzinfo=UTC))
    assert "The survey closed on 30 Nov 2026, 13:00: set a later closing date first." in \
        page_text(send_now(client, event).get_data(as_text=True))
    assert "Send a reminder" not in remind_now(client, event).get_data(as_text=True)
    assert smtp_server.messages == [] and db.session.scalar(select(SurveyInvitation.id)) is None


def test_a_cancelled_event_sends_no_survey(client, make_event, login, smtp_server):
    event = finished_event(make_event, status="cancelled")
    confirmed(event)
    enable(event)
    login(organiser_of(event))

    assert "The event is cancelled: its surveys are not sent." in send_now(client, event).get_data(as_text=True)
    assert sending.send_due() == (0, 0)
    assert smtp_server.messages == []


def test_the_reminder_goes_once_to_those_who_have_not_answered_with_a_new_link(client, make_event, login,
                                                                               smtp_server):
    event = finished_event(make_event)
    answered, silent, quiet = confirmed(event), confirmed(event), confirmed(event)
    survey = enable(event)
    login(organiser_of(event))
    send_now(client, event)
    first_link = link_in(smtp_server.last_to(silent.email), "/surveys/")
    # One of them answers, through the link in the e-mail.
    knowledge = surveys.survey_of(event, FEEDBACK).questions[0]
    answer_link = link_in(smtp_server.last_to(answered.email), "/surveys/")
    assert client.submit(answer_link, {f"q_{knowledge.id}": "4"}).status_code == 302
    assert invitation(survey, answered).answered_on is not None

    page = remind_now(client, event)

    assert "A reminder is on its way to 2 participants who have not answered." in page.get_data(as_text=True)
    assert recipients(smtp_server, "Reminder") == sorted([silent.email, quiet.email])
    reminder = smtp_server.last_to(silent.email)
    assert reminder["Subject"] == f"Reminder: your feedback on {event.title}"
    assert "Use this link: it replaces the one in our first e-mail, which no longer works." in text_of(reminder)
    new_link = link_in(reminder, "/surveys/")
    assert new_link != first_link
    assert client.get(first_link).status_code == 404
    assert client.get(new_link).status_code == 200
    # Once each: a second click reminds nobody.
    page = remind_now(client, event)
    assert "Nobody to remind" in page.get_data(as_text=True)
    assert len(recipients(smtp_server, "Reminder")) == 2
    text = page_text(client.get(f"/events/{event.slug}/surveys").get_data(as_text=True))
    assert "Invited 3 · 2 reminded Answered 1 Response rate 33.3% of those asked" in text


def test_the_regular_run_opens_each_survey_when_it_is_due_and_reminds_a_week_later(app, make_event, smtp_server):
    event = finished_event(make_event)
    person, other = confirmed(event), confirmed(event)
    feedback = enable(event)
    follow_up = enable(event, FOLLOW_UP, delay_months=1)
    before_the_end = ENDED - timedelta(minutes=1)

    assert sending.send_due(now=before_the_end) == (0, 0)
    assert sending.send_due(now=ENDED + timedelta(days=1)) == (2, 0)  # the feedback survey only
    assert recipients(smtp_server, "Your feedback on") == sorted([person.email, other.email])
    assert invitation(follow_up, person) is None
    # One of them answers; six days on, nobody is reminded yet; a week after the invitation, the other is.
    invitation(feedback, person).answered_on = date(2026, 11, 20)
    db.session.commit()
    assert sending.send_due(now=ENDED + timedelta(days=7)) == (0, 0)
    assert sending.send_due(now=ENDED + timedelta(days=8)) == (0, 1)
    assert recipients(smtp_server, "Reminder") == [other.email]
    assert sending.send_due(now=ENDED + timedelta(days=20)) == (0, 0)  # one reminder only
    # A month after the event, the follow-up survey opens (18 December, 17:00 in Paris).
    assert sending.send_due(now=datetime(2026, 12, 18, 15, 59, tzinfo=UTC)) == (0, 0)
    assert sending.send_due(now=datetime(2026, 12, 18, 16, 0, tzinfo=UTC)) == (2, 0)
    assert recipients(smtp_server, "What came of") == sorted([person.email, other.email])
    assert "Some months have passed since" in text_of(smtp_server.last_to(person.email))
    assert db.session.get(Survey, follow_up.id).first_sent_at == datetime(2026, 12, 18, 16, 0, tzinfo=UTC)


def test_the_regular_run_leaves_alone_surveys_that_are_off_or_closed(app, make_event, smtp_server):
    off = finished_event(make_event)
    closed = finished_event(make_event)
    confirmed(off), confirmed(closed)
    surveys.surveys_of(off)
    enable(closed, closes_at=ENDED + timedelta(days=3))

    assert sending.send_due(now=ENDED + timedelta(days=4)) == (0, 0)
    assert smtp_server.messages == [] and db.session.scalar(select(OutboxMessage.id)) is None


def test_invitations_are_written_in_the_language_of_the_registration(app, make_event, smtp_server):
    event = finished_event(make_event)
    french = confirmed(event, locale="fr")
    enable(event)

    sending.send_due(now=ENDED + timedelta(hours=1))

    message = smtp_server.last_to(french.email)
    assert "Bonjour" in text_of(message) and event.title in message["Subject"]


def test_the_command_sends_what_is_due(app, make_event, smtp_server):
    event = finished_event(make_event)
    person = confirmed(event)
    enable(event)

    result = app.test_cli_runner().invoke(args=["send-surveys"])

    assert result.exit_code == 0, result.output
    assert "1 invitation(s), 0 reminder(s) sent" in result.output
    assert recipients(smtp_server) == [person.email]


@pytest.mark.parametrize("kind", [FEEDBACK, FOLLOW_UP])
def test_the_page_says_the_survey_is_not_open_yet_and_offers_no_sending(client, make_event, login, kind):
    event = future_event(make_event)
    enable(event, kind)
    login(organiser_of(event))

    html = client.get(f"/events/{event.slug}/surveys").get_data(as_text=True)

    assert "Not open yet Invitations go out by themselves when it opens." in page_text(html)
    assert f"/surveys/{kind}/send" not in html and f"/surveys/{kind}/remind" not in html


def test_nobody_is_reminded_whose_registration_was_cancelled_since(app, make_event, smtp_server):
    event = finished_event(make_event)
    stays, leaves = confirmed(event), confirmed(event)
    survey = enable(event)
    assert sending.send_invitations(survey, now=ENDED + timedelta(hours=1)) == 2
    leaves.status = CANCELLED
    db.session.commit()

    assert sending.send_reminders(survey, now=ENDED + timedelta(days=2)) == 1
    assert recipients(smtp_server, "Reminder") == [stays.email]


def test_sending_with_nobody_there_says_so(client, make_event, login, smtp_server):
    event = finished_event(make_event)
    enable(event)
    login(organiser_of(event))

    assert "Nobody to send it to: no confirmed participant attended the event." in \
        send_now(client, event).get_data(as_text=True)
    assert db.session.get(Survey, surveys.survey_of(event, FEEDBACK).id).first_sent_at is None


def test_the_page_needs_the_same_queries_however_many_were_asked(client, make_event, login, count_queries):
    event = finished_event(make_event)
    survey = enable(event)
    login(organiser_of(event))
    url = f"/events/{event.slug}/surveys"

    def invite(number):
        for _ in range(number):
            check_in(confirmed(event))
        sending.send_invitations(survey, now=ENDED + timedelta(hours=1))

    invite(2)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    invite(15)
    with count_queries() as many:
        page = client.get(url)
    assert "Asked 17 participants attended Invited 17" in page_text(page.get_data(as_text=True))
    assert many.count == few.count


@pytest.mark.pg_only
def test_two_senders_at_the_same_moment_mail_each_person_once(app, make_event):
    """The button and the regular run, at once, each on its own connection."""
    if db.engine.dialect.name != "postgresql":
        unavailable("two senders at once rely on PostgreSQL's row locks (SQLite is the one-process shape)")
    event = finished_event(make_event)
    for _ in range(10):
        confirmed(event)
    survey_id = enable(event).id
    start = threading.Barrier(2)

    def send(_):
        with app.app_context():
            survey = db.session.get(Survey, survey_id)
            start.wait()
            try:
                return sending.send_invitations(survey, now=ENDED + timedelta(hours=1))
            finally:
                db.session.remove()

    with ThreadPoolExecutor(2) as pool:
        counts = sorted(pool.map(send, range(2)))

    assert counts == [0, 10]
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 10


def test_a_deleted_accounts_registration_is_sent_no_survey(client, make_event, make_user, login, smtp_server):
    """It still counts among those who came, anonymously; there is nobody left to write to."""
    from tests.conftest import PASSWORD

    event = finished_event(make_event)
    leaving = make_user(email="leaving@example.org")
    gone, stays = confirmed(event, leaving), confirmed(event, make_user(email="stays@example.org"))
    check_in(gone)
    check_in(stays)
    login(leaving)
    client.submit("/account/delete", {"password": PASSWORD, "confirm": "y"})
    survey = enable(event)

    login(organiser_of(event))
    send_now(client, event)
    db.session.execute(SurveyInvitation.__table__.update().values(sent_at=utcnow() - timedelta(days=8)))
    db.session.commit()
    sending.send_reminders(survey)

    assert recipients(smtp_server) == ["stays@example.org", "stays@example.org"]
    assert invitation(survey, gone) is None
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.recipient.endswith(".invalid"))) == 0
