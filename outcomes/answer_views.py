"""Answering a survey: by the personal link (no log-in) or from My registrations."""
from outcomes.views import bp  # noqa: F401
