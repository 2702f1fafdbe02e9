"""Demo data for intergovernmental meetings: the Paris conference run as a meeting of the Convention's
governing bodies — its participant categories and walk-ins (registration's demo modules for them), three
Parties' delegations nominated by focal points, visa-support letters and its published list of participants.

Idempotent, like every package's demo: each part looks for what it made before.
"""
from sqlalchemy import select

from core.extensions import db
from events.models import Event
from meetings import demo_delegations, demo_list, demo_visas
from registration import demo_categories, demo_walk_ins
from registration.demo import CONFERENCE


def load():
    event = db.session.scalar(select(Event).where(Event.slug == CONFERENCE))
    if event is None:
        return
    yield demo_categories.load(event)
    yield demo_walk_ins.load(event)
    yield from demo_delegations.load(event)
    yield from demo_visas.load(event)
    consented = demo_list.load(event)
    yield f"demo list of participants: published; {consented} more people agreed to be on it"
