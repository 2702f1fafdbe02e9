"""The demo's outcomes: two finished events of different kinds with attendance and survey answers, and a
follow-up survey, loaded on top of the other packages' demo data, once."""
from datetime import timedelta
import re

from sqlalchemy import func, select, text

from accounts.models import User
from core.extensions import db
from core.mail import OutboxMessage
from core.models import utcnow
from core.regions import region_of
from events.models import Event
from outcomes import demo
from outcomes.models import (CHOICE, FEEDBACK, FOLLOW_UP, TEXT, Survey, SurveyAnswer, SurveyInvitation,
                             SurveyQuestion, SurveyResponse)
from outcomes.surveys import attendees, opens_at
from outcomes.vocabulary import FOLLOW_UP_STATEMENTS, OUTCOMES
from registration.models import CANCELLED, CONFIRMED, WAITLISTED, Certificate, CheckIn, Registration
from tests.conftest import page_text

MODELS = (User, Event, Registration, CheckIn, Certificate, Survey, SurveyQuestion, SurveyInvitation, SurveyResponse,
          SurveyAnswer)


def _load(app) -> list[str]:
    """The demo as `flask demo-data` loads it, then this package's (which the command may have loaded already)."""
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    return list(demo.load())


def _event(slug: str) -> Event:
    return db.session.scalar(select(Event).where(Event.slug == slug))


def _survey(event: Event, kind: str) -> Survey:
    return db.session.scalar(select(Survey).where(Survey.event_id == event.id, Survey.kind == kind))


def _answers_by_outcome(survey: Survey) -> dict[str, list[int]]:
    rows = db.session.execute(select(SurveyQuestion.outcome, SurveyAnswer.score).join(SurveyAnswer).where(
        SurveyQuestion.survey_id == survey.id, SurveyQuestion.outcome.is_not(None))).all()
    scores: dict[str, list[int]] = {}
    for outcome, score in rows:
        scores.setdefault(outcome, []).append(score)
    return scores


def _counts() -> list[int]:
    return [db.session.scalar(select(func.count()).select_from(model)) for model in MODELS]


def test_the_finished_workshop_has_a_named_feedback_survey_answered_by_most_attendees(app, client):
    _load(app)
    event = _event(demo.BANGKOK)
    survey = _survey(event, FEEDBACK)
    assert survey.is_enabled and not survey.is_anonymous
    assert event.ends_at <= survey.first_sent_at < utcnow()

    invited = db.session.scalars(select(SurveyInvitation).where(SurveyInvitation.survey_id == survey.id)).all()
    asked = {registration.id for registration in db.session.scalars(attendees(event))}
    assert {invitation.registration_id for invitation in invited} == asked and len(asked) >= 10
    assert all(invitation.sent_at == survey.first_sent_at for invitation in invited)

    responses = db.session.scalars(select(SurveyResponse).where(SurveyResponse.survey_id == survey.id)).all()
    assert len(asked) * 0.6 <= len(responses) < len(asked)  # most, not all
    assert {response.registration_id for response in responses} <= asked  # named: each answer has its person
    answered_on = {invitation.registration_id: invitation.answered_on for invitation in invited}
    assert all(answered_on[response.registration_id] == response.submitted_on for response in responses)
    assert all(event.ends_at.date() <= response.submitted_on <= utcnow().date() for response in responses)

    scores = _answers_by_outcome(survey)
    assert set(scores) == set(OUTCOMES)
    assert all(len(given) >= 5 and set(given) <= {1, 2, 3, 4, 5} for given in scores.values())
    mean = {outcome: sum(given) / len(given) for outcome, given in scores.items()}
    assert mean["new_knowledge"] >= 3.8 and mean["enhanced_skills"] >= 3.8 and mean["new_funding"] <= 3

    comments = db.session.scalars(select(SurveyAnswer.text).join(SurveyQuestion).where(
        SurveyQuestion.survey_id == survey.id, SurveyAnswer.text != "")).all()
    assert any(text.startswith("The ") for text in comments) and any("J'ai" in text for text in comments)
    assert any(any(ord(character) > 0x2000 for character in text) for text in comments)  # Thai, Chinese, Japanese…

    [choice] = [question for question in survey.questions if question.outcome is None]
    assert choice.kind == CHOICE and choice.label == "Which session was most useful to you?"
    chosen = db.session.scalars(select(SurveyAnswer.choice).where(SurveyAnswer.question_id == choice.id)).all()
    assert len(chosen) == len(responses) and set(chosen) <= set(choice.options) and len(set(chosen)) > 1

    # The demo participant was asked and has not answered: the reminder in the mail log carries a working link.
    mine = db.session.scalar(select(SurveyInvitation).join(Registration).where(
        SurveyInvitation.survey_id == survey.id, Registration.email == "participant@convene.example"))
    assert mine is not None and mine.answered_on is None and mine.reminded_at is not None
    [reminder] = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == "participant@convene.example", OutboxMessage.subject.contains(event.title))).all()
    link = re.search(r"https?://[^/\s]+(/surveys/\S+)", reminder.body_text)[1]
    form = client.get(link)
    assert form.status_code == 200 and 'name="csrf_token"' in form.get_data(as_text=True)
    genders = db.session.scalars(select(Registration.gender).where(Registration.event_id == event.id)).all()
    assert {"woman", "man"} <= set(genders)


def test_a_finished_dialogue_has_attendance_an_anonymous_feedback_survey_and_a_follow_up(app):
    _load(app)
    event, workshop = _event(demo.DIALOGUE), _event(demo.BANGKOK)
    assert event.kind == "dialogue" != workshop.kind and event.ends_at < utcnow()

    registrations = db.session.scalars(select(Registration).where(Registration.event_id == event.id)).all()
    statuses = [registration.status for registration in registrations]
    assert 30 <= statuses.count(CONFIRMED) <= 60 and CANCELLED in statuses and WAITLISTED in statuses
    made = sorted(registration.created_at for registration in registrations)
    assert made[-1] < event.starts_at and made[-1] - made[0] > timedelta(weeks=4)
    assert len({registration.created_at.date() for registration in registrations}) >= 15  # a shape over time
    assert {region_of(registration.country) for registration in registrations} == {
        "africa", "arab_states", "asia_pacific", "europe_north_america", "latin_america_caribbean"}
    assert len({registration.stakeholder_group for registration in registrations}) == 7
    assert {"woman", "man", "other", "undisclosed", None} == {registration.gender for registration in registrations}
    # Some came back to Bangkok later: the constituency has returning people.
    returning = set(db.session.scalars(select(Registration.user_id).where(Registration.event_id == workshop.id)))
    assert len(returning & {registration.user_id for registration in registrations}) >= 8

    door = db.session.execute(select(CheckIn.day, func.count()).where(
        CheckIn.event_id == event.id, CheckIn.session_id.is_(None)).group_by(CheckIn.day)).all()
    assert len(door) == 2 and all(count >= 25 for _day, count in door)
    at_sessions = db.session.scalars(select(CheckIn.session_id).where(CheckIn.event_id == event.id,
                                                                      CheckIn.session_id.is_not(None))).all()
    assert set(at_sessions) == {session.id for session in event.sessions if session.takes_attendance}
    confirmed = {registration.id for registration in registrations if registration.status == CONFIRMED}
    checked_in = set(db.session.scalars(select(CheckIn.registration_id).where(CheckIn.event_id == event.id)))
    assert checked_in < confirmed  # some never came

    feedback = _survey(event, FEEDBACK)
    assert feedback.is_anonymous and feedback.is_enabled and feedback.closes_at < utcnow()
    responses = db.session.scalars(select(SurveyResponse).where(SurveyResponse.survey_id == feedback.id)).all()
    assert len(responses) >= 15 and all(response.registration_id is None for response in responses)
    # Nothing pairs an answer with the person who gave it: not the day (the invitation keeps it, the response
    # does not).
    assert {response.submitted_on for response in responses} == {None}
    assert db.session.execute(text(
        "SELECT i.registration_id FROM survey_invitations i JOIN survey_responses r ON r.survey_id = i.survey_id "
        "AND r.submitted_on = i.answered_on WHERE i.survey_id = :survey"), {"survey": feedback.id}).all() == []
    answered = db.session.scalar(select(func.count()).select_from(SurveyInvitation).where(
        SurveyInvitation.survey_id == feedback.id, SurveyInvitation.answered_on.is_not(None)))
    assert answered == len(responses)
    scores = _answers_by_outcome(feedback)
    assert set(scores) == set(OUTCOMES) and all(len(given) >= 5 for given in scores.values())
    [own] = [question for question in feedback.questions if question.outcome is None]
    assert own.kind == TEXT and db.session.scalar(select(func.count()).select_from(SurveyAnswer).where(
        SurveyAnswer.question_id == own.id)) >= 3

    follow_up = _survey(event, FOLLOW_UP)
    assert follow_up.is_enabled and opens_at(follow_up) <= follow_up.first_sent_at < utcnow()
    scores = _answers_by_outcome(follow_up)
    assert set(scores) == set(FOLLOW_UP_STATEMENTS) and all(3 <= len(given) < len(confirmed) for given in
                                                             scores.values())


def test_loading_the_demo_again_changes_nothing(app):
    first = _load(app)
    before = _counts()
    again = _load(app)

    assert _counts() == before
    assert before[MODELS.index(SurveyResponse)] > 40
    assert "demo surveys: 0 surveys sent and 0 answers created" in again
    assert len(first) == len(again)


def test_the_organiser_sees_the_demo_answers_on_the_dashboards_of_the_finished_events(app, client):
    _load(app)
    assert client.submit("/account/login", {"email": demo.ORGANISER, "password": "convene-demo"}).status_code == 302

    for slug in (demo.BANGKOK, demo.DIALOGUE):
        event = _event(slug)
        page = client.get(f"/events/{slug}/report")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert html.count("<svg") >= 8  # registrations, groups, regions, gender, Global South, attendance, scores…
        text = page_text(html)
        for survey in db.session.scalars(select(Survey).where(Survey.event_id == event.id)):
            answered = db.session.scalar(select(func.count()).select_from(SurveyResponse).where(
                SurveyResponse.survey_id == survey.id))
            asked = db.session.scalar(select(func.count()).select_from(SurveyInvitation).where(
                SurveyInvitation.survey_id == survey.id))
            assert f" {answered} " in text and f" {asked} " in text


#: Numbers written in words ("four rooms", "Twenty-four booths").
WORDS = {word: number for number, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())} | {word: 10 * tens for tens, word in enumerate(
        "twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}


#: The README's names of the roles.
ROLES = {"administrator": "administrator", "organiser": "organiser", "check-in staff": "checkin_staff",
         "IFCD beneficiary": "beneficiary", "participant": "participant"}


def _number(text: str) -> int:
    return int(text) if text.isdigit() else sum(WORDS[part] for part in text.lower().split("-"))


def _is_number(text: str) -> bool:
    return text.isdigit() or all(part in WORDS for part in text.lower().split("-"))


def _stated(pattern: str, readme: str) -> list[int]:
    """The figures the README states where `pattern` matches (one group per figure; fails if it no longer does)."""
    found = re.search(pattern, readme, re.S)
    assert found, f"the README no longer says {pattern!r}: change this test with it"
    return [_number(group) for group in found.groups()]


def test_the_readme_states_what_the_demo_makes(app, client):
    """Every figure the README gives about the demo, read from the README itself, against what
    `flask demo-data` loads: change one without the other and this fails."""
    from pathlib import Path

    from events.kinds import KINDS
    from events.models import Room, Session
    from registration.models import SessionChoice, SessionPlaces
    from showcase import fairs
    from showcase.models import DRAFTING, SUBMITTED

    def registrations(event) -> list[Registration]:
        return db.session.scalars(select(Registration).where(Registration.event_id == event.id)).all()

    _load(app)
    readme = re.sub(r"\s+", " ", (Path(app.root_path) / "README.md").read_text())

    # The role accounts, and the language each opens the site in.
    for role, email in re.findall(r"\| ([a-zA-Z -]+) \| `([^`]+@convene\.example)` \|", readme):
        user = db.session.scalar(select(User).where(User.email == email))
        assert user is not None and ROLES[role] in {user_role.role for user_role in user.roles}, (role, email)
        assert user.locale == "en", email
    speakers = re.findall(r"`([^`]+@convene\.example)`", re.search(
        r"These role accounts open the site in English;(.*?)open it in French", readme).group(1))
    assert speakers and all(db.session.scalar(select(User.locale).where(User.email == email)) == "fr"
                            for email in speakers)
    others = re.findall(r"`([^`]+@convene\.example)` in (Arabic|Chinese|Russian|Spanish)", readme)
    locales = {"Arabic": "ar", "Chinese": "zh_Hans", "Russian": "ru", "Spanish": "es"}
    assert {language for _, language in others} == set(locales)
    assert all(db.session.scalar(select(User.locale).where(User.email == email)) == locales[language]
               for email, language in others)

    # A published event of every kind, and a draft.
    events = db.session.scalars(select(Event)).all()
    assert {event.kind for event in events if event.status == "published"} == set(KINDS)
    assert "draft" in {event.status for event in events}

    paris = _event("global-forum-cultural-policies-2027")
    sessions, rooms = _stated(r"conference at UNESCO in Paris whose (\w+) sessions in (\w+) rooms", readme)
    assert db.session.scalar(select(func.count()).select_from(Session).where(Session.event_id == paris.id)) == sessions
    assert db.session.scalar(select(func.count()).select_from(Room).where(Room.event_id == paris.id)) == rooms
    seats, waiting = _stated(r"its (\w+)-seat workshop \"Designing cultural statistics\" is full with (\w+) people "
                             r"waiting", readme.replace("“", '"').replace("”", '"'))
    [workshop] = [session for session in paris.sessions if session.title == "Designing cultural statistics"]
    assert db.session.get(SessionPlaces, workshop.id).capacity == seats
    choices = db.session.scalars(select(SessionChoice.status).where(SessionChoice.session_id == workshop.id)).all()
    assert choices.count(CONFIRMED) == seats and choices.count(WAITLISTED) == waiting

    fair = _event("ifcd-knowledge-fair-2027")
    booths, zones, approved, submitted, drafting = _stated(
        r"has (\w+) booths from every UNESCO region on (\w+) zones: (\w+) approved and on the showcase, (\w+) "
        r"waiting for review and (\w+) still being prepared", readme)
    everything = fairs.booths_of(fair)
    assert len(everything) == booths and len(fairs.zones_of(fair)) == zones
    assert len(fairs.public_booths(fair)) == approved
    assert [booth.status for booth in everything].count(SUBMITTED) == submitted
    assert [booth.status for booth in everything].count(DRAFTING) == drafting
    assert approved == len([booth for booth in everything if booth.status not in (SUBMITTED, DRAFTING)])
    shown = page_text(client.get(f"/events/{fair.slug}/").get_data(as_text=True))
    numbers = {_number(word) for word in re.findall(r"\b(\d+|[A-Z]?[a-z]+(?:-[a-z]+)?) booths\b", shown)
               if _is_number(word)}
    assert numbers <= {booths, approved}, f"the fair's page speaks of {numbers} booths"

    bangkok = _event(demo.BANGKOK)
    answered, attended = _stated(r"answered by (\w+) of its (\w+) attendees", readme)
    assert db.session.scalar(select(func.count()).select_from(attendees(bangkok).subquery())) == attended
    feedback = _survey(bangkok, FEEDBACK)
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse).where(
        SurveyResponse.survey_id == feedback.id)) == answered

    dialogue = _event(demo.DIALOGUE)
    registered, cancelled, waitlisted = _stated(
        r"had (\w+) registrations made over the \w+ weeks before it \((\w+) cancelled, (\w+) still waiting\)", readme)
    statuses = [registration.status for registration in registrations(dialogue)]
    assert len(statuses) == registered
    assert statuses.count(CANCELLED) == cancelled and statuses.count(WAITLISTED) == waitlisted
    [returning] = _stated(r"(\w+) of its participants are demo people who came back to Bangkok", readme)
    assert len({registration.user_id for registration in registrations(dialogue)} & {
        registration.user_id for registration in registrations(bangkok)} - {None}) == returning
    [anonymous] = _stated(r"an anonymous feedback survey \((\w+) answers", readme)
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse).where(
        SurveyResponse.survey_id == _survey(dialogue, FEEDBACK).id)) == anonymous
