"""The view across events: the constituency of engaged stakeholders and outcomes by kind of event."""
from outcomes.views import bp  # noqa: F401
