"""The clinic's review hours, and the escalation clock that only runs inside them.

A flagged assessment must be looked at within so many minutes *of review
hours*: a flag raised on Saturday starts its clock on Monday morning. The hours
are one setting string, for example "mon-fri 09:00-17:00 America/Los_Angeles"
or "mon,wed,fri 08:30-16:00 Europe/London".

All arithmetic is done on UTC instants. Opening and closing are wall-clock
times in the clinic's zone, so on a daylight-saving change day 09:00-17:00 is
still eight real hours, while a window that spans the change is as long as the
clock on the wall says it really was. A wall-clock time that does not exist (in
the spring gap) or exists twice (in the autumn overlap) is read as Python's
zoneinfo reads it with fold=0: by the offset in force before the change.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_SETTING = re.compile(
    r"^\s*(?P<days>\S+)\s+(?P<open>\d{2}:\d{2})-(?P<close>\d{2}:\d{2})\s+(?P<zone>\S+)\s*$"
)

# Every setting opens at least once a week; a fortnight without a window means
# the zone rules ate it, and looping on would never end.
_SEARCH_DAYS = 14


@dataclass(frozen=True)
class ReviewHours:
    """Weekdays (0 = Monday) with the same opening and closing wall-clock times."""

    weekdays: frozenset[int]
    opens: time
    closes: time
    zone: ZoneInfo

    @classmethod
    def parse(cls, setting: str) -> ReviewHours:
        """Read a setting like "mon-fri 09:00-17:00 America/Los_Angeles"."""
        match = _SETTING.match(setting)
        if match is None:
            raise ValueError(
                f"review hours {setting!r} should look like "
                '"mon-fri 09:00-17:00 America/Los_Angeles"'
            )
        opens = _parse_time(match["open"])
        closes = _parse_time(match["close"])
        if closes <= opens:
            raise ValueError(
                f"review hours must close after they open on the same day, "
                f"not {match['open']}-{match['close']}"
            )
        days = _parse_days(match["days"])
        return cls(days, opens, closes, _parse_zone(match["zone"]))

    def is_open(self, at: datetime) -> bool:
        """Whether `at` falls inside review hours (opening included, closing not)."""
        instant = _utc(at)
        window = self._window_on(instant.astimezone(self.zone).date())
        return window is not None and window[0] <= instant < window[1]

    def next_opening(self, at: datetime) -> datetime:
        """`at` itself if open, otherwise the next opening in the clinic's zone."""
        if self.is_open(at):
            return at
        opens, _ = next(self._windows_from(_utc(at)))
        return opens.astimezone(self.zone)

    def add_review_minutes(self, start: datetime, minutes: int) -> datetime:
        """The moment `minutes` minutes inside review hours have passed since start.

        Outside hours the clock starts at the next opening. Landing exactly on
        a closing time returns that closing time, not the next opening: the
        minutes have passed by then. The result is in the clinic's zone.
        """
        if minutes < 0:
            raise ValueError(f"minutes must be zero or more, not {minutes}")
        remaining = timedelta(minutes=minutes)
        cursor = _utc(start)
        for opens, closes in self._windows_from(cursor):
            begin = max(opens, cursor)
            if remaining <= closes - begin:
                return (begin + remaining).astimezone(self.zone)
            remaining -= closes - begin
        raise AssertionError("unreachable: the windows never run out")

    def review_minutes_between(self, start: datetime, end: datetime) -> int:
        """Whole minutes inside review hours from start to end (0 if end <= start)."""
        begin, finish = _utc(start), _utc(end)
        if finish <= begin:
            return 0
        inside = timedelta()
        for opens, closes in self._windows_from(begin):
            if opens >= finish:
                break
            inside += min(closes, finish) - max(opens, begin)
        return inside // timedelta(minutes=1)

    def _windows_from(self, at: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Every window, as UTC instants, that has not closed by `at`, in order."""
        day = at.astimezone(self.zone).date()
        days_without = 0
        while days_without < _SEARCH_DAYS:
            window = self._window_on(day)
            day += timedelta(days=1)
            if window is None:
                days_without += 1
                continue
            days_without = 0
            if window[1] > at:
                yield window
        raise RuntimeError(f"review hours {self} never open")

    def _window_on(self, day: date) -> tuple[datetime, datetime] | None:
        if day.weekday() not in self.weekdays:
            return None
        opens = datetime.combine(day, self.opens, self.zone).astimezone(UTC)
        closes = datetime.combine(day, self.closes, self.zone).astimezone(UTC)
        # Only possible when both ends fall in a daylight-saving gap.
        return (opens, closes) if opens < closes else None


def escalations_due(
    flagged_at: datetime,
    first_viewed_at: datetime | None,
    now: datetime,
    hours: ReviewHours,
    thresholds: Sequence[int],
) -> list[int]:
    """The thresholds (review-hour minutes after the flag) that are due now.

    A threshold is due once its deadline has come (deadline <= now) unless
    staff first viewed the assessment by then (first_viewed_at <= deadline).
    A view after the deadline does not undo an escalation that was already
    due: it happened, and the dashboard should say so. Returned ascending,
    each threshold once.
    """
    now = _utc(now)
    viewed = None if first_viewed_at is None else _utc(first_viewed_at)
    due = set()
    for threshold in thresholds:
        deadline = hours.add_review_minutes(flagged_at, threshold)
        if deadline <= now and (viewed is None or viewed > deadline):
            due.add(threshold)
    return sorted(due)


def format_wait(delta: timedelta) -> str:
    """A wait for the dashboard: "under 1 min", "12 min", "2 h 10 min", "3 d 4 h".

    Rounded down, so a wait never reads longer than it was; with days, minutes
    are left out, and a zero part is not shown ("2 h", "3 d"). A negative
    wait (clocks a little apart) reads as "under 1 min".
    """
    minutes = max(delta, timedelta()) // timedelta(minutes=1)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        parts = [f"{days} d", f"{hours} h" if hours else ""]
    elif hours:
        parts = [f"{hours} h", f"{minutes} min" if minutes else ""]
    elif minutes:
        parts = [f"{minutes} min"]
    else:
        return "under 1 min"
    return " ".join(part for part in parts if part)


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th quantile (0..1) by linear interpolation, as PostgreSQL's
    percentile_cont computes it, so the dashboard can check its SQL. None for
    no values, as the SQL aggregate gives NULL."""
    if not 0 <= q <= 1:
        raise ValueError(f"q must be between 0 and 1, not {q}")
    if any(math.isnan(v) for v in values):
        raise ValueError("values must not contain NaN")
    if not values:
        return None
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    below = math.floor(position)
    above = math.ceil(position)
    low, high = ordered[below], ordered[above]
    return float(low + (high - low) * (position - below))


def _utc(at: datetime) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"{at.isoformat()} has no time zone; pass an aware datetime")
    return at.astimezone(UTC)


def _parse_days(text: str) -> frozenset[int]:
    days: set[int] = set()
    for part in text.lower().split(","):
        first, dash, last = part.partition("-")
        start = _day_index(first)
        end = _day_index(last) if dash else start
        if end < start:
            raise ValueError(f"write day ranges from mon to sun, not {part!r}")
        days.update(range(start, end + 1))
    return frozenset(days)


def _day_index(name: str) -> int:
    try:
        return DAYS.index(name)
    except ValueError:
        raise ValueError(f"{name!r} is not a day; use {', '.join(DAYS)}") from None


def _parse_time(text: str) -> time:
    hour, minute = (int(part) for part in text.split(":"))
    if hour > 23 or minute > 59:
        raise ValueError(f"{text!r} is not a time of day (00:00 to 23:59)")
    return time(hour, minute)


def _parse_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{name!r} is not a time zone name") from None
