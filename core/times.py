"""Local wall-clock times <-> UTC, honest about daylight-saving gaps.

People type times as they read them on the venue's clocks; we store UTC. A time that the clocks skip
(02:30 on the night they go forward) does not exist and is refused rather than silently moved; one that
happens twice (02:30 on the night they go back) names two moments, and the person says which one.
"""
from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


class NonexistentTime(ValueError):
    """The wall-clock time falls in a daylight-saving gap of its zone."""


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {name!r}") from error


def is_time_zone(name: str | None) -> bool:
    return bool(name) and name in _zones()


_ZONES: set[str] | None = None


def _zones() -> set[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = available_timezones()
    return _ZONES


@lru_cache(maxsize=1)
def time_zone_names() -> list[str]:
    """The zones people choose from: Region/City names ("Etc/GMT+3" and the like confuse more than help)."""
    return sorted(name for name in _zones() if "/" in name and not name.startswith(("Etc/", "SystemV/")))


def readings(local: datetime, zone_name: str) -> list[datetime]:
    """The moments a wall-clock time names in `zone_name`, aware and in time order: none in the hour the
    clocks skip, two in the hour they repeat (going back), one otherwise."""
    tz = zone(zone_name)
    found = {}
    for fold in (0, 1):
        aware = local.replace(tzinfo=tz, fold=fold)
        instant = aware.astimezone(UTC)
        # Naive datetimes compare without their fold: this asks only whether the clocks ever show `local`.
        if instant.astimezone(tz).replace(tzinfo=None) == local.replace(tzinfo=None):
            found.setdefault(instant, aware)
    return [found[instant] for instant in sorted(found)]


def to_utc(local: datetime, zone_name: str) -> datetime:
    """A naive wall-clock time in `zone_name` as an aware UTC datetime.

    In the hour that repeats when clocks go back, `local.fold` says which reading: 0 (the default, and what
    a time read off the clocks before the change carries) the first, 1 the second. A form asks the person
    instead (core.time_fields).
    """
    found = readings(local, zone_name)
    if not found:
        raise NonexistentTime(f"{local:%Y-%m-%d %H:%M} does not exist in {zone_name}")
    return found[min(local.fold, len(found) - 1)].astimezone(UTC)


def skipped_hours(local: datetime, zone_name: str) -> tuple[datetime, datetime]:
    """For a time in a gap: the wall-clock times the clocks jump from and to (naive), such as 02:00 and 03:00."""
    tz = zone(zone_name)
    # Read with the offset after the change, `local` falls before it; with the offset before, after it.
    low = int(local.replace(tzinfo=tz, fold=1).timestamp())
    high = int(local.replace(tzinfo=tz, fold=0).timestamp())
    before = datetime.fromtimestamp(low, tz).utcoffset()
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, tz).utcoffset() == before:
            low = middle
        else:
            high = middle
    change = datetime.fromtimestamp(high, UTC)
    return ((change + before).replace(tzinfo=None),
            (change + datetime.fromtimestamp(high, tz).utcoffset()).replace(tzinfo=None))


def offset_name(moment: datetime) -> str:
    """How the clocks of an aware moment's zone are called then: "CEST, UTC+2", "IST, UTC+5:30", "UTC-3"."""
    minutes = int(moment.utcoffset().total_seconds()) // 60
    hours, rest = divmod(abs(minutes), 60)
    offset = f"UTC{'-' if minutes < 0 else '+'}{hours}" + (f":{rest:02d}" if rest else "")
    name = moment.tzname() or ""
    # Zones without an abbreviation call themselves "-03": the offset says it already.
    return offset if not name or name[0] in "+-" or name == "UTC" else f"{name}, {offset}"


def to_local(moment: datetime, zone_name: str) -> datetime:
    """An aware datetime as the wall-clock time of `zone_name` (aware)."""
    return moment.astimezone(zone(zone_name))


def machine_datetime(moment: datetime) -> str:
    """`moment` for a `<time datetime>` attribute: HTML allows at most three digits of a second, so none;
    a naive time is UTC, as stored."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="seconds")
