"""What the showcase adds to the organiser's overview of a fair (booths and material waiting for review) and to
a person's home page (the booths they run): answers to core.signals, connected by the blueprint (views.py)."""
from flask import url_for
from flask_babel import gettext as _, ngettext

from core.overview import Figure, HomeSection, Task
from events.kinds import KINDS
from showcase import fairs, moderation


def event_figures(sender, event) -> list:
    kind = KINDS.get(event.kind)
    if kind is None or not kind.has_booths:
        return []
    booths, items = moderation.pending_counts(event)
    url = url_for("showcase.moderation", slug=event.slug)
    parts = [Figure(_("Booths waiting for review"), booths, url, order=60),
             Figure(_("Booth material waiting for review"), items, url, order=61)]
    if booths:
        parts.append(Task(ngettext("Review %(num)d booth waiting for approval.",
                                   "Review %(num)d booths waiting for approval.", booths), url, order=20))
    if items:
        parts.append(Task(ngettext("Review %(num)d item of booth material.",
                                   "Review %(num)d items of booth material.", items), url, order=21))
    return parts


def home_sections(sender, user) -> list:
    booths = fairs.booths_of_user(user)
    if not booths:
        return []
    return [HomeSection(_("Booths you run"), "showcase/_home_booths.html", booths, order=40)]
