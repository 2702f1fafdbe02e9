"""An event's places: the lock every change takes, how many are taken, and the quotas that hold some back.

Every change to an event's registrations, and to the seats of its sessions, first takes that event's
registration lock (an UPDATE of its settings row): on PostgreSQL a row lock, on SQLite the database's
write lock. Competing registrations for the same event or session therefore count the places one
after the other, and nothing is ever overbooked, however many workers submit at once.

A participant category may have its own place limit (registration.categories): nobody takes a place in
a full category, whatever the event's own limit says.

A quota holds a share of the places for one stakeholder group, one UNESCO region or the Global South
until its release date. Someone outside the quota can take a place only if enough free places remain
for what every quota they are not part of still holds.

In a hybrid event (events.models.HYBRID) each way of taking part has its own places: in-person
registrations count against `capacity` (the room's places), online ones against `online_capacity` (None:
no limit), and each has its own waiting list, in the order people joined it: a place freed online is
offered to the first person waiting online, never to someone waiting for the room. Quotas and category
limits share out the room's places only: online places are limited by their number alone. In an
in-person or online event every registration counts against `capacity`, whatever its participation.
"""
from datetime import datetime

from sqlalchemy import func, select, true, update

from core.extensions import db
from core.models import utcnow
from core.regions import COUNTRY_REGION, GLOBAL_SOUTH, UNESCO_REGIONS, region_of
from core.vocabularies import STAKEHOLDER_GROUPS
from events.models import HYBRID, IN_PERSON, ONLINE, Event
from registration.categories import ParticipantCategory
from registration.models import (GLOBAL_SOUTH as GLOBAL_SOUTH_QUOTA, GROUP, HOLDING_A_PLACE, QUOTA_CRITERIA, REGION,
                                 Quota, Registration, RegistrationSettings)


def lock(event_id: int) -> RegistrationSettings:
    """Take the event's registration lock for the rest of the transaction, and return its settings."""
    db.session.execute(update(RegistrationSettings).where(RegistrationSettings.event_id == event_id)
                       .values(changes=RegistrationSettings.changes + 1))
    return db.session.scalars(select(RegistrationSettings).where(RegistrationSettings.event_id == event_id)
                              .execution_options(populate_existing=True)).one()


def places_taken(event_id: int, participation: str | None = None) -> int:
    """Places held at the event; with `participation`, only by the people who take part that way."""
    statement = select(func.count()).select_from(Registration).where(
        Registration.event_id == event_id, Registration.status.in_(HOLDING_A_PLACE))
    if participation == ONLINE:
        statement = statement.where(Registration.participation == ONLINE)
    elif participation == IN_PERSON:
        statement = statement.where(Registration.participation != ONLINE)
    return db.session.scalar(statement)


def is_hybrid(event_id: int) -> bool:
    return db.session.scalar(select(Event.attendance_mode).where(Event.id == event_id)) == HYBRID


def counts_online(event_is_hybrid: bool, registration: Registration) -> bool:
    """Whether the person takes an online place (only a hybrid event has online places apart)."""
    return event_is_hybrid and registration.participation == ONLINE


class PublicPlaces:
    """What the public pages say of an event's places: full or not, and how many are left if the
    organisers chose to show it (quotas aside: places they hold still count as left). For a hybrid event,
    `capacity` and `taken` are the room's, `online_capacity` and `online_taken` the online places'."""

    def __init__(self, capacity: int | None, taken: int, show_left: bool, is_taking: bool = True,
                 is_hybrid: bool = False, online_capacity: int | None = None, online_taken: int = 0):
        self.capacity, self.taken, self.show_left = capacity, taken, show_left
        #: Registration is open now (not closed, not yet to open, not turned off).
        self.is_taking = is_taking
        self.is_hybrid, self.online_capacity, self.online_taken = is_hybrid, online_capacity, online_taken

    @property
    def is_room_full(self) -> bool:
        return self.capacity is not None and self.taken >= self.capacity

    @property
    def is_online_full(self) -> bool:
        return self.is_hybrid and self.online_capacity is not None and self.online_taken >= self.online_capacity

    @property
    def is_full(self) -> bool:
        """No place left at all (in a hybrid event: neither in the room nor online)."""
        return self.is_room_full and (not self.is_hybrid or self.is_online_full)

    def is_full_for(self, participation: str) -> bool:
        return self.is_online_full if self.is_hybrid and participation == ONLINE else self.is_room_full

    @property
    def left(self) -> int | None:
        """Places left to announce (in the room, for a hybrid event), or None when the page does not say."""
        if self.capacity is None or not self.show_left:
            return None
        return max(0, self.capacity - self.taken)

    @property
    def online_left(self) -> int | None:
        """Online places left to announce, or None when the page does not say (or they have no limit)."""
        if not self.is_hybrid or self.online_capacity is None or not self.show_left:
            return None
        return max(0, self.online_capacity - self.online_taken)

    def left_for(self, participation: str) -> int | None:
        return self.online_left if self.is_hybrid and participation == ONLINE else self.left


def public_places_of(settings: RegistrationSettings, now: datetime | None = None) -> PublicPlaces:
    return public_places([settings.event_id], now)[settings.event_id]


def public_places(event_ids, now: datetime | None = None) -> dict[int, PublicPlaces]:
    """Each event's PublicPlaces, for a whole list of events in one query (events without settings left out)."""
    now = now or utcnow()
    taken = (select(func.count()).where(Registration.event_id == RegistrationSettings.event_id,
                                        Registration.status.in_(HOLDING_A_PLACE))
             .correlate(RegistrationSettings).scalar_subquery())
    online = (select(func.count()).where(Registration.event_id == RegistrationSettings.event_id,
                                         Registration.status.in_(HOLDING_A_PLACE), Registration.participation == ONLINE)
              .correlate(RegistrationSettings).scalar_subquery())
    rows = db.session.execute(select(RegistrationSettings.event_id, RegistrationSettings.capacity,
                                     RegistrationSettings.show_places_left, taken, RegistrationSettings.is_open,
                                     RegistrationSettings.opens_at, RegistrationSettings.closes_at,
                                     Event.attendance_mode, RegistrationSettings.online_capacity, online)
                              .join(Event, Event.id == RegistrationSettings.event_id)
                              .where(RegistrationSettings.event_id.in_(set(event_ids)))).all()
    places = {}
    for event_id, capacity, show, count, is_open, opens_at, closes_at, mode, online_capacity, online_count in rows:
        hybrid = mode == HYBRID
        places[event_id] = PublicPlaces(
            capacity, count - online_count if hybrid else count, bool(show),
            bool(is_open) and not (opens_at and now < opens_at) and not (closes_at and now >= closes_at),
            is_hybrid=hybrid, online_capacity=online_capacity if hybrid else None,
            online_taken=online_count if hybrid else 0)
    return places


def changes_version(event_id: int | None) -> int:
    """Raised by every change to the event's registrations (None: to any event's), for the pages
    remembered for visitors that say whether an event is full (core.signals.public_page_version)."""
    if event_id is None:
        return db.session.scalar(select(func.coalesce(func.sum(RegistrationSettings.changes), 0)))
    return db.session.scalar(select(RegistrationSettings.changes).where(RegistrationSettings.event_id == event_id)) or 0


def matches(quota: Quota, registration: Registration) -> bool:
    if quota.criterion == GROUP:
        return registration.stakeholder_group == quota.value
    if quota.criterion == REGION:
        return region_of(registration.country) == quota.value
    return bool(registration.country) and registration.country in GLOBAL_SOUTH


def _condition(quota: Quota):
    """The same test as `matches`, in SQL."""
    if quota.criterion == GROUP:
        return Registration.stakeholder_group == quota.value
    if quota.criterion == REGION:
        return Registration.country.in_([code for code, region in COUNTRY_REGION.items() if region == quota.value])
    return Registration.country.in_(sorted(GLOBAL_SOUTH))


def quotas_of(event_id: int) -> list[Quota]:
    return db.session.scalars(select(Quota).where(Quota.event_id == event_id).order_by(Quota.id)
                              .execution_options(populate_existing=True)).all()


def is_active(quota: Quota, settings: RegistrationSettings, now: datetime) -> bool:
    """A quota holds places until its release date, or until registration closes if it has none."""
    until = quota.releases_at or settings.closes_at
    return until is None or now < until


def quota_places(quota: Quota, capacity: int | None) -> int:
    return (capacity or 0) * quota.percent // 100


class Places:
    """The event's places as they stand under the lock; `take` keeps the count as places are given."""

    def __init__(self, settings: RegistrationSettings, now: datetime | None = None):
        now = now or utcnow()
        self.capacity = settings.capacity
        #: In a hybrid event, the counts below are the room's, and the online places are counted apart.
        self.is_hybrid = is_hybrid(settings.event_id)
        in_room = Registration.participation != ONLINE if self.is_hybrid else true()
        self.taken = places_taken(settings.event_id, IN_PERSON if self.is_hybrid else None)
        self.online_capacity = settings.online_capacity if self.is_hybrid else None
        self.online_taken = places_taken(settings.event_id, ONLINE) if self.is_hybrid else 0
        self.quotas = []
        if self.capacity is not None:
            for quota in quotas_of(settings.event_id):
                if is_active(quota, settings, now):
                    filled = db.session.scalar(select(func.count()).select_from(Registration).where(
                        Registration.event_id == settings.event_id, Registration.status.in_(HOLDING_A_PLACE),
                        _condition(quota), in_room))
                    self.quotas.append([quota, quota_places(quota, self.capacity), filled])
        #: {category id: [its places, places taken in it]} for the event's categories with a limit.
        self.categories = {}
        limits = dict(db.session.execute(select(ParticipantCategory.id, ParticipantCategory.capacity).where(
            ParticipantCategory.event_id == settings.event_id, ParticipantCategory.capacity.is_not(None))).all())
        if limits:
            filled = dict(db.session.execute(
                select(Registration.category_id, func.count()).where(
                    Registration.event_id == settings.event_id, Registration.status.in_(HOLDING_A_PLACE),
                    Registration.category_id.in_(limits), in_room).group_by(Registration.category_id)).all())
            self.categories = {category_id: [limit, filled.get(category_id, 0)] for category_id, limit in limits.items()}

    @property
    def free(self) -> int | None:
        """Places free (in the room, for a hybrid event); None: no limit."""
        return None if self.capacity is None else self.capacity - self.taken

    @property
    def free_online(self) -> int | None:
        """A hybrid event's online places free; None: no limit (or not a hybrid event)."""
        return None if self.online_capacity is None else self.online_capacity - self.online_taken

    def free_for(self, registration: Registration) -> int | None:
        return self.free_online if self.is_online(registration) else self.free

    @property
    def any_free(self) -> bool:
        """Whether anyone at all could still be given a place (in the room or, hybrid, online)."""
        if self.free is None or self.free > 0:
            return True
        return self.is_hybrid and (self.free_online is None or self.free_online > 0)

    def is_online(self, registration: Registration) -> bool:
        return counts_online(self.is_hybrid, registration)

    def held_against(self, registration: Registration) -> int:
        """Free places this person may not take: what the quotas they are not part of still hold."""
        if self.is_online(registration):
            return 0  # quotas share out the room's places only
        return sum(max(0, held - filled) for quota, held, filled in self.quotas if not matches(quota, registration))

    def room_for(self, registration: Registration) -> bool:
        if self.is_online(registration):
            return self.online_capacity is None or self.online_taken < self.online_capacity
        category = self.categories.get(registration.category_id)
        if category is not None and category[1] >= category[0]:
            return False
        return self.capacity is None or self.taken + self.held_against(registration) < self.capacity

    @property
    def is_selective(self) -> bool:
        """Whether the first people waiting may not be the ones who fit (quotas, category limits, or the two
        waiting lists of a hybrid event)."""
        return bool(self.quotas or self.categories or self.is_hybrid)

    def give_back(self, registration: Registration) -> None:
        """Count as if this person (who holds a place) did not: to ask whether they would fit otherwise."""
        if self.is_online(registration):
            self.online_taken -= 1
            return
        self.taken -= 1
        if registration.category_id in self.categories:
            self.categories[registration.category_id][1] -= 1
        for entry in self.quotas:
            if matches(entry[0], registration):
                entry[2] -= 1

    def take(self, registration: Registration) -> None:
        if self.is_online(registration):
            self.online_taken += 1
            return
        self.taken += 1
        if registration.category_id in self.categories:
            self.categories[registration.category_id][1] += 1
        for entry in self.quotas:
            if matches(entry[0], registration):
                entry[2] += 1


def overview(settings: RegistrationSettings, now: datetime | None = None) -> list[dict]:
    """Each quota with the places it holds, how many of them are taken, and whether it still holds them."""
    now = now or utcnow()
    count = Places(settings, now)
    active = {entry[0].id: entry for entry in count.quotas}
    return [{"quota": quota, "places": quota_places(quota, settings.capacity),
             "filled": active[quota.id][2] if quota.id in active else None, "is_active": quota.id in active}
            for quota in quotas_of(settings.event_id)]


def releases_due(event_id: int, settings: RegistrationSettings, now: datetime) -> list[Quota]:
    """Quotas whose places became open to everyone and were not yet offered on: marked done now."""
    due = [quota for quota in quotas_of(event_id)
           if quota.released_at is None and not is_active(quota, settings, now)]
    for quota in due:
        quota.released_at = now
    return due


def events_with_releases_due(now: datetime) -> list[int]:
    """Events with a quota to release: its date has come, or (without one) registration has closed."""
    return db.session.scalars(
        select(Quota.event_id).join(RegistrationSettings, RegistrationSettings.event_id == Quota.event_id)
        .where(Quota.released_at.is_(None),
               (Quota.releases_at <= now) | (Quota.releases_at.is_(None) & (RegistrationSettings.closes_at <= now)))
        .distinct()).all()


def quota_label(quota: Quota) -> str:
    if quota.criterion == GROUP:
        return str(STAKEHOLDER_GROUPS.get(quota.value, quota.value))
    if quota.criterion == REGION:
        return str(UNESCO_REGIONS.get(quota.value, quota.value))
    return str(QUOTA_CRITERIA[GLOBAL_SOUTH_QUOTA])
