"""Who may check people in at an event: its organisers, the people they add as check-in staff, and the
scanner devices they give a token to (kept only as its hash; it stops working DEVICE_GRACE after the event
unless renewed). The check-ins themselves are registration.checkin's."""
from datetime import datetime, timedelta
import hashlib
import secrets

from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

from accounts.models import UserRole
from core.extensions import db
from core.models import utcnow
from events.models import Event, EventOrganiser
from events.services import is_organiser
from registration.models import CheckinDevice, CheckinStaff

#: How long a device token keeps working after the event ends, unless an organiser renews it.
DEVICE_GRACE = timedelta(days=2)
#: How long a renewal lasts, from the moment the organiser renews the token.
DEVICE_RENEWAL = timedelta(days=7)


def is_staff(event: Event, user) -> bool:
    """Organisers of the event, and the people its organisers added as check-in staff."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_organiser(event, user):
        return True
    return bool(db.session.scalar(select(exists().where(CheckinStaff.event_id == event.id,
                                                        CheckinStaff.user_id == user.id))))


def staff_of(event: Event) -> list[CheckinStaff]:
    return list(db.session.scalars(select(CheckinStaff).where(CheckinStaff.event_id == event.id)
                                   .order_by(CheckinStaff.added_at).options(selectinload(CheckinStaff.user))))


def add_staff(event: Event, user) -> bool:
    """Let `user` check people in at `event`; False when they already may. Commits.

    They get the site's check-in staff role too, which puts "Check-in" (their desks) in their menu."""
    if db.session.get(CheckinStaff, (event.id, user.id)) is not None:
        return False
    db.session.add(CheckinStaff(event_id=event.id, user_id=user.id))
    if "checkin_staff" not in user.role_names:
        user.roles.append(UserRole(role="checkin_staff"))
    db.session.commit()
    return True


def desks_of(user, as_organiser: bool = True) -> list[Event]:
    """The events `user` may check people in at (as staff, or organiser unless not `as_organiser`), those
    still to come or under way first, soonest first, then those that are over, latest first."""
    staffed = select(CheckinStaff.event_id).where(CheckinStaff.user_id == user.id)
    organised = select(EventOrganiser.event_id).where(EventOrganiser.user_id == user.id)
    events = list(db.session.scalars(select(Event).where(
        Event.id.in_(staffed.union(organised) if as_organiser else staffed))))
    now = utcnow()
    coming = sorted((event for event in events if event.ends_at > now), key=lambda event: event.starts_at)
    over = sorted((event for event in events if event.ends_at <= now), key=lambda event: event.starts_at,
                  reverse=True)
    return coming + over


def remove_staff(staff: CheckinStaff) -> None:
    db.session.delete(staff)
    db.session.commit()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_device(event: Event, name: str, by) -> tuple[CheckinDevice, str]:
    """A new device token for `event`: shown once, only its hash is kept. Commits."""
    token = "cvd_" + secrets.token_urlsafe(32)
    device = CheckinDevice(event_id=event.id, name=name.strip()[:100], token_hash=_token_hash(token),
                           created_by_user_id=getattr(by, "id", None))
    if event.ends_at + DEVICE_GRACE <= utcnow():
        # Made on purpose after the event (to record late scans in practice, say): it works as if renewed.
        device.renewed_until = utcnow() + DEVICE_RENEWAL
    db.session.add(device)
    db.session.commit()
    return device, token


def devices_of(event: Event) -> list[CheckinDevice]:
    return list(db.session.scalars(select(CheckinDevice).where(CheckinDevice.event_id == event.id)
                                   .order_by(CheckinDevice.created_at)))


def revoke_device(device: CheckinDevice) -> None:
    if device.revoked_at is None:
        device.revoked_at = utcnow()
        db.session.commit()


def expires_at(device: CheckinDevice) -> datetime:
    """When the device's token stops working: DEVICE_GRACE after the event ends, or later if renewed."""
    ends = db.session.get(Event, device.event_id).ends_at + DEVICE_GRACE
    return max(ends, device.renewed_until) if device.renewed_until else ends


def is_expired(device: CheckinDevice) -> bool:
    return expires_at(device) <= utcnow()


def renew_device(device: CheckinDevice) -> None:
    """Let an expired (or soon expiring) token work DEVICE_RENEWAL from now. Commits."""
    device.renewed_until = utcnow() + DEVICE_RENEWAL
    db.session.commit()


def find_device(token: str) -> tuple[CheckinDevice | None, str | None]:
    """The device holding `token` and, if it may not be used, why: "unknown", "revoked" or "expired"."""
    if not token or len(token) > 100 or not token.isascii():
        return None, "unknown"
    device = db.session.scalars(select(CheckinDevice).where(CheckinDevice.token_hash == _token_hash(token))).first()
    if device is None:
        return None, "unknown"
    if device.revoked_at is not None:
        return device, "revoked"
    if is_expired(device):
        return device, "expired"
    return device, None


def device_for(token: str) -> CheckinDevice | None:
    """The device holding `token`, unless it was revoked or expired."""
    device, problem = find_device(token)
    return None if problem else device
