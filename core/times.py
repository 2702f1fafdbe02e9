"""Local wall-clock times <-> UTC, honest about daylight-saving gaps.

People type times as they read them on the venue's clocks; we store UTC. A time that the clocks skip
(02:30 on the night they go forward) does not exist and is refused rather than silently moved.
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


def to_utc(local: datetime, zone_name: str) -> datetime:
    """A naive wall-clock time in `zone_name` as an aware UTC datetime.

    In the hour that repeats when clocks go back, the first (summer-time) reading is taken.
    """
    tz = zone(zone_name)
    aware = local.replace(tzinfo=tz, fold=0)
    back = aware.astimezone(UTC).astimezone(tz)
    if back.replace(tzinfo=None) != local.replace(tzinfo=None):
        raise NonexistentTime(f"{local:%Y-%m-%d %H:%M} does not exist in {zone_name}")
    return aware.astimezone(UTC)


def to_local(moment: datetime, zone_name: str) -> datetime:
    """An aware datetime as the wall-clock time of `zone_name` (aware)."""
    return moment.astimezone(zone(zone_name))


def machine_datetime(moment: datetime) -> str:
    """`moment` for a `<time datetime>` attribute: HTML allows at most three digits of a second, so none;
    a naive time is UTC, as stored."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="seconds")
