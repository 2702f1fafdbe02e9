"""An event's dashboard."""
from outcomes.views import bp  # noqa: F401
