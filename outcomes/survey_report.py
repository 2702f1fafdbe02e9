"""The survey sections of an event's report (outcomes.dashboard): response rate, scores, choices, comments.

The answers of an anonymous survey are protected in every report: with fewer than SMALLEST_GROUP answers a
question shows no score, a score or option given by 1 to 4 people is not counted on its own, and comments wait
for SMALLEST_GROUP answers. A named survey's answers are protected so only in the publishable report.
"""
from flask_babel import gettext as _, ngettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core import charts
from core.extensions import db
from events.models import Event
from outcomes import reports
from outcomes.models import CHOICE, FEEDBACK, FOLLOW_UP, SCALE, SURVEY_KINDS, TEXT, Survey
from outcomes.surveys import answered_since_left, asked_count
from outcomes.tables import NOT_SHOWN, Section, Table, protect, share
from outcomes.vocabulary import OUTCOMES, SCALE as SCALE_WORDS, SCALE_MAX, SCALE_MIN, SMALLEST_GROUP


# --- 8. Surveys ----------------------------------------------------------------------------------------

def question_text(question, survey: Survey) -> str:
    """What a question asked, as the report names it: an outcome's name for the built-in questions."""
    if question.outcome:
        return str(OUTCOMES.get(question.outcome, question.outcome))
    return question.label


def _score_row(label, counts: dict[int, int], protected: bool = True) -> list:
    """[question, answers, average, answers per score 1..5].

    `protected` (an anonymous survey, or a publishable report): with fewer than SMALLEST_GROUP answers only
    their number (the average of two answers says what those two people said). When a score was given by 1
    to 4 people, no score is counted on its own and the average is given to the whole point: beside the
    number of answers, the other scores and a one-decimal average give the hidden ones back by arithmetic
    (6 answers, 0 0 0 "5 or more" "fewer than 5", average 4.2: five 4s and one 5), where a whole-point
    average is shared by many spreads of the scores.
    """
    answered = sum(counts.values())
    scale = range(SCALE_MIN, SCALE_MAX + 1)
    if protected and answered < SMALLEST_GROUP:
        return [label, answered, None] + ["" for _score in scale]
    # No answers at all (a named survey's internal report): nothing to average, rather than "fewer than 5".
    average = round(sum(score * count for score, count in counts.items()) / answered, 1) if answered else "–"
    cells: list = [counts.get(score, 0) for score in scale]
    if protected and any(0 < count < SMALLEST_GROUP for count in cells):
        exact = sum(score * count for score, count in counts.items()) / answered
        return [label, answered, int(exact + 0.5)] + [NOT_SHOWN for _count in cells]
    return [label, answered, average] + cells


def survey_sections(event: Event, exact: bool = False) -> list[Section]:
    surveys = list(db.session.scalars(select(Survey).where(Survey.event_id == event.id)
                                      .options(selectinload(Survey.questions))))
    surveys.sort(key=lambda survey: [FEEDBACK, FOLLOW_UP].index(survey.kind) if survey.kind in SURVEY_KINDS else 9)
    if not surveys:
        return [Section("surveys", _("Surveys"), intro=_("This event has no survey yet."))]
    ids = [survey.id for survey in surveys]
    asked, left = asked_count(event), answered_since_left(event, ids)
    answered = reports.responses_by_survey(ids)
    answers = reports.answers_by_question(question.id for survey in surveys for question in survey.questions)
    return [_survey_section(survey, asked + left.get(survey.id, 0), answered.get(survey.id, 0), answers,
                            protected=survey.is_anonymous or not exact)
            for survey in surveys]


def _survey_section(survey: Survey, asked: int, answered: int, answers: dict[int, reports.Answers],
                    protected: bool = True) -> Section:
    """`protected`: small numbers of answers hidden, as small groups are (always, for an anonymous survey)."""
    nothing = reports.Answers()
    kind, name = survey.kind, str(SURVEY_KINDS.get(survey.kind, survey.kind))
    response = Table(f"{kind}_response", _("Response rate"),
                     [_("Survey"), _("Asked"), _("Answered"), _("Response rate (%)")],
                     [[name, asked, answered, share(answered, asked)]],
                     _("Asked: the participants who attended (every confirmed participant when the event recorded "
                       "no attendance), and those who answered and have since cancelled."))
    scale_questions = [question for question in survey.questions if question.kind == SCALE]
    score_table = Table(f"{kind}_scores", _("Scores"),
                        [_("Outcome or question"), _("Answers"), _("Average score")]
                        + [f"{score} ({SCALE_WORDS[score]})" for score in range(SCALE_MIN, SCALE_MAX + 1)],
                        [_score_row(question_text(question, survey), answers.get(question.id, nothing).scores,
                                    protected) for question in scale_questions],
                        _("Scores from %(low)d (strongly disagree) to %(high)d (strongly agree). A question with "
                          "fewer than %(number)d answers shows no score; where a score was given by fewer than "
                          "%(number)d people, no score is counted on its own and the average is rounded to the "
                          "whole point, so that no answer can be traced to the few people who gave it.",
                          low=SCALE_MIN, high=SCALE_MAX, number=SMALLEST_GROUP)
                        if protected else
                        _("Scores from %(low)d (strongly disagree) to %(high)d (strongly agree). Exact counts, for "
                          "the event's organisers: the answers of this survey carry the names of those who gave "
                          "them.", low=SCALE_MIN, high=SCALE_MAX))
    hidden_scores = _("fewer than %(number)d answers", number=SMALLEST_GROUP)
    section_charts = []
    if scale_questions:
        section_charts.append(charts.scores([(row[0], row[2] if isinstance(row[2], (int, float)) else None)
                                             for row in score_table.rows],
                                            title=_("%(survey)s: average scores", survey=name),
                                            low=SCALE_MIN, high=SCALE_MAX, low_label=str(SCALE_WORDS[SCALE_MIN]),
                                            high_label=str(SCALE_WORDS[SCALE_MAX]), hidden_text=hidden_scores,
                                            id=f"chart-{kind}-scores"))
    tables = [response] + ([score_table] if scale_questions else [])
    choice_rows = []
    for question in (question for question in survey.questions if question.kind == CHOICE):
        counted = answers.get(question.id, nothing).choices
        few = protected and sum(counted.values()) < SMALLEST_GROUP
        options = list(question.options or []) + sorted(option for option in counted if option not in
                                                         (question.options or []))
        # Options chosen by 1 to 4 people are counted together, as the groups of people are.
        rows = [[option, None] for option in options] if few else \
            [list(row) for row in protect([(option, counted.get(option, 0)) for option in options],
                                          _("Other options (each chosen by fewer than %(number)d people)",
                                            number=SMALLEST_GROUP),
                                          _("Other options (those chosen by fewer than %(number)d people, with the "
                                            "next least chosen)", number=SMALLEST_GROUP),
                                          exact=not protected)]
        choice_rows += [[question_text(question, survey)] + row for row in rows]
        section_charts.append(charts.bars(rows, title=question_text(question, survey), hidden_text=hidden_scores,
                                          id=f"chart-{kind}-choice-{question.id}"))
    if choice_rows:
        tables.append(Table(f"{kind}_choices", _("Choices"), [_("Question"), _("Option"), _("Answers")], choice_rows,
                            _("A question with fewer than %(number)d answers shows no counts.",
                              number=SMALLEST_GROUP)))
    commented = [question for question in survey.questions if question.kind in (SCALE, TEXT)]
    comment_rows = [[question_text(question, survey), text] for question in commented
                    for text in answers.get(question.id, nothing).texts]
    note = _("Text answers and comments on scores, without the names of those who wrote them.")
    if survey.is_anonymous and answered < SMALLEST_GROUP:
        # With so few answers, a comment is as good as signed: the scores are hidden for the same reason.
        comment_rows = []
        note = _("The comments of an anonymous survey are shown once at least %(number)d people have answered.",
                 number=SMALLEST_GROUP)
    if any(answers.get(question.id, nothing).text_count > reports.COMMENTS_SHOWN for question in commented):
        note = " ".join((note, _("Up to %(number)d per question are shown here, the longest first; all of them are "
                                 "in the survey's download of answers (Manage → Surveys).",
                                 number=reports.COMMENTS_SHOWN)))
    tables.append(Table(f"{kind}_comments", _("Comments"), [_("Question"), _("Comment")], comment_rows, note))
    if not survey.is_enabled and not answered:
        intro = _("This survey is not turned on.")
    else:
        intro = ngettext("%(answered)d of the %(num)d person asked answered.",
                         "%(answered)d of the %(num)d people asked answered.", asked, answered=answered)
    return Section(f"survey_{kind}", name, tables, section_charts, intro)
