"""The view across events, on a fixed data set whose numbers are worked out by hand below.

Four past events (times on the venue's clocks):
  A  conference      2024-03-10 Paris (FR)    team: the organiser
  B  workshop        2024-09-15 Dakar (SN)    team: the organiser
  C  conference      2025-02-20 Nairobi (KE)  team: the organiser; C recorded attendance
  D  knowledge fair  2025-06-01 Bogotá (CO)   team: someone else
plus events that do not count: a future conference (2030), a draft and a cancelled one (2024), all the organiser's.

People (p1 ... p25, p<n>@example.org), each registration (event: group, country, organisation):
  A: p1 civil_society; p2-p4 government; p5-p8 academia.          All FR. p1-p4 "Ministry of Culture",
     p5-p8 "Arts Council".
  B: p1-p4 and p10-p12 government, p9 academia. All SN. p1-p4 " MINISTRY OF CULTURE " (other capitals and
     spaces: the same organisation), p9-p12 "Dakar Film School".
  C: p1, p2 government, p9 academia, p13-p15 media; KE but p15 gave no country; no organisation for
     p13-p15. Also confirmed but not checked in: p24 ("Absent Org"); checked in then undone: p25; waiting
     list: p16; cancelled: p17. None of these four counts.
  D: p1 (written "P1@Example.org") civil_society CO; p18-p21 private_sector, p22-p23 artist, all BR; p1 "Ministry
     of Culture", p18-p23 "Fair Org 18" ... "Fair Org 23".
"""
from datetime import UTC, date, datetime

import pytest

from core.extensions import db
from outcomes import constituency as across
from outcomes.models import FEEDBACK, FOLLOW_UP, SCALE, SurveyAnswer, SurveyQuestion, SurveyResponse
from outcomes.surveys import survey_of
from outcomes.tables import HIDDEN
from registration.models import CANCELLED, CONFIRMED, WAITLISTED, CheckIn, Registration
from tests.conftest import page_text

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def person(number: int) -> str:
    return f"p{number}@example.org"


def register(event, numbers, group, country, organisation="", status=CONFIRMED, email=None):
    """Registrations of people `numbers` at `event`, as the registration form leaves them."""
    made = []
    for number in numbers:
        registration = Registration(event_id=event.id, email=email or person(number), full_name=f"Person {number}",
                                    organisation=organisation, stakeholder_group=group, country=country,
                                    status=status)
        db.session.add(registration)
        made.append(registration)
    db.session.flush()
    return made


def answer(event, kind, *responses):
    """One response per dict {outcome: score} to the event's survey of this kind (anonymous: no registration)."""
    survey = survey_of(event, kind, create=True)
    questions = {question.outcome: question for question in survey.questions}
    for scores in responses:
        db.session.add(SurveyResponse(survey_id=survey.id, submitted_on=date(2025, 7, 1), answers=[
            SurveyAnswer(question_id=questions[outcome].id, score=score) for outcome, score in scores.items()]))
    db.session.flush()
    return survey


@pytest.fixture
def organiser(make_user):
    return make_user(roles=("organiser", "participant"))


@pytest.fixture
def admin(make_user):
    return make_user(roles=("administrator",))


@pytest.fixture
def events(make_event, make_user, organiser):
    mine = dict(team=[organiser])
    made = {
        "A": make_event("conference", start=datetime(2024, 3, 10, 9, 0), country="FR", title="Paris conference",
                        **mine),
        "B": make_event("workshop", start=datetime(2024, 9, 15, 9, 0), zone="Africa/Dakar", country="SN",
                        title="Dakar workshop", **mine),
        "C": make_event("conference", start=datetime(2025, 2, 20, 9, 0), zone="Africa/Nairobi", country="KE",
                        title="Nairobi conference", **mine),
        "D": make_event("knowledge_fair", start=datetime(2025, 6, 1, 9, 0), zone="America/Bogota", country="CO",
                        title="Bogotá fair", team=[make_user(roles=("organiser",))]),
        "future": make_event("conference", start=datetime(2030, 5, 1, 9, 0), country="FR", title="Future", **mine),
        "draft": make_event("conference", status="draft", start=datetime(2024, 5, 1, 9, 0), title="Draft", **mine),
        "cancelled": make_event("conference", status="cancelled", start=datetime(2024, 6, 1, 9, 0), title="Called off",
                                **mine),
    }
    A, B, C, D = (made[key] for key in "ABCD")
    register(A, [1], "civil_society", "FR", "Ministry of Culture")
    register(A, [2, 3, 4], "government", "FR", "Ministry of Culture")
    register(A, [5, 6, 7, 8], "academia", "FR", "Arts Council")
    register(B, [1, 2, 3, 4], "government", "SN", " MINISTRY OF CULTURE ")
    register(B, [9], "academia", "SN", "Dakar Film School")
    register(B, [10, 11, 12], "government", "SN", "Dakar Film School")
    present = register(C, [1, 2], "government", "KE") + register(C, [9], "academia", "KE") \
        + register(C, [13, 14], "media", "KE") + register(C, [15], "media", None)
    register(C, [24], "government", "KE", "Absent Org")
    undone, = register(C, [25], "government", "KE", "Absent Org")
    register(C, [16], "government", "KE", "Absent Org", status=WAITLISTED)
    register(C, [17], "government", "KE", "Absent Org", status=CANCELLED)
    for registration in present:
        db.session.add(CheckIn(event_id=C.id, registration_id=registration.id, day=date(2025, 2, 20)))
    db.session.add(CheckIn(event_id=C.id, registration_id=undone.id, day=date(2025, 2, 20), undone_at=NOW))
    register(D, [1], "civil_society", "CO", "Ministry of Culture", email="P1@Example.org")
    for number in range(18, 24):
        register(D, [number], "private_sector" if number < 22 else "artist", "BR", f"Fair Org {number}")
    # Registrations at the events that do not count.
    for key in ("future", "draft", "cancelled"):
        register(made[key], [1, 30, 31, 32, 33, 34], "government", "FR", "Ghost Org")

    # Feedback: conferences A and C, the workshop B, the fair D (see test_outcome_scores_by_kind_of_event).
    answer(A, FEEDBACK, {"new_knowledge": 5, "enhanced_skills": 2}, {"new_knowledge": 4, "enhanced_skills": 3},
           {"new_knowledge": 4})
    answer(C, FEEDBACK, {"new_knowledge": 3, "enhanced_skills": 4}, {"new_knowledge": 5, "enhanced_skills": 3},
           {"new_knowledge": 4, "enhanced_skills": 3})
    answer(B, FEEDBACK, *[{"new_knowledge": score} for score in (4, 4, 5, 5)])
    answer(D, FEEDBACK, *[{"new_knowledge": 3} for _ in range(5)])
    answer(A, FOLLOW_UP, *[{"new_actions": score} for score in (4, 5, 4, 5, 2)])
    # An organiser's own scale question: not an outcome, so in no average.
    survey = survey_of(A, FEEDBACK)
    own = SurveyQuestion(survey_id=survey.id, kind=SCALE, label="Was the room warm enough?", position=9)
    db.session.add(own)
    db.session.flush()
    db.session.add(SurveyResponse(survey_id=survey.id, submitted_on=date(2025, 7, 1),
                                  answers=[SurveyAnswer(question_id=own.id, score=1)]))
    # Answers to the future event's survey do not count either.
    answer(made["future"], FEEDBACK, *[{"new_knowledge": 1} for _ in range(5)])
    db.session.commit()
    return made


def report(user, **args):
    """The publishable report (small groups folded), unless `counts` says otherwise."""
    with_context = {"counts": "publishable", **{name: str(value) for name, value in args.items()}}
    return across.constituency_report(user, with_context, now=NOW)


def table(report_, key):
    return next(table for table in report_.tables() if table.key == key)


def rows(report_, key):
    return table(report_, key).rows


def test_the_organiser_counts_the_people_of_their_own_past_events(app, events, organiser):
    numbers = report(organiser)

    # People: A 8 newcomers (p1-p8) + B 4 (p9-p12) + C 3 (p13-p15) = 15. Participations: 8 + 8 + 6 = 22.
    # Organisations: "ministry of culture" (A and B, other capitals and spaces), "arts council",
    # "dakar film school" = 3 (p13-p15 gave none; "Absent Org" and "Ghost Org" do not count).
    # Countries of each person's latest event: KE (p1, p2, p9, p13, p14), SN (p3, p4, p10-p12), FR (p5-p8) = 3;
    # the Global South: KE 5 + SN 5 = 10 of the 14 who gave a country (71.4%), but the 14 - 10 = 4 not from it
    # (FR) are 1 to 4 people: the share is hidden (None), or it would give them away.
    assert rows(numbers, "totals") == [
        ["Events", 3], ["People (each counted once)", 15], ["Participations (one person at one event)", 22],
        ["Organisations", 3], ["Countries", 3], ["From the Global South (%)", None]]
    assert numbers.subtitle == "3 events, 2024–2025"


def test_newcomers_and_returning_event_by_event_and_year_by_year(app, events, organiser):
    numbers = report(organiser)

    # A: p1-p8, all new. B: p1-p4 back, p9-p12 new. C (checked in only): p1, p2, p9 back, p13-p15 new.
    assert rows(numbers, "events") == [
        ["Paris conference", "2024-03-10", "Conference", 8, 8, 0, 8],
        ["Dakar workshop", "2024-09-15", "Workshop", 8, 4, 4, 12],
        ["Nairobi conference", "2025-02-20", "Conference", 6, 3, 3, 15],
    ]
    # 2024: A and B, 8 + 8 participations, 8 + 4 newcomers; 2025: C.
    assert rows(numbers, "years") == [["2024", 2, 16, 12, 12], ["2025", 1, 6, 3, 15]]


def test_groups_and_regions_count_each_person_once_and_fold_small_groups(app, events, organiser):
    numbers = report(organiser)

    # Latest event's group: government p1 (civil society at A, government since), p2-p4, p10-p12 = 7;
    # academia p5-p8, p9 = 5; media p13-p15 = 3, folded. 3 < 5, and shown as "fewer than 5" it would be found
    # anyway (15 - 7 - 5 = 3): the smallest group shown, academia 5, is folded too: 3 + 5 = 8, shown.
    assert rows(numbers, "groups") == [
        ["Government agency or body", 7, 46.7],  # 7 / 15
        ["Other (groups of fewer than 5 people, with the next smallest group)", 8, 53.3],  # 8 / 15
    ]
    # Africa: KE 5 + SN 5 = 10; Europe and North America: FR 4, and p15's unknown country 1: folded, 4 + 1 = 5,
    # which reaches 5: nothing more is folded, and the row is shown.
    assert rows(numbers, "regions") == [
        ["Africa", 10, 66.7],  # 10 / 15
        ["Other (groups of fewer than 5 people)", 5, 33.3],  # 5 / 15
    ]


def test_an_administrator_sees_every_event(app, events, admin):
    numbers = report(admin)

    # D adds p1 (back, though written P1@Example.org) and p18-p23 (new): 15 + 6 = 21 people, 22 + 7 = 29.
    # Organisations: 3 + "Fair Org 18" ... "Fair Org 23" = 9. Countries: KE 4 (p1 is now CO), SN 5, FR 4, CO 1,
    # BR 6 = 5 countries; the Global South 4 + 5 + 1 + 6 = 16 of 20 with a country (80%), but the 20 - 16 = 4
    # not from it (FR) are 1 to 4 people: hidden.
    assert rows(numbers, "totals") == [
        ["Events", 4], ["People (each counted once)", 21], ["Participations (one person at one event)", 29],
        ["Organisations", 9], ["Countries", 5], ["From the Global South (%)", None]]
    assert rows(numbers, "events")[-1] == ["Bogotá fair", "2025-06-01", "Knowledge fair", 7, 6, 1, 21]
    assert rows(numbers, "years") == [["2024", 2, 16, 12, 12], ["2025", 2, 13, 9, 21]]
    # government 6 (p1 left for civil society at D), academia 5; civil society 1, media 3, private sector 4,
    # artist 2 are small: folded, 1 + 3 + 4 + 2 = 10, which reaches 5: nothing more folded, and shown.
    assert rows(numbers, "groups") == [
        ["Government agency or body", 6, 28.6],  # 6 / 21
        ["Academia / research", 5, 23.8],  # 5 / 21
        ["Other (groups of fewer than 5 people)", 10, 47.6],  # 10 / 21
    ]
    # Africa KE 4 + SN 5 = 9; Latin America CO 1 + BR 6 = 7; Europe 4 and not given 1 folded = 5 (reaches 5).
    assert rows(numbers, "regions") == [
        ["Africa", 9, 42.9], ["Latin America and the Caribbean", 7, 33.3],  # 9 / 21, 7 / 21
        ["Other (groups of fewer than 5 people)", 5, 23.8]]  # 5 / 21


def test_outcome_scores_by_kind_of_event(app, events, organiser, admin):
    numbers = report(organiser)

    # Per question (one outcome of one event's survey), those with fewer than 5 answers left out:
    # conferences, new knowledge: A 3 answers (5, 4, 4), C 3 (3, 5, 4): both left out, though 3 + 3 = 6.
    # Enhanced skills: A 2 (2, 3), C 3 (4, 3, 3): both left out. The workshop B, new knowledge: 4 answers
    # (4, 4, 5, 5): left out. So no feedback question is kept: no kind of event has a row (as a kind nobody
    # answered). (The organiser's own question and the future event's survey are in no average.)
    assert rows(numbers, "scores") == []
    assert rows(numbers, "scores_answers") == []
    # Follow-up at A: new actions 4, 5, 4, 5, 2: 5 answers, kept: 20 / 5 = 4.0. "–": no answers kept.
    assert rows(numbers, "follow_up_scores") == [["Conference", 4.0, "–", "–"]]
    assert rows(numbers, "follow_up_scores_answers") == [["Conference", 5, 0, 0]]
    assert table(numbers, "follow_up_scores").columns == [
        "Kind of event", "New and improved actions", "New partnerships", "New sources of funding"]

    # The administrator adds the fair D: new knowledge 5 answers of 3, kept: 15 / 5 = 3.0 over 5 answers;
    # the conferences' and the workshop's questions are still left out.
    everything = report(admin)
    assert rows(everything, "scores") == [["Knowledge fair", 3.0, "–", "–", "–", "–", "–", "–"]]
    assert rows(everything, "scores_answers") == [["Knowledge fair", 5, 0, 0, 0, 0, 0, 0]]


def test_a_question_with_fewer_than_5_answers_is_left_out_so_no_filter_gives_it_away(app, make_event, admin):
    big = make_event("workshop", start=datetime(2024, 3, 10, 9, 0))
    small = make_event("workshop", start=datetime(2025, 3, 10, 9, 0))
    answer(big, FEEDBACK, *[{"new_knowledge": score} for score in (5, 4, 4, 3, 5)])
    answer(small, FEEDBACK, {"new_knowledge": 1})
    db.session.commit()

    # big: 5 + 4 + 4 + 3 + 5 = 21 / 5 = 4.2, kept; small: 1 answer, left out. Were it counted, the kind would
    # read (21 + 1) / 6 = 3.7 over 6 answers, and 2024 alone 4.2 over 5: 3.7 x 6 - 4.2 x 5 ~ 1, its answer.
    both = report(admin)
    assert rows(both, "scores")[0][:2] == ["Workshop", 4.2]
    assert rows(both, "scores_answers")[0][:2] == ["Workshop", 5]
    # 2024 alone (without the small event): the same numbers, so nothing to subtract.
    only_2024 = report(admin, year_to=2024)
    assert rows(only_2024, "scores") == rows(both, "scores")
    assert rows(only_2024, "scores_answers") == rows(both, "scores_answers")
    # 2025 alone: the small event's question is left out: no row, as if nobody had answered.
    assert rows(report(admin, year_from=2025), "scores") == []


def test_the_share_from_the_global_south_is_hidden_when_it_would_name_a_few_people(app, make_event, admin):
    event = make_event("workshop", start=datetime(2024, 3, 10, 9, 0), country="FR")
    register(event, range(1, 31), "government", "FR")
    register(event, [31], "government", "SN")
    db.session.commit()

    # 30 from France, 1 from Senegal: 1 / 31 = 3.2% would say the one person from the Global South is there.
    assert rows(report(admin), "totals")[4:] == [["Countries", 2], ["From the Global South (%)", None]]

    # 4 more from Senegal: 5 of 35 = 14.3%, and 30 not from it: both at least 5, shown.
    register(event, range(32, 36), "government", "SN")
    db.session.commit()
    assert rows(report(admin), "totals")[4:] == [["Countries", 2], ["From the Global South (%)", 14.3]]


def test_no_follow_up_tables_without_follow_up_answers(app, events, organiser):
    numbers = report(organiser, kind="workshop")

    assert [table.key for table in numbers.tables()] == ["totals", "groups", "regions", "events", "years", "scores",
                                                         "scores_answers"]


def test_filters_by_kind_year_and_region(app, events, organiser):
    # The workshop alone: its 8 people are all newcomers to the events counted.
    assert rows(report(organiser, kind="workshop"), "events") == [["Dakar workshop", "2024-09-15", "Workshop", 8, 8,
                                                                   0, 8]]
    # 2025 alone: the Nairobi conference, where everyone is new to the events counted.
    only_2025 = report(organiser, year_from=2025, year_to=2025)
    assert rows(only_2025, "events") == [["Nairobi conference", "2025-02-20", "Conference", 6, 6, 0, 6]]
    assert rows(report(organiser, year_to=2024), "years") == [["2024", 2, 16, 12, 12]]
    # Africa: B (SN) and C (KE); at C, p1, p2 and p9 were at B.
    africa = report(organiser, region="africa")
    assert [row[3:] for row in rows(africa, "events")] == [[8, 8, 0, 8], [6, 3, 3, 11]]
    assert africa.subtitle == "2 events, 2024–2025, Africa"


def test_an_organiser_of_no_event_sees_zeros(app, events, make_user):
    numbers = report(make_user(roles=("organiser",)))

    assert rows(numbers, "totals")[:3] == [["Events", 0], ["People (each counted once)", 0],
                                           ["Participations (one person at one event)", 0]]
    assert rows(numbers, "groups") == rows(numbers, "events") == rows(numbers, "scores") == []


def test_anonymised_registrations_count_at_their_event_but_match_no_other(app, make_event, admin):
    first = make_event("workshop", start=datetime(2024, 1, 10, 9, 0))
    second = make_event("workshop", start=datetime(2024, 2, 10, 9, 0))
    # As registration.privacy.anonymise leaves them: one address of its own per registration.
    for event in (first, second):
        register(event, [1], "government", "SN")
        gone, = register(event, [0], "government", "SN", email="placeholder@example.org")
        gone.email = f"deleted-{gone.id}@deleted.invalid"
    db.session.commit()

    # first: p1 and the deleted one, both new; second: p1 back, the deleted one new again. 3 people.
    assert [row[3:] for row in rows(report(admin), "events")] == [[2, 2, 0, 2], [2, 1, 1, 3]]


def test_bad_filters_raise_with_the_fields_message(app, organiser):
    with pytest.raises(across.BadFilters) as raised:
        report(organiser, year_from="twenty", kind="festival")

    assert raised.value.errors == {"year_from": ["Enter a year, like 2026."],
                                   "kind": ["Choose one of the options in the list."]}
    assert "Enter a year, like 2026." in str(raised.value)


# --- The page -----------------------------------------------------------------------------------------

def test_the_page_shows_every_section_with_its_chart_and_table(client, login, events, organiser):
    login(organiser)
    response = client.get("/reports?counts=publishable")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    text = page_text(html)
    assert "Paris conference" in text and "Nairobi conference" in text
    assert "Bogotá fair" not in text  # not the organiser's event
    assert "Future" not in text and "Called off" not in text
    # groups, regions, per event, over time, the follow-up's new actions (no feedback question has 5 answers)
    assert html.count("<svg") == 5
    for key in ("totals", "groups", "regions", "events", "years", "scores", "follow_up_scores"):
        assert f'id="table-{key}"' in html
    # The share from the Global South (4 people are not from it), in its cell.
    assert f'<td class="number">{HIDDEN}</td>' in html
    assert "checked in" in text  # who counts is said on the page
    assert 'href="/reports/constituency.csv?counts=publishable"' in html


def test_the_downloads_carry_the_filters(client, login, events, organiser):
    login(organiser)
    html = client.get("/reports?kind=workshop&year_from=2024&region=").get_data(as_text=True)

    assert "Dakar workshop" in page_text(html) and "Paris conference" not in page_text(html)
    for extension in ("csv", "xlsx", "pdf"):
        assert f'href="/reports/constituency.{extension}?kind=workshop&amp;year_from=2024&amp;counts=internal"' in html


def test_the_organiser_sees_exact_counts_across_their_events_unless_they_ask_for_the_publishable_ones(
        client, login, events, organiser):
    login(organiser)
    internal = client.get("/reports").get_data(as_text=True)
    publishable = client.get("/reports?counts=publishable").get_data(as_text=True)

    assert "Internal: exact counts, for the event's organisers. Not for publication." in page_text(internal)
    assert "Publishable: small groups counted together." in page_text(publishable)
    # The share from the Global South: 4 people are not from it, hidden when published, exact inside.
    assert f'<td class="number">{HIDDEN}</td>' in publishable and f'<td class="number">{HIDDEN}</td>' not in internal
    # The switch, and the filters keep the choice.
    assert 'href="/reports?counts=publishable"' in internal and 'name="counts" value="internal"' in internal
    csv_text = client.get("/reports/constituency.csv").get_data(as_text=True)
    assert "Internal: exact counts" in csv_text and "fewer than 5" not in csv_text.split("Share (%)")[1]


def test_the_administrator_sees_every_event_on_the_page(client, login, events, admin):
    login(admin)
    text = page_text(client.get("/reports").get_data(as_text=True))

    assert "Bogotá fair" in text and "Paris conference" in text


@pytest.mark.parametrize("query, field, message", [
    ("year_from=abc", "year_from", "Enter a year, like 2026."),
    ("year_to=99999", "year_to", "Enter a year, like 2026."),
    ("year_from=2025&year_to=2024", "year_to", "The last year cannot come before the first."),
    ("kind=festival", "kind", "Choose one of the options in the list."),
    ("region=atlantis", "region", "Choose one of the options in the list."),
])
def test_bad_filters_answer_400_with_the_message_at_the_field(client, login, organiser, query, field, message):
    login(organiser)
    response = client.get(f"/reports?{query}")

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'<p class="error" id="{field}-error">{message}</p>' in html
    assert 'id="table-totals"' not in html


def test_a_participant_may_not_read_it_and_a_visitor_must_log_in(client, login, make_user):
    assert client.get("/reports").status_code == 302
    login(make_user(roles=("participant",)))
    assert client.get("/reports").status_code == 403


def test_the_page_costs_the_same_queries_for_3_or_8_events(client, login, make_event, organiser, count_queries):
    login(organiser)

    def add_events(count, first_number):
        for index in range(count):
            event = make_event(("conference", "workshop", "dialogue")[index % 3], team=[organiser],
                               start=datetime(2024, 1 + index, 5, 9, 0), country=("FR", "SN", "BR")[index % 3])
            register(event, range(first_number + index, first_number + index + 6), "government", event.country,
                     f"Org {index}")
            answer(event, FEEDBACK, *[{"new_knowledge": 4, "new_actions": 3} for _ in range(5)])
        db.session.commit()

    add_events(3, 1)
    with count_queries() as few:
        assert client.get("/reports").status_code == 200
    add_events(5, 100)
    with count_queries() as many:
        assert client.get("/reports").status_code == 200

    assert few.count == many.count


def test_the_report_takes_three_queries(app, events, admin, count_queries):
    admin.has_role("administrator")  # the account itself is loaded before: the request did that
    with count_queries() as counter:
        report(admin)

    assert counter.count == 3
