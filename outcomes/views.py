"""The outcomes blueprint. Its pages live in one module per part: survey_views (organisers' survey
settings, answering), report_views (an event's dashboard), export_views (its downloads),
constituency_views (across events)."""
from flask import Blueprint

from core.signals import event_overview_requested
from outcomes import models  # noqa: F401  (the tables exist wherever the blueprint does)
from outcomes import overview
from outcomes.tables import AT_LEAST, HIDDEN, cell_text

# No prefix: an event's survey and dashboard live under the event (/events/<slug>/...), the rest under /reports.
bp = Blueprint("outcomes", __name__, cli_group=None)


@bp.app_template_filter("report_value")
def report_value(value) -> str:
    return cell_text(value)


@bp.app_context_processor
def report_context():
    # AT_LEAST is the one object a withheld count holds: the tables line it up with the numbers.
    return {"hidden_count": HIDDEN, "withheld_count": AT_LEAST}


@bp.record_once
def _answer_lower_pages(state):
    # The organiser's overview of an event (events.manage) lists the survey still to set up.
    event_overview_requested.connect_via(state.app, weak=False)(overview.event_figures)
