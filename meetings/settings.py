"""An event's meeting settings (meetings.models.MeetingSettings): one row per event, made when an organiser
first sets something (a deadline, the letter, publishing the list); none means every default."""
from core.extensions import db
from meetings.models import MeetingSettings


def settings_of(event) -> MeetingSettings | None:
    return db.session.get(MeetingSettings, event.id)


def settings_for(event) -> MeetingSettings:
    """The event's row, added to the session (not committed) if it had none."""
    settings = settings_of(event)
    if settings is None:
        settings = MeetingSettings(event_id=event.id)
        db.session.add(settings)
    return settings
