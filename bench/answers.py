"""Valid answers for every step, as form POST data. Plain Python (no Django).

The benchmarks drive the real server with these answers and the tests import
them too; they live here because bench/ never imports from tests/.
"""

from __future__ import annotations

from typing import Any

from intake.domain.instruments import GAD7, PHQ9
from intake.domain.screen import (
    HOME_QUESTIONS,
    MENTAL_QUESTIONS,
    PHYSICAL_QUESTIONS,
    SUICIDE_QUESTIONS,
)

LICENSED = ["CA", "NY", "TX"]


def phq9(*values: int, difficulty: str = "somewhat") -> dict[str, Any]:
    values = values or (1, 1, 1, 1, 1, 1, 1, 1, 0)
    data: dict[str, Any] = {
        item.link_id: str(v) for item, v in zip(PHQ9.items, values, strict=True)
    }
    if difficulty:
        data["phq9_difficulty"] = difficulty
    return data


def gad7(*values: int) -> dict[str, Any]:
    values = values or (1,) * 7
    return {item.link_id: str(v) for item, v in zip(GAD7.items, values, strict=True)}


def all_no(questions) -> dict[str, str]:
    return {question.key: "no" for question in questions}


def all_clear(questions) -> dict[str, str]:
    """The answer that flags nothing, for each question ("no", or "yes" where
    "no" is the flagged answer)."""
    return {
        question.key: "yes" if question.flagged == "no" else "no"
        for question in questions
    }


def valid_posts(**overrides: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A complete, unremarkable set of answers: likely suitable, not urgent."""
    posts: dict[str, dict[str, Any]] = {
        "about": {"age": "34", "state": "CA"},
        "phq9": phq9(),
        "gad7": gad7(),
        "physical": all_no(PHYSICAL_QUESTIONS),
        "mental": all_no(MENTAL_QUESTIONS),
        "suicide": all_clear(SUICIDE_QUESTIONS),
        "treatment": {
            "antidepressants": "2",
            "therapy": "past",
            "past_treatments": ["none"],
        },
        "medicines": {"medicines": ["none"]},
        "home": all_clear(HOME_QUESTIONS),
        "goals": {"diagnoses": ["depression"], "hopes": "Getting back to work"},
        "contact": {"wants_contact": "yes"},
        "details": {
            "name": "Ada Lovelace",
            "email": "Ada@Example.org",
            "phone": "(555) 123-4567",
            "method": "email",
            "consent": "on",
        },
    }
    for step, data in overrides.items():
        posts[step] = data
    return posts


def check_in_phq9(*values: int) -> dict[str, Any]:
    """A check-in's PHQ-9 page: the intake's questions without the difficulty."""
    return phq9(*values, difficulty="")


def check_in_gad7(*values: int) -> dict[str, Any]:
    """A check-in's last page: the GAD-7, and no ketamine session since the last."""
    return {**gad7(*values), "had_session": "no"}


# A twelve-week series of weekly check-ins for the curve page (the intake's
# self-assessment, 18 and 12, is its start): a response, a dip, a rise.
CURVE_TOTALS = (14, 11, 9, 7, 6, 6, 5, 7, 9, 8, 6, 5)
CURVE_GAD7_TOTALS = (10, 9, 8, 6, 6, 5, 5, 6, 8, 7, 6, 5)


def item_values(total: int, items: int) -> tuple[int, ...]:
    """`items` answers (0 to 3 each, the highest first) adding up to `total`."""
    values = []
    for _ in range(items):
        values.append(min(3, total))
        total -= values[-1]
    return tuple(values)


def phq9_values(total: int) -> tuple[int, ...]:
    """Nine PHQ-9 answers adding up to `total` (at most 24: item 9 stays 0)."""
    return (*item_values(total, 8), 0)
