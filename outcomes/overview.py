"""What outcomes adds to the organiser's overview of an event: the feedback survey still to set up once the
event is over. An answer to core.signals.event_overview_requested, connected by the blueprint (views.py)."""
from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from core.extensions import db
from core.models import utcnow
from core.overview import Task
from outcomes.models import FEEDBACK, Survey


def event_figures(sender, event) -> list:
    if event.ends_at > utcnow() or event.is_cancelled:
        return []
    enabled = db.session.scalar(select(Survey.is_enabled).where(Survey.event_id == event.id, Survey.kind == FEEDBACK))
    if enabled:
        return []
    return [Task(_("The event is over and its feedback survey is not turned on: set it up to learn what "
                   "participants took away."), url_for("outcomes.manage_surveys", slug=event.slug), order=40)]
