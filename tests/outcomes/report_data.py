"""A fixed data set for the report tests: an event whose every number is known, and worked out by hand
in the comments below. Other report tests (exports, the view across events) may build it too.

The event: a conference in Paris on 27–29 March 2027 (make_event's default dates), three event days.

Registrations (14), made on these days (Paris time; r12 at 23:30 UTC on 9 February, 00:30 in Paris on
the 10th, so it is counted on the 10th):
    1 Feb  r1 r2 r3 confirmed                  -> confirmed 3
    2 Feb  r4 confirmed, r13 waiting list      -> confirmed 1, waiting list 1
    5 Feb  r5–r10 confirmed, r14 cancelled     -> confirmed 6, cancelled 1
   10 Feb  r11 r12 confirmed                   -> confirmed 2
   By status: confirmed 12 (12/14 = 85.7 %), waiting list 1 (7.1 %), cancelled 1 (7.1 %); 14 in all.

The 12 confirmed participants (the waiting and the cancelled ones are never counted below). Small groups
(outcomes.tables.protect): groups of 1-4 are folded into one "other" row; while that row holds fewer than 5,
the smallest group still shown is folded in too (the total is shown, so a hidden "other" row would be found
by subtraction); the row is hidden ("fewer than 5") only when nothing is left to fold. Groups of 0: dropped.
    stakeholder group: government r1–r6 (6), civil society r7–r9 (3), academia r10–r11 (2), media r12 (1)
        -> Government 6 (6/12 = 50 %), Other (3 + 2 + 1 = 6 >= 5, nothing more folded: 50 %):
           civil society's 3 is not shown alone
    country: SN r1–r5 (5), KE r6 (1), BR r7 (1), FR r8–r10 (3), DE r11–r12 (2)
        -> countries: Senegal 5 (41.7 %), Other (1 + 1 + 3 + 2 = 7 >= 5: 58.3 %)
        -> regions: Africa 6 (SN 5 + KE 1), Europe and North America 5 (FR 3 + DE 2), Latin America 1 (BR),
           Arab States 0, Asia and the Pacific 0, not given 0 (dropped). Folded: Latin America 1 < 5, so the
           smallest shown, Europe and North America (5), is folded in: 1 + 5 = 6 >= 5.
           -> Africa 6 (6/12 = 50 %), Other 6 (6/12 = 50 %); Europe's 5 is not shown on its own.
        -> region map: only Africa (6 · 50 %) is a row of its own; every other region reads as hidden.
        -> Global South (SN, KE, BR) 7 of the 12 who gave their country = 58.3 %; elsewhere 5 = 41.7 %;
           country not given 0: none of the three is 1-4, so all are shown.
    gender: woman r1–r6 (6), man r7–r11 (5), not given r12 (1)
        -> folded: not given 1 < 5, so the smallest shown, Man (5), is folded in: 1 + 5 = 6 >= 5
        -> Woman 6 (50 %), Other 6 (6/12 = 50 %); Man's 5 is not shown on its own.

Attendance (expected: the 12 confirmed):
    27 March: r1–r9 at the door (r10's check-in was undone)  -> 9/12 = 75 %
    28 March: r1–r6                                         -> 6/12 = 50 %
    29 March: nobody                                         -> 0/12 = 0 %
    "Plenary" (open to everyone, takes attendance): r1–r3   -> 3/12 = 25 %
    "Masterclass" (10 seats; confirmed seats r1–r4, r5 waiting for one): r1 r2 -> 2/4 = 50 %

The feedback survey (anonymous) asks those who attended: r1–r9 = 9, plus those who answered and have left
the attendees since: none (the data set has no survey
invitations: its responses are anonymous). Six answered:
6/9 = 66.7 %.
Scores given by responses 1..6 (a dash: no answer):
    new knowledge          5 4 4 3 5 2  -> 6 answers, 23/6 = 3.83 -> 3.8; one 2, one 3, two 4s, two 5s
    enhanced skills        4 4 4 4 4 5  -> 6 answers, 25/6 = 4.17 -> 4.2; five 4s, one 5
    improved consensus     5 5 5 5 - -  -> 4 answers: fewer than 5, no score
    enhanced connectivity  1 2 3 4 5 -  -> 5 answers, 15/5 = 3.0; one of each
    the other three outcomes: no answers
    "The venue was easy to reach." (the organiser's scale question) 2 3 4 - - - -> 3 answers, no score
    "How did you hear of the event?" E-mail ×3, Website ×2, A colleague ×1: 6 answers (>= 5), so the
        options go through protect: each is chosen by fewer than 5, all folded: 3 + 2 + 1 = 6 >= 5
        -> one row, "Other options (each chosen by fewer than 5 people)" 6
    "What should we change?" (text): "More breaks", "Arabic interpretation <please>"
    comment on new knowledge (response 1): "Great talks"
    Anonymous, but 6 >= 5 people answered: the 3 comments are listed (at most 25 per question: all of them).
"""
from datetime import UTC, date, datetime

from core.extensions import db
from outcomes.models import CHOICE, FEEDBACK, SCALE, TEXT, SurveyAnswer, SurveyQuestion, SurveyResponse
from outcomes.surveys import survey_of
from registration.models import CANCELLED, CONFIRMED, WAITLISTED, CheckIn, SessionChoice, SessionPlaces
from tests.registration.onsite import confirmed

DAY_1, DAY_2, DAY_3 = date(2027, 3, 27), date(2027, 3, 28), date(2027, 3, 29)

GROUPS = ["government"] * 6 + ["civil_society"] * 3 + ["academia"] * 2 + ["media"]
COUNTRIES = ["SN"] * 5 + ["KE", "BR"] + ["FR"] * 3 + ["DE"] * 2
GENDERS = ["woman"] * 6 + ["man"] * 5 + [None]
MADE_ON = ([datetime(2027, 2, 1, 12, tzinfo=UTC)] * 3 + [datetime(2027, 2, 2, 12, tzinfo=UTC)]
           + [datetime(2027, 2, 5, 12, tzinfo=UTC)] * 6 + [datetime(2027, 2, 10, 12, tzinfo=UTC),
                                                            datetime(2027, 2, 9, 23, 30, tzinfo=UTC)])

SCORES = {  # outcome -> the score each response gave (None: no answer)
    "new_knowledge": [5, 4, 4, 3, 5, 2],
    "enhanced_skills": [4, 4, 4, 4, 4, 5],
    "improved_consensus": [5, 5, 5, 5, None, None],
    "enhanced_connectivity": [1, 2, 3, 4, 5, None],
}
VENUE = "The venue was easy to reach."
VENUE_SCORES = [2, 3, 4, None, None, None]
HEARD = "How did you hear of the event?"
HEARD_OPTIONS = ["E-mail", "Website", "A colleague"]
HEARD_ANSWERS = ["E-mail", "E-mail", "E-mail", "Website", "Website", "A colleague"]
CHANGE = "What should we change?"
CHANGE_ANSWERS = ["More breaks", "Arabic interpretation <please>", "", "", "", ""]
COMMENT = "Great talks"


def people(event, count: int, start: int = 0) -> list:
    """`count` confirmed participants with the groups, countries and genders above (cycled)."""
    made = []
    for index in range(start, start + count):
        position = index % len(GROUPS)
        made.append(confirmed(event, full_name=f"Participant {index + 1}", stakeholder_group=GROUPS[position],
                              country=COUNTRIES[position], gender=GENDERS[position],
                              created_at=MADE_ON[position]))
    return made


def build(make_event, make_session, extra: int = 0):
    """The event described above (plus `extra` more confirmed people, for the query-count test: each
    checked in on day 1 and at the plenary and answering the survey). Returns (event, registrations)."""
    event = make_event(title="Report test conference")
    registrations = people(event, 12)
    registrations.append(confirmed(event, full_name="Waiting Person", status=WAITLISTED, stakeholder_group="media",
                                   country="US", gender="man", created_at=datetime(2027, 2, 2, 12, tzinfo=UTC)))
    registrations.append(confirmed(event, full_name="Cancelled Person", status=CANCELLED,
                                   stakeholder_group="civil_society", country="SN", gender="woman",
                                   created_at=datetime(2027, 2, 5, 12, tzinfo=UTC)))
    more = people(event, extra, start=12)
    plenary = make_session(event, datetime(2027, 3, 27, 10, 0), title="Plenary", takes_attendance=True)
    masterclass = make_session(event, datetime(2027, 3, 27, 14, 0), title="Masterclass", takes_attendance=True)
    db.session.add(SessionPlaces(session_id=masterclass.id, event_id=event.id, capacity=10))
    for registration in registrations[:4]:
        db.session.add(SessionChoice(registration_id=registration.id, session_id=masterclass.id, status=CONFIRMED))
    db.session.add(SessionChoice(registration_id=registrations[4].id, session_id=masterclass.id, status=WAITLISTED))

    def check_in(registration, day, session=None, undone=False):
        db.session.add(CheckIn(event_id=event.id, registration_id=registration.id, day=day,
                               session_id=session.id if session else None,
                               undone_at=datetime(2027, 3, 27, 10, tzinfo=UTC) if undone else None))

    for registration in registrations[:9] + more:
        check_in(registration, DAY_1)
    check_in(registrations[9], DAY_1, undone=True)
    for registration in registrations[:6]:
        check_in(registration, DAY_2)
    for registration in registrations[:3] + more:
        check_in(registration, DAY_1, plenary)
    for registration in registrations[:2]:
        check_in(registration, DAY_1, masterclass)
    db.session.commit()
    answer_feedback(event, extra)
    return event, registrations + more


def answer_feedback(event, extra: int = 0):
    """The anonymous feedback survey and its six responses (plus `extra` ones, scored 3 everywhere)."""
    survey = survey_of(event, FEEDBACK, create=True)
    survey.is_enabled, survey.is_anonymous = True, True
    base = len(survey.questions)
    venue = SurveyQuestion(kind=SCALE, label=VENUE, position=base)
    heard = SurveyQuestion(kind=CHOICE, label=HEARD, options=HEARD_OPTIONS, position=base + 1)
    change = SurveyQuestion(kind=TEXT, label=CHANGE, position=base + 2)
    survey.questions += [venue, heard, change]
    db.session.flush()
    by_outcome = {question.outcome: question for question in survey.questions if question.outcome}
    for number in range(6 + extra):
        response = SurveyResponse(survey_id=survey.id, registration_id=None, submitted_on=date(2027, 3, 30))
        if number < 6:
            for outcome, given in SCORES.items():
                if given[number] is not None:
                    response.answers.append(SurveyAnswer(
                        question_id=by_outcome[outcome].id, score=given[number],
                        text=COMMENT if (outcome, number) == ("new_knowledge", 0) else ""))
            if VENUE_SCORES[number] is not None:
                response.answers.append(SurveyAnswer(question_id=venue.id, score=VENUE_SCORES[number]))
            response.answers.append(SurveyAnswer(question_id=heard.id, choice=HEARD_ANSWERS[number]))
            if CHANGE_ANSWERS[number]:
                response.answers.append(SurveyAnswer(question_id=change.id, text=CHANGE_ANSWERS[number]))
        else:
            response.answers += [SurveyAnswer(question_id=question.id, score=3) for question in by_outcome.values()]
        db.session.add(response)
    db.session.commit()
    return survey
