"""The ketamine-treatment suitability screen: answers in, outcome and reasons out.

The site never decides who gets treatment. It sorts an assessment for a
clinician into one of three outcomes (CLINICAL.md section 2):

- NOT_SUITABLE: at least one STOP rule applies (not suitable for at-home
  ketamine; we say why and what to do instead);
- NEEDS_REVIEW: no STOP rule, but at least one REVIEW rule, or an honest
  "not sure" to any screen question (a clinician asks about it);
- LIKELY_SUITABLE: every screen question answered and no rule applies (likely
  suitable for a consultation, which is not the same as for treatment).

A positive PHQ-9 item 9 is a REVIEW rule that also makes the assessment urgent,
whatever else is true. An unanswered part of the screen adds no reason; until
every part is answered the outcome is None unless a rule already applies.

Rules and their sources (keys of intake.screen.SOURCES; the questions and
medicines themselves, with their wording, are data in intake.screen):
  STOP   under_18          spravato, clinic   (approved for adults only)
  STOP   not_licensed      clinic             (states are a setting)
  STOP   pregnancy         spravato, apa
  STOP   psychosis         apa
  STOP   vascular          spravato           (aneurysmal vascular disease, AVM,
                                               intracerebral haemorrhage)
  STOP   intracranial      millers            (raised ICP, brain mass)
  STOP   allergy           spravato
  REVIEW blood_pressure    spravato, apa      (ketamine raises blood pressure)
  REVIEW heart_disease     spravato, apa
  REVIEW stroke            spravato, apa
  REVIEW bladder           spravato, screen   (ketamine-related cystitis)
  REVIEW liver             spravato, screen
  REVIEW family_schizophrenia  apa, screen    (first-degree relative)
  REVIEW bipolar           apa, va
  REVIEW substance_use     apa, spravato      (misuse potential)
  REVIEW ketamine_misuse   apa, spravato
  REVIEW benzodiazepines   andrade2017        (can blunt or shorten response)
  REVIEW lamotrigine       screen
  REVIEW maoi, stimulants  spravato           (blood pressure)
  REVIEW item9             simon2013          (urgent)
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from intake.instruments import gettext_noop as _
from intake.screen import (
    MEDICINE_KEYS,
    MEDICINES,
    MEDICINES_NOT_SURE,
    SCREEN_QUESTIONS,
    Answer,
    Rule,
)
from intake.states import is_licensed


class Outcome(StrEnum):
    LIKELY_SUITABLE = "likely_suitable"
    NEEDS_REVIEW = "needs_review"
    NOT_SUITABLE = "not_suitable"


@dataclass(frozen=True)
class Reason:
    code: str
    rule: Rule
    text: str
    sources: tuple[str, ...]
    urgent: bool = False
    # For "not sure" reasons: the question the person was unsure about.
    detail: str = ""


_FIXED_REASONS = (
    Reason(
        "under_18",
        Rule.STOP,
        _("You are under 18. Ketamine treatment at home is only for adults."),
        ("spravato", "clinic"),
    ),
    Reason(
        "not_licensed",
        Rule.STOP,
        _(
            "The clinic is not licensed to treat people where you live. A clinician "
            "near you can talk with you about ketamine and other options."
        ),
        ("clinic",),
    ),
    Reason(
        "item9",
        Rule.REVIEW,
        _(
            "You told us you have had thoughts of being better off dead or of "
            "hurting yourself. A clinician will look at your answers first."
        ),
        ("simon2013",),
        urgent=True,
    ),
    Reason(
        "not_sure:medicines",
        Rule.REVIEW,
        _(
            "You were not sure which medicines you take; a clinician will go "
            "through them with you."
        ),
        ("screen",),
    ),
)

NOT_SURE_REASON = _("You were not sure about this; a clinician will ask you about it:")


def _all_reasons() -> dict[str, Reason]:
    reasons = {reason.code: reason for reason in _FIXED_REASONS}
    for q in SCREEN_QUESTIONS.values():
        reasons[q.key] = Reason(q.key, q.rule, q.reason, q.sources)
        reasons[f"not_sure:{q.key}"] = Reason(
            f"not_sure:{q.key}", Rule.REVIEW, NOT_SURE_REASON, q.sources, detail=q.text
        )
    for m in MEDICINES:
        reasons[m.key] = Reason(m.key, Rule.REVIEW, m.reason, m.sources)
    return reasons


REASONS = _all_reasons()


@dataclass(frozen=True)
class ScreenAnswers:
    """What the screen knows so far; None (or a missing key) means not answered."""

    age: int | None = None
    place: str | None = None
    screen: Mapping[str, str] = field(default_factory=dict)
    medicines: Collection[str] | None = None
    item9_positive: bool | None = None

    @property
    def complete(self) -> bool:
        return (
            self.age is not None
            and self.place is not None
            and self.medicines is not None
            and self.item9_positive is not None
            and all(key in self.screen for key in SCREEN_QUESTIONS)
        )


@dataclass(frozen=True)
class Triage:
    outcome: Outcome | None
    reasons: tuple[Reason, ...]

    @property
    def urgent(self) -> bool:
        return any(reason.urgent for reason in self.reasons)

    @property
    def codes(self) -> list[str]:
        return [reason.code for reason in self.reasons]


def triage(answers: ScreenAnswers, *, licensed_states: Collection[str]) -> Triage:
    """Sort one assessment: STOP reasons first, then REVIEW, in question order."""
    codes: list[str] = []
    if answers.age is not None and answers.age < 18:
        codes.append("under_18")
    if answers.place is not None and not is_licensed(
        answers.place, frozenset(licensed_states)
    ):
        codes.append("not_licensed")
    if answers.item9_positive:
        codes.append("item9")
    for key in SCREEN_QUESTIONS:
        answer = answers.screen.get(key)
        if answer == Answer.YES:
            codes.append(key)
        elif answer == Answer.NOT_SURE:
            codes.append(f"not_sure:{key}")
    for medicine in answers.medicines or ():
        if medicine == MEDICINES_NOT_SURE:
            codes.append("not_sure:medicines")
        elif medicine in MEDICINE_KEYS:
            codes.append(medicine)

    reasons = [REASONS[code] for code in codes]
    reasons.sort(key=lambda reason: reason.rule != Rule.STOP)  # stable
    if any(reason.rule == Rule.STOP for reason in reasons):
        outcome: Outcome | None = Outcome.NOT_SUITABLE
    elif reasons:
        outcome = Outcome.NEEDS_REVIEW
    elif answers.complete:
        outcome = Outcome.LIKELY_SUITABLE
    else:
        outcome = None
    return Triage(outcome=outcome, reasons=tuple(reasons))
