"""Wall-clock times on the nights the clocks change: one moment, none, or two, and what each is called."""
from datetime import UTC, datetime

import pytest

from core.times import NonexistentTime, offset_name, readings, skipped_hours, to_utc


def test_a_time_the_clocks_show_twice_names_two_moments_and_the_fold_chooses():
    # The clocks go back in Paris at 03:00 CEST on 31 October 2027.
    first, second = readings(datetime(2027, 10, 31, 2, 30), "Europe/Paris")

    assert [first.astimezone(UTC).hour, second.astimezone(UTC).hour] == [0, 1]
    assert [offset_name(first), offset_name(second)] == ["CEST, UTC+2", "CET, UTC+1"]
    assert to_utc(datetime(2027, 10, 31, 2, 30), "Europe/Paris") == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert to_utc(datetime(2027, 10, 31, 2, 30, fold=1), "Europe/Paris") == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    assert len(readings(datetime(2027, 10, 31, 3, 0), "Europe/Paris")) == 1


def test_a_time_the_clocks_skip_names_no_moment_and_the_skipped_hour_is_known():
    assert readings(datetime(2027, 3, 28, 2, 30), "Europe/Paris") == []
    with pytest.raises(NonexistentTime):
        to_utc(datetime(2027, 3, 28, 2, 30), "Europe/Paris")
    assert skipped_hours(datetime(2027, 3, 28, 2, 30), "Europe/Paris") == (datetime(2027, 3, 28, 2),
                                                                           datetime(2027, 3, 28, 3))
    # Lord Howe Island moves its clocks by half an hour.
    assert skipped_hours(datetime(2027, 10, 3, 2, 10), "Australia/Lord_Howe") == (datetime(2027, 10, 3, 2),
                                                                                 datetime(2027, 10, 3, 2, 30))


def test_clocks_are_named_by_their_abbreviation_and_offset():
    def name(zone):
        return offset_name(readings(datetime(2027, 1, 15, 12), zone)[0])

    assert name("Asia/Kolkata") == "IST, UTC+5:30"
    assert name("America/Sao_Paulo") == "UTC-3"  # the zone has no abbreviation, only "-03"
    assert name("UTC") == "UTC+0"
