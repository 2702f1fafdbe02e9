"""The words of outcomes and reporting: the knowledge-exchange outcomes and the answer scale.

The outcomes are the World Bank's knowledge-exchange results (strategy §12), plus the two the
Convention's outreach counts on: new partnerships and new sources of funding. Built-in survey questions
are tagged with one, so that every event's results can be compared with every other's.
"""
from flask_babel import lazy_gettext as _l

NEW_KNOWLEDGE, ENHANCED_SKILLS, IMPROVED_CONSENSUS, ENHANCED_CONNECTIVITY, NEW_ACTIONS, NEW_PARTNERSHIPS, \
    NEW_FUNDING = ("new_knowledge", "enhanced_skills", "improved_consensus", "enhanced_connectivity",
                   "new_actions", "new_partnerships", "new_funding")

#: Outcome key -> its name, as dashboards and reports show it.
OUTCOMES = {
    NEW_KNOWLEDGE: _l("New knowledge"),
    ENHANCED_SKILLS: _l("Enhanced skills"),
    IMPROVED_CONSENSUS: _l("Improved consensus"),
    ENHANCED_CONNECTIVITY: _l("Enhanced connectivity"),
    NEW_ACTIONS: _l("New and improved actions"),
    NEW_PARTNERSHIPS: _l("New partnerships"),
    NEW_FUNDING: _l("New sources of funding"),
}

#: The statement each built-in question of the feedback survey asks people to rate, right after the event.
FEEDBACK_STATEMENTS = {
    NEW_KNOWLEDGE: _l("I gained new knowledge at this event."),
    ENHANCED_SKILLS: _l("I improved skills that I can use in my work."),
    IMPROVED_CONSENSUS: _l("The event brought participants closer to a shared view of the issues."),
    ENHANCED_CONNECTIVITY: _l("I made contacts that I will keep working with."),
    NEW_ACTIONS: _l("I will start new actions, or improve what I do, because of this event."),
    NEW_PARTNERSHIPS: _l("I expect to form a new partnership with people I met here."),
    NEW_FUNDING: _l("I learnt of new sources of funding for my work."),
}

#: The follow-up survey, some months later, asks what came of the event.
FOLLOW_UP_STATEMENTS = {
    NEW_ACTIONS: _l("Since the event, I have started new actions or improved what I do because of it."),
    NEW_PARTNERSHIPS: _l("Since the event, I have formed a partnership with people I met there."),
    NEW_FUNDING: _l("Since the event, I have found new funding through what I learnt or whom I met there."),
}

#: The 1–5 scale of the outcome questions (and of the organisers' own scale questions).
SCALE = {1: _l("Strongly disagree"), 2: _l("Disagree"), 3: _l("Neither agree nor disagree"), 4: _l("Agree"),
         5: _l("Strongly agree")}
SCALE_MIN, SCALE_MAX = 1, 5

#: In a breakdown anyone may read (an export, a report, a view across events), a group with fewer people
#: than this is not shown on its own: with three people in a group, one of them can be picked out.
SMALLEST_GROUP = 5
