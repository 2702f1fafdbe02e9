"""The Convention's goals and the related SDGs, which events are tagged with and filtered by."""
from flask_babel import lazy_gettext as _l

#: The four goals of the 2005 Convention's monitoring framework (strategy §6).
CONVENTION_GOALS = {
    "governance": _l("Sustainable systems of governance for culture"),
    "mobility": _l("Balanced flow of cultural goods and services and mobility of artists"),
    "development": _l("Culture in sustainable development frameworks"),
    "rights": _l("Human rights and fundamental freedoms"),
}

#: The Sustainable Development Goals the Convention contributes to.
SDGS = {
    4: _l("SDG 4 · Quality education"),
    5: _l("SDG 5 · Gender equality"),
    8: _l("SDG 8 · Decent work and economic growth"),
    10: _l("SDG 10 · Reduced inequalities"),
    16: _l("SDG 16 · Peace, justice and strong institutions"),
    17: _l("SDG 17 · Partnerships for the goals"),
}

#: Languages an event can be held in: the six UN languages first, then others often used.
WORKING_LANGUAGES = ["en", "fr", "es", "ar", "zh", "ru", "pt", "sw", "de", "it", "ja", "ko", "hi", "tr"]

SESSION_TYPES = {
    "plenary": _l("Plenary"),
    "panel": _l("Panel"),
    "workshop": _l("Workshop"),
    "site_visit": _l("Site visit"),
    "peer_exchange": _l("Peer exchange"),
    "fair_opening": _l("Fair opening"),
    "networking": _l("Networking"),
    "presentation": _l("Presentation"),
    "break": _l("Break"),
}

SPEAKER_ROLES = {"speaker": _l("Speaker"), "facilitator": _l("Facilitator"), "moderator": _l("Moderator")}

#: How people take part in an event (events.models.Event.attendance_mode).
ATTENDANCE_MODES = {"in_person": _l("In person"), "online": _l("Online"), "hybrid": _l("Hybrid: in person and online")}
#: How one person takes part (registration.models.Registration.participation), as they choose it.
PARTICIPATIONS = {"in_person": _l("In person"), "online": _l("Online")}
