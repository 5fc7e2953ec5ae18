"""The ketamine-treatment suitability screen: answers in, outcome and reasons out.

The site never decides who gets treatment: from self-report nothing is
decided, and every outcome says that a clinician would need to confirm it. It
sorts an assessment for a clinician into one of four outcomes (docs/clinical.md,
"The suitability screen"), the strongest rule present deciding:

- NOT_SUITABLE: at least one STOP rule applies (at-home ketamine is usually not
  advised; we say why and what to do instead);
- NEEDS_REVIEW: no STOP rule, but at least one REVIEW rule, or an honest
  "not sure" to any screen question (a clinician asks about it);
- CONSULT_OPTIONS: no STOP or REVIEW rule, but the symptoms or the treatment
  history do not point to ketamine yet (an OPTIONS rule): a consultation about
  treatment options, ketamine among them;
- LIKELY_SUITABLE: everything answered and no rule applies (likely suitable
  for a consultation about ketamine, which is not the same as for treatment).

A positive PHQ-9 item 9 is a REVIEW rule that also makes the assessment urgent,
whatever else is true; so is a "yes" to thoughts of suicide with a plan or an
intention to act (a negative item 9 is no reassurance: most people who died by
suicide in VA data had answered it "Not at all", Louzon et al. 2016). An
unanswered part of the screen adds no reason; until every part is answered the
outcome is None unless a rule already applies.

Rules, the answer that triggers them, and their sources (keys of
intake.domain.screen.SOURCES; the wording of each question and reason is data in
intake.domain.screen). "Not sure" to any screen question is REVIEW (not_sure:<key>).

  rule    code                    trigger                     sources
  STOP    under_18                age < 18                    spravato, clinic
  STOP    not_licensed            state outside the setting   clinic
  STOP    pregnancy               yes                         spravato, apa
  STOP    vascular                yes (aneurysm, AVM, brain   spravato
                                  bleed)
  STOP    intracranial            yes (raised ICP, mass)      millers
  STOP    allergy                 yes                         spravato
  STOP    psychosis               yes                         apa, spravato
  REVIEW  blood_pressure          yes                         spravato, apa
  REVIEW  heart_disease           yes                         spravato, apa
  REVIEW  stroke                  yes                         spravato, apa
  REVIEW  bladder                 yes (cystitis)              spravato, fda2023
  REVIEW  liver                   yes                         spravato, screen
  REVIEW  family_schizophrenia    yes (first-degree)          apa, screen
  REVIEW  bipolar                 yes                         apa, screen
  REVIEW  substance_use           yes (ever)                  apa, spravato
  REVIEW  ketamine_misuse         yes                         apa, spravato
  REVIEW  suicide_plan      (v2)  yes (plan or intent;        spravato, fda2023,
                                  urgent)                     screen
  REVIEW  suicide_attempt   (v2)  yes (ever)                  spravato, fda2023,
                                                              screen
  REVIEW  alcohol           (v2)  yes (current)               spravato, fda2023
  REVIEW  sedatives         (v2)  yes (opioids, benzo-        spravato, fda2023
                                  diazepines, other sedatives)
  REVIEW  breathing         (v2)  yes (sleep apnea, lung)     spravato, fda2023,
                                                              screen
  REVIEW  thyroid           (v2)  yes (overactive)            spravato, screen
  REVIEW  adult_present     (v2)  NO (nobody with them        spravato, fda2023,
                                  during and after a dose)    screen
  REVIEW  benzodiazepines         ticked (daily)              andrade2017,
                                                              veraart2021,
                                                              andrashko2020
  REVIEW  lamotrigine             ticked                      veraart2021,
                                                              andrade2017
  REVIEW  maoi, stimulants        ticked (blood pressure)     spravato
  REVIEW  not_sure:medicines      "I'm not sure"              screen
  REVIEW  item9                   PHQ-9 item 9 > 0 (urgent)   simon2013
  OPTIONS minimal_symptoms        PHQ-9 0-4 and GAD-7 0-4     kroenke2001,
                                                              spitzer2006, apa
  OPTIONS fewer_antidepressants   0 or 1 tried                apa, spravato
  OPTIONS not_sure:antidepressants  "I'm not sure"            apa, spravato

The OPTIONS rules: ketamine's evidence and esketamine's approval are for
depression that has not improved with at least two antidepressants (Sanacora
et al. 2017; the SPRAVATO label), so minimal symptoms on both questionnaires
(the 0-4 "minimal" band of each: Kroenke et al. 2001, Spitzer et al. 2006), or
fewer than two antidepressants tried, never give "likely suitable".
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from intake.domain.instruments import gettext_noop as _
from intake.domain.screen import (
    ANTIDEPRESSANTS_NOT_SURE,
    FEWER_THAN_TWO_ANTIDEPRESSANTS,
    MEDICINE_KEYS,
    MEDICINES,
    MEDICINES_NOT_SURE,
    SCREEN_QUESTIONS,
    SCREEN_VERSION,
    Answer,
    Rule,
    questions_of,
)
from intake.domain.states import is_licensed

# Esketamine is approved for adults only, and the clinic treats adults only: the
# one place the age limit is written (the steps and the stop page read it here).
ADULT_AGE = 18

# The top of the "minimal" band of both PHQ-9 (0-4) and GAD-7 (0-4).
MINIMAL_TOTAL = 4


class Outcome(StrEnum):
    LIKELY_SUITABLE = "likely_suitable"
    CONSULT_OPTIONS = "consult_options"
    NEEDS_REVIEW = "needs_review"
    NOT_SUITABLE = "not_suitable"


# For staff: from self-report nothing is decided, so each label leaves the
# decision to a clinician.
OUTCOME_LABELS = {
    Outcome.LIKELY_SUITABLE: _("Likely suitable for a consultation about ketamine"),
    Outcome.CONSULT_OPTIONS: _(
        "A consultation about treatment options (symptoms or history)"
    ),
    Outcome.NEEDS_REVIEW: _("Needs a clinician's review"),
    Outcome.NOT_SUITABLE: _(
        "At-home ketamine likely not suitable (a clinician confirms)"
    ),
}


# The outcome each rule gives when it is the strongest one present.
RULE_OUTCOMES = {
    Rule.STOP: Outcome.NOT_SUITABLE,
    Rule.REVIEW: Outcome.NEEDS_REVIEW,
    Rule.OPTIONS: Outcome.CONSULT_OPTIONS,
}
RULE_ORDER = (Rule.STOP, Rule.REVIEW, Rule.OPTIONS)


@dataclass(frozen=True)
class Reason:
    code: str
    rule: Rule
    text: str
    sources: tuple[str, ...]
    urgent: bool = False
    # For "not sure" reasons: the question the person was unsure about.
    detail: str = ""

    @property
    def is_health_stop(self) -> bool:
        """A STOP about the person's health, not about who the clinic may treat
        (age, where they live): the result page words the two differently."""
        return self.rule is Rule.STOP and self.code not in CLINIC_LIMITS


# STOP reasons about the clinic's licence and the age it treats, not health.
CLINIC_LIMITS = frozenset({"under_18", "not_licensed"})


_FIXED_REASONS = (
    Reason(
        "under_18",
        Rule.STOP,
        # Not marked for translation: the age is filled in (adding a language
        # would move these texts to a catalogue with a placeholder).
        f"You are under {ADULT_AGE}. Esketamine is approved only for adults, and "
        "the clinic offers ketamine treatment only to adults.",
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
            "hurting yourself. A clinician would need to look at your answers "
            "first."
        ),
        ("simon2013",),
        urgent=True,
    ),
    Reason(
        "not_sure:medicines",
        Rule.REVIEW,
        _(
            "You were not sure which medicines you take; a clinician would need to "
            "go through them with you."
        ),
        ("screen",),
    ),
    Reason(
        "minimal_symptoms",
        Rule.OPTIONS,
        _(
            "Your scores on both questionnaires are in the minimal range (0 to 4), "
            "so you have few symptoms of depression or anxiety right now. Ketamine "
            "is studied in people whose depression has not got better with other "
            "treatment, so a clinician would talk with you about the options that "
            "fit you best."
        ),
        ("kroenke2001", "spitzer2006", "apa"),
    ),
    Reason(
        "fewer_antidepressants",
        Rule.OPTIONS,
        _(
            "You have tried fewer than two antidepressants. Ketamine has mostly "
            "been studied, and esketamine is approved, for depression that has not "
            "got better after at least two. A clinician can talk with you about the "
            "options, ketamine among them."
        ),
        ("apa", "spravato"),
    ),
    Reason(
        "not_sure:antidepressants",
        Rule.OPTIONS,
        _(
            "You were not sure how many antidepressants you have tried. Ketamine "
            "has mostly been studied for depression that has not got better after "
            "at least two, so a clinician would go through your treatment so far "
            "with you."
        ),
        ("apa", "spravato"),
    ),
)

NOT_SURE_REASON = _(
    "You were not sure about this; a clinician would need to ask you about it:"
)


def _all_reasons() -> dict[str, Reason]:
    reasons = {reason.code: reason for reason in _FIXED_REASONS}
    for q in SCREEN_QUESTIONS.values():
        reasons[q.key] = Reason(q.key, q.rule, q.reason, q.sources, urgent=q.urgent)
        reasons[f"not_sure:{q.key}"] = Reason(
            f"not_sure:{q.key}", Rule.REVIEW, NOT_SURE_REASON, q.sources, detail=q.text
        )
    for m in MEDICINES:
        reasons[m.key] = Reason(m.key, Rule.REVIEW, m.reason, m.sources)
    return reasons


REASONS = _all_reasons()


@dataclass(frozen=True)
class ScreenAnswers:
    """What the screen knows so far; None (or a missing key) means not answered.

    `version` is the screen version the answers were given under: it decides
    which questions must be answered before the screen is complete.
    """

    age: int | None = None
    place: str | None = None
    screen: Mapping[str, str] = field(default_factory=dict)
    medicines: Collection[str] | None = None
    item9_positive: bool | None = None
    phq9_total: int | None = None
    gad7_total: int | None = None
    antidepressants: str | None = None
    version: int = SCREEN_VERSION

    @property
    def complete(self) -> bool:
        return (
            self.age is not None
            and self.place is not None
            and self.medicines is not None
            and self.item9_positive is not None
            and self.phq9_total is not None
            and self.gad7_total is not None
            and self.antidepressants is not None
            and all(key in self.screen for key in questions_of(self.version))
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


def _options_codes(answers: ScreenAnswers) -> list[str]:
    """Symptoms and treatment history: the OPTIONS rules."""
    codes = []
    if (
        answers.phq9_total is not None
        and answers.gad7_total is not None
        and answers.phq9_total <= MINIMAL_TOTAL
        and answers.gad7_total <= MINIMAL_TOTAL
    ):
        codes.append("minimal_symptoms")
    if answers.antidepressants in FEWER_THAN_TWO_ANTIDEPRESSANTS:
        codes.append("fewer_antidepressants")
    elif answers.antidepressants == ANTIDEPRESSANTS_NOT_SURE:
        codes.append("not_sure:antidepressants")
    return codes


def triage(answers: ScreenAnswers, *, licensed_states: Collection[str]) -> Triage:
    """Sort one assessment. Every reason that applies is listed, STOP first,
    then REVIEW, then OPTIONS, each in question order."""
    codes: list[str] = []
    if answers.age is not None and answers.age < ADULT_AGE:
        codes.append("under_18")
    if answers.place is not None and not is_licensed(
        answers.place, frozenset(licensed_states)
    ):
        codes.append("not_licensed")
    if answers.item9_positive:
        codes.append("item9")
    for key, question in SCREEN_QUESTIONS.items():
        answer = answers.screen.get(key)
        if answer == question.flagged:
            codes.append(key)
        elif answer == Answer.NOT_SURE:
            codes.append(f"not_sure:{key}")
    for medicine in answers.medicines or ():
        if medicine == MEDICINES_NOT_SURE:
            codes.append("not_sure:medicines")
        elif medicine in MEDICINE_KEYS:
            codes.append(medicine)
    codes += _options_codes(answers)

    reasons = sorted(
        (REASONS[code] for code in codes), key=lambda r: RULE_ORDER.index(r.rule)
    )  # stable: question order within each rule
    outcome: Outcome | None = None
    if reasons:
        strongest = reasons[0].rule
        # An OPTIONS reason may come before the last answers; only a complete
        # screen can say that nothing stronger applies.
        if strongest != Rule.OPTIONS or answers.complete:
            outcome = RULE_OUTCOMES[strongest]
    elif answers.complete:
        outcome = Outcome.LIKELY_SUITABLE
    return Triage(outcome=outcome, reasons=tuple(reasons))
