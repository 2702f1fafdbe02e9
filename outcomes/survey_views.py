"""The organisers' survey pages: settings, questions, sending, reminders and the raw answers."""
from outcomes.views import bp  # noqa: F401
