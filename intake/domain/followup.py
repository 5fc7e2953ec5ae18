"""Follow-up check-ins: response, remission, early warning and relapse, and schedules.

After the intake self-assessment (its PHQ-9 total is the baseline) a patient
answers periodic check-ins (PHQ-9, and GAD-7 for the chart). These functions
read a series of check-ins against the baseline. They only describe the scores;
what staff do about a signal is decided elsewhere.

The rules and where they come from:

- Response: a follow-up PHQ-9 total at least 50% below the baseline, that is
  ``score <= baseline / 2``, computed in integers as ``2 * score <= baseline``
  so that an odd baseline never meets a float rounding surprise. "Response
  (>=50% reduction in PHQ-9 score), remission (PHQ-9 score <5)": Psychiatric
  Services, "Defining Success in Measurement-Based Care for Depression: A
  Comparison of Common Metrics", doi:10.1176/appi.ps.201900295. ICSI's
  depression guideline defines response the same way (a 50% or greater
  reduction on a standardised rating scale).
- Remission: a follow-up PHQ-9 total below 5 (0-4), the same two sources; ICSI
  attributes the PHQ-9 translation of remission to Kroenke 2001.
- Relapse threshold 10: Kroenke K, Spitzer RL, Williams JB. "The PHQ-9:
  validity of a brief depression severity measure", J Gen Intern Med
  2001;16(9):606-613. Scores of 5, 10, 15 and 20 mark mild, moderate,
  moderately severe and severe depression, and 10 or more had 88% sensitivity
  and 88% specificity for major depression.
- Minimal important change 5: Löwe B, Unützer J, Callahan CM, Perkins AJ,
  Kroenke K. "Monitoring depression treatment outcomes with the Patient Health
  Questionnaire-9", Med Care 2004;42(12):1194-1201. The minimal clinically
  important difference for individual change, estimated as two standard errors
  of measurement, was 5 points on the 0-27 scale.

The early-warning and relapse signals combine those numbers; they are this
clinic's rules, not a published instrument:

- EARLY_WARNING: once a follow-up has reached response, a later follow-up that
  is 5 or more above the lowest earlier follow-up score, or that is back above
  half of the baseline (``2 * score > baseline``).
- POSSIBLE_RELAPSE: once a follow-up has reached remission, a later follow-up
  of 10 or more. It is the stronger signal, but it does not replace the early
  warning: each check-in carries a frozenset of every signal it meets, so a
  check-in can carry both, and the caller shows the strongest (see
  ``CheckIn.strongest``). Relapse does not need a prior response: a baseline of
  6 followed by a 4 is a remission without being a 50% reduction.

Decisions the sources leave open:

- Only follow-up readings count: a baseline below 5 is not itself a remission.
- A baseline of 0 cannot respond, because there is nothing to reduce; from a
  baseline of 1, a follow-up of 0 is a response, and a later 1 is back above
  half of the baseline. The sources studied people who started at 10 or more;
  these functions apply the rules as written at every baseline and leave it to
  the caller to decide what to show for a low baseline.
- Readings may be given in any order and are put in date order; two readings
  on the same day are rejected, because which one came "later" is unknown.
- Monthly schedules use calendar months counted from the start date, and a day
  that the month lacks becomes that month's last day (a start on 31 January is
  followed by 28 or 29 February, then 31 March).
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import pairwise

PHQ9_MAX = 27
GAD7_MAX = 21
REMISSION_BELOW = 5
MINIMAL_IMPORTANT_CHANGE = 5
RELAPSE_AT = 10
CUSTOM_INTERVAL_DAYS = range(1, 91)


class Signal(StrEnum):
    EARLY_WARNING = "early_warning"
    POSSIBLE_RELAPSE = "possible_relapse"


# Strongest first: the order in which a check-in's signals are shown.
SIGNAL_STRENGTH = (Signal.POSSIBLE_RELAPSE, Signal.EARLY_WARNING)


def _check_total(name: str, value: object, maximum: int) -> None:
    # bool is an int in Python; True is not a score.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be a whole number, not {type(value).__name__}")
    if not 0 <= value <= maximum:
        raise ValueError(f"{name} is {value}, outside 0..{maximum}")


@dataclass(frozen=True)
class Reading:
    """One completed check-in: its date and totals (GAD-7 is charted, not ruled on)."""

    on: date
    phq9: int
    gad7: int | None = None

    def __post_init__(self) -> None:
        _check_total("PHQ-9 total", self.phq9, PHQ9_MAX)
        if self.gad7 is not None:
            _check_total("GAD-7 total", self.gad7, GAD7_MAX)


@dataclass(frozen=True)
class CheckIn:
    """A reading read against the baseline and the readings before it."""

    reading: Reading
    responded: bool
    remitted: bool
    responded_ever: bool
    remitted_ever: bool
    signals: frozenset[Signal]

    @property
    def on(self) -> date:
        return self.reading.on

    @property
    def phq9(self) -> int:
        return self.reading.phq9

    @property
    def strongest(self) -> Signal | None:
        """The one signal to show first, or None when there is none."""
        for signal in SIGNAL_STRENGTH:
            if signal in self.signals:
                return signal
        return None


@dataclass(frozen=True)
class Course:
    """The whole follow-up so far, one CheckIn per reading in date order."""

    baseline: int
    checkins: tuple[CheckIn, ...]

    @property
    def first_response(self) -> CheckIn | None:
        return next((c for c in self.checkins if c.responded), None)

    @property
    def first_remission(self) -> CheckIn | None:
        return next((c for c in self.checkins if c.remitted), None)

    @property
    def first_warning(self) -> CheckIn | None:
        """The first check-in with any signal (early warning or possible relapse)."""
        return next((c for c in self.checkins if c.signals), None)

    @property
    def lowest(self) -> int | None:
        """The lowest follow-up PHQ-9 total, or None before the first check-in."""
        return min((c.phq9 for c in self.checkins), default=None)


def is_response(baseline: int, score: int) -> bool:
    """At least 50% below the baseline; a baseline of 0 has nothing to reduce."""
    return score < baseline and 2 * score <= baseline


def is_remission(score: int) -> bool:
    return score < REMISSION_BELOW


def response_line(baseline: int) -> float:
    """The PHQ-9 value at half of the baseline, for the chart's reference line.

    Half of a whole number is exact in binary floating point, so the line sits
    exactly where the response rule draws it (8.5 for a baseline of 17).
    """
    _check_total("baseline PHQ-9 total", baseline, PHQ9_MAX)
    return baseline / 2


def _in_date_order(readings: Sequence[Reading]) -> list[Reading]:
    ordered = sorted(readings, key=lambda reading: reading.on)
    for earlier, later in pairwise(ordered):
        if earlier.on == later.on:
            raise ValueError(
                f"two check-ins on {later.on.isoformat()}: "
                "which one came later is unknown"
            )
    return ordered


def _signals(
    score: int, baseline: int, lowest_before: int, responded: bool, remitted: bool
) -> frozenset[Signal]:
    signals: set[Signal] = set()
    if responded and (
        score - lowest_before >= MINIMAL_IMPORTANT_CHANGE or 2 * score > baseline
    ):
        signals.add(Signal.EARLY_WARNING)
    if remitted and score >= RELAPSE_AT:
        signals.add(Signal.POSSIBLE_RELAPSE)
    return frozenset(signals)


def course(baseline: int, readings: Sequence[Reading]) -> Course:
    """Read the follow-up readings, in date order, against the baseline.

    A signal needs a response (or remission) at an earlier reading, never the
    same one, so the reading that reaches response carries no warning.
    """
    _check_total("baseline PHQ-9 total", baseline, PHQ9_MAX)
    checkins: list[CheckIn] = []
    responded_ever = remitted_ever = False
    lowest_before: int | None = None
    for reading in _in_date_order(readings):
        score = reading.phq9
        signals = (
            frozenset()
            if lowest_before is None
            else _signals(score, baseline, lowest_before, responded_ever, remitted_ever)
        )
        responded = is_response(baseline, score)
        remitted = is_remission(score)
        responded_ever = responded_ever or responded
        remitted_ever = remitted_ever or remitted
        checkins.append(
            CheckIn(
                reading=reading,
                responded=responded,
                remitted=remitted,
                responded_ever=responded_ever,
                remitted_ever=remitted_ever,
                signals=signals,
            )
        )
        lowest_before = score if lowest_before is None else min(lowest_before, score)
    return Course(baseline=baseline, checkins=tuple(checkins))


def change_sentence(baseline: int, latest: int) -> str:
    """One plain sentence comparing the latest PHQ-9 total with the baseline.

    The percentage is of the baseline, rounded to the nearest whole number with
    halves rounded up (12.5% reads 13%), in integers. From a baseline of 0 a
    percentage means nothing, so the sentence counts points instead.
    """
    _check_total("baseline PHQ-9 total", baseline, PHQ9_MAX)
    _check_total("latest PHQ-9 total", latest, PHQ9_MAX)
    start = f"{baseline} at the start, {latest} now"
    if latest == baseline:
        return f"{start}: the same as at the start."
    direction = "lower" if latest < baseline else "higher"
    difference = abs(latest - baseline)
    if baseline == 0:
        points = "point" if difference == 1 else "points"
        return f"{start}: {difference} {points} {direction}."
    # round(100 * difference / baseline) with halves up, without floats.
    percent = (200 * difference + baseline) // (2 * baseline)
    return f"{start}: {percent}% {direction}."


def response_duration_days(
    series_end: date | None, first_warning_on: date | None
) -> int | None:
    """Days from the end of the induction series to the first early warning.

    None when either date is missing, or when the warning came before the
    series ended: that is not a duration of response.
    """
    if series_end is None or first_warning_on is None:
        return None
    if first_warning_on < series_end:
        return None
    return (first_warning_on - series_end).days


class Preset(StrEnum):
    WEEKLY_12_WEEKS = "weekly_12_weeks"
    FORTNIGHTLY_6_MONTHS = "fortnightly_6_months"
    MONTHLY_12_MONTHS = "monthly_12_months"
    CUSTOM = "custom"


@dataclass(frozen=True)
class Schedule:
    """Check-ins every `interval_days` days, or every `interval_months` months.

    Exactly one of the two intervals is set. Custom schedules are in days;
    calendar months come only from the monthly preset.
    """

    ends_on: date
    interval_days: int | None = None
    interval_months: int | None = None

    def __post_init__(self) -> None:
        if (self.interval_days is None) == (self.interval_months is None):
            raise ValueError("a schedule needs an interval in days or in months")
        if self.interval_days is not None and (
            self.interval_days not in CUSTOM_INTERVAL_DAYS
        ):
            raise ValueError(
                f"check-ins must be 1 to 90 days apart, not {self.interval_days}"
            )
        if self.interval_months is not None and self.interval_months not in (1, 2, 3):
            raise ValueError(
                f"check-ins must be 1 to 3 months apart, not {self.interval_months}"
            )


def add_months(start: date, months: int) -> date:
    """The same day `months` calendar months later, or that month's last day."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last_day))


def _check_ends_after(start: date, ends_on: date) -> None:
    if ends_on <= start:
        raise ValueError(
            f"the last check-in date ({ends_on.isoformat()}) must be after "
            f"the start ({start.isoformat()})"
        )


# The longest custom schedule: two years (the presets run a year at most), so a
# mistyped end date cannot plan thousands of check-ins.
MAX_CUSTOM_DAYS = 731


def custom_schedule(start: date, interval_days: int, ends_on: date) -> Schedule:
    """A schedule chosen by staff: 1 to 90 days apart, ending after the start
    and within two years of it."""
    _check_ends_after(start, ends_on)
    if (ends_on - start).days > MAX_CUSTOM_DAYS:
        raise ValueError(
            f"the last check-in date ({ends_on.isoformat()}) must be within two "
            f"years of the start ({start.isoformat()})"
        )
    return Schedule(ends_on=ends_on, interval_days=interval_days)


def preset_schedule(preset: Preset, start: date) -> Schedule:
    match preset:
        case Preset.WEEKLY_12_WEEKS:
            return Schedule(ends_on=start + timedelta(weeks=12), interval_days=7)
        case Preset.FORTNIGHTLY_6_MONTHS:
            return Schedule(ends_on=add_months(start, 6), interval_days=14)
        case Preset.MONTHLY_12_MONTHS:
            return Schedule(ends_on=add_months(start, 12), interval_months=1)
        case Preset.CUSTOM:
            raise ValueError(
                "a custom schedule needs its own interval and end date "
                "(use custom_schedule)"
            )
    raise ValueError(f"unknown schedule preset: {preset}")


def due_dates(start: date, schedule: Schedule) -> list[date]:
    """Every check-in date: the first one interval after the start, the last on
    or before `ends_on`. Monthly dates are counted from the start, not from the
    previous date, so a start on the 31st does not drift to the 28th."""
    _check_ends_after(start, schedule.ends_on)
    dates: list[date] = []
    step = 1
    while (due := _nth_due(start, schedule, step)) <= schedule.ends_on:
        dates.append(due)
        step += 1
    return dates


def _nth_due(start: date, schedule: Schedule, n: int) -> date:
    if schedule.interval_days is not None:
        return start + timedelta(days=n * schedule.interval_days)
    if schedule.interval_months is not None:
        return add_months(start, n * schedule.interval_months)
    raise ValueError("a schedule needs an interval in days or in months")
