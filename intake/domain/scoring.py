"""Scoring PHQ-9 and GAD-7: pure functions from answers to totals, bands and flags.

Answers are a mapping of item link id (for example "phq9_4") to the chosen
option's value, an int from 0 to 3. Every item must be answered: the published
scoring has no rule for missing items, so an incomplete questionnaire has no
total rather than a guessed one. Keys that are not scored items (such as the
PHQ-9 difficulty item) are ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from intake.domain.instruments import PHQ9, PHQ9_ITEM9, Band, Instrument


class ScoringError(ValueError):
    """The answers cannot be scored: an item is missing or its value is invalid."""


@dataclass(frozen=True)
class Score:
    instrument: Instrument
    total: int
    band: Band


def item_value(
    instrument: Instrument, answers: Mapping[str, object], link_id: str
) -> int:
    """The validated value of one item, or ScoringError saying what is wrong."""
    if link_id not in answers:
        raise ScoringError(f"{instrument.name}: item {link_id} is not answered")
    value = answers[link_id]
    # bool is an int in Python; True is not a valid answer.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScoringError(
            f"{instrument.name}: item {link_id} must be a whole number, "
            f"not {type(value).__name__}"
        )
    allowed = [option.value for option in instrument.options]
    if value not in allowed:
        raise ScoringError(
            f"{instrument.name}: item {link_id} is {value}, outside "
            f"{min(allowed)}..{max(allowed)}"
        )
    return value


def band_for(instrument: Instrument, total: int) -> Band:
    for band in instrument.bands:
        if total in band:
            return band
    raise ScoringError(
        f"{instrument.name}: total {total} is outside 0..{instrument.max_total}"
    )


def score(instrument: Instrument, answers: Mapping[str, object]) -> Score:
    """Total and severity band of a fully answered questionnaire."""
    missing = [link_id for link_id in instrument.link_ids if link_id not in answers]
    if missing:
        raise ScoringError(
            f"{instrument.name}: {len(missing)} item(s) not answered: "
            + ", ".join(missing)
        )
    total = sum(
        item_value(instrument, answers, link_id) for link_id in instrument.link_ids
    )
    return Score(instrument=instrument, total=total, band=band_for(instrument, total))


def item9_positive(answers: Mapping[str, object]) -> bool:
    """True when PHQ-9 item 9 is answered above "Not at all" (a positive screen)."""
    return item_value(PHQ9, answers, PHQ9_ITEM9.link_id) > 0
