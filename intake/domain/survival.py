"""Kaplan-Meier estimate of time without an early warning after induction.

Each observation is one patient: the days from the end of their induction series
to their first early warning (event=True), or to the last time they were
followed without one (event=False, censored).

Conventions, the same as R's survival package and lifelines:

- At a time where events and censorings tie, the events come first: a patient
  censored on day t was still at risk on day t, so they count in the
  denominator of that day's events.
- S(t) is right-continuous: `survival_at(t)` includes the drop at t itself.
- After the last observation the estimate stays at its last value; it is not
  extrapolated (the number at risk there, zero, is how a chart says so).

The product is computed with exact fractions so that a curve landing exactly on
one half gives the textbook median rather than one shifted by rounding.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction


@dataclass(frozen=True)
class Step:
    """One row of the step table: the curve's drop at an event time.

    `censored` counts patients censored in [time, next event time): at this
    time (after its events) and before the next drop. They are the tick marks
    on the flat part of the curve that starts here.
    """

    time: float
    at_risk: int
    events: int
    censored: int
    survival: float


@dataclass(frozen=True)
class KaplanMeier:
    """The estimate: the step table plus what is needed to read it at any time."""

    steps: tuple[Step, ...]
    # Patients censored before the first event: they leave the risk set while
    # the curve is still at 1.
    censored_before_first_event: int
    # Every duration, sorted, so that numbers at risk can be read at any time.
    durations: tuple[float, ...]
    # Exact survival after each step, for the median.
    _exact: tuple[Fraction, ...] = field(repr=False)

    @property
    def n(self) -> int:
        """How many patients the estimate is built on."""
        return len(self.durations)

    @property
    def events(self) -> int:
        """How many patients had an early warning."""
        return sum(step.events for step in self.steps)

    def survival_at(self, t: float) -> float:
        """S(t): the estimated share still without a warning after t days.

        1.0 before the first event, and with no patients at all (the empty
        product); callers showing a curve should show `n` beside it.
        """
        index = self._last_step_at_or_before(t)
        return 1.0 if index < 0 else self.steps[index].survival

    def at_risk_at(self, t: float) -> int:
        """Patients still followed and without a warning just before time t.

        Those with a duration of at least t: the usual "number at risk" row
        printed under a survival chart.
        """
        return len(self.durations) - bisect.bisect_left(self.durations, t)

    def median(self) -> float | None:
        """The smallest time at which S(t) <= 0.5, or None if it never gets there."""
        for step, exact in zip(self.steps, self._exact, strict=True):
            if exact <= Fraction(1, 2):
                return step.time
        return None

    def _last_step_at_or_before(self, t: float) -> int:
        times = [step.time for step in self.steps]
        return bisect.bisect_right(times, t) - 1


def kaplan_meier(observations: Iterable[tuple[float, bool]]) -> KaplanMeier:
    """Fit the product-limit estimate to (duration_days, event) pairs.

    Raises ValueError on a negative, infinite or missing duration, or an event
    flag that is not a bool (a 0/1 from a spreadsheet is an easy mistake to
    pass silently, so it is refused).
    """
    durations: list[float] = []
    events_at: Counter[float] = Counter()
    censored_at: Counter[float] = Counter()
    for duration, event in observations:
        _check(duration, event)
        durations.append(duration)
        (events_at if event else censored_at)[duration] += 1
    durations.sort()

    before_first = 0
    rows: list[tuple[float, int, int, Fraction]] = []  # t, at risk, events, S(t)
    censored: list[int] = []  # per row, filled in as censorings are met
    survival = Fraction(1)
    at_risk = len(durations)
    for t in sorted(events_at.keys() | censored_at.keys()):
        if events_at[t]:
            survival *= 1 - Fraction(events_at[t], at_risk)
            rows.append((t, at_risk, events_at[t], survival))
            censored.append(0)
        # Censorings at t come after its events, so they join this row's
        # interval (or the one before the first event).
        if rows:
            censored[-1] += censored_at[t]
        else:
            before_first += censored_at[t]
        at_risk -= events_at[t] + censored_at[t]
    return KaplanMeier(
        steps=tuple(
            Step(t, n, d, c, float(s))
            for (t, n, d, s), c in zip(rows, censored, strict=True)
        ),
        censored_before_first_event=before_first,
        durations=tuple(durations),
        _exact=tuple(row[3] for row in rows),
    )


def _check(duration: object, event: object) -> None:
    if not isinstance(event, bool):
        raise ValueError(f"event must be True or False, not {event!r}")
    if isinstance(duration, bool) or not isinstance(duration, int | float):
        raise ValueError(f"duration must be a number of days, not {duration!r}")
    if not math.isfinite(duration) or duration < 0:
        raise ValueError(f"duration must be zero or more days, not {duration!r}")
