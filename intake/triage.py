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

Rules and their sources (keys of SOURCES below):
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
from intake.states import is_licensed

SOURCES = {
    "apa": "Sanacora et al. 2017, consensus statement on the use of ketamine in "
    "mood disorders, JAMA Psychiatry 74:399-405",
    "spravato": "SPRAVATO (esketamine) US prescribing information",
    "va": "US Department of Veterans Affairs ketamine/esketamine criteria, as reported",
    "millers": "Miller's Anesthesia, intravenous anesthetics chapter",
    "andrade2017": "Andrade 2017, J Clin Psychiatry 78:e852-e857",
    "simon2013": "Simon et al. 2013, Psychiatric Services 64:1195",
    "screen": "The clinic's screening criteria, drawn from the APA consensus statement "
    "(Sanacora et al. 2017), the SPRAVATO label, VA criteria and Miller's Anesthesia",
    "clinic": "The clinic's licensing and policy",
}


class Outcome(StrEnum):
    LIKELY_SUITABLE = "likely_suitable"
    NEEDS_REVIEW = "needs_review"
    NOT_SUITABLE = "not_suitable"


class Rule(StrEnum):
    STOP = "stop"
    REVIEW = "review"


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    NOT_SURE = "not_sure"


@dataclass(frozen=True)
class Reason:
    code: str
    rule: Rule
    text: str
    sources: tuple[str, ...]
    urgent: bool = False
    # For "not sure" reasons: the question the person was unsure about.
    detail: str = ""


@dataclass(frozen=True)
class ScreenQuestion:
    """A yes / no / not sure question; "yes" applies `rule` with `reason`."""

    key: str
    text: str
    hint: str
    rule: Rule
    reason: str
    sources: tuple[str, ...]


_BLOOD_PRESSURE = _(
    "Ketamine raises blood pressure for a few hours after each dose, so a clinician "
    "needs to check your heart and circulation first."
)

PHYSICAL_QUESTIONS = (
    ScreenQuestion(
        "pregnancy",
        _("Are you pregnant, planning a pregnancy, or breastfeeding?"),
        "",
        Rule.STOP,
        _(
            "You are pregnant, planning a pregnancy or breastfeeding. Ketamine "
            "treatment at home is not advised then; your own doctor or midwife can "
            "talk with you about safer options."
        ),
        ("spravato", "apa"),
    ),
    ScreenQuestion(
        "vascular",
        _(
            "Have you ever been told you have an aneurysm or an arteriovenous "
            "malformation (AVM), or had bleeding in the brain?"
        ),
        _(
            "An aneurysm is a bulge in a blood vessel: in the brain, the aorta or "
            "elsewhere."
        ),
        Rule.STOP,
        _(
            "You have had an aneurysm, an AVM or bleeding in the brain. Ketamine "
            "raises blood pressure for a while after each dose, which is not safe "
            "with these conditions."
        ),
        ("spravato",),
    ),
    ScreenQuestion(
        "intracranial",
        _(
            "Have you been told you have raised pressure inside your head, or a "
            "growth (mass) in your brain?"
        ),
        "",
        Rule.STOP,
        _(
            "You have raised pressure inside the head or a brain mass, which rules "
            "out ketamine treatment at home."
        ),
        ("millers",),
    ),
    ScreenQuestion(
        "allergy",
        _(
            "Have you ever had an allergic reaction to ketamine or esketamine "
            "(Spravato)?"
        ),
        "",
        Rule.STOP,
        _("You have had an allergic reaction to ketamine or esketamine."),
        ("spravato",),
    ),
    ScreenQuestion(
        "blood_pressure",
        _("Do you have high blood pressure that is not well controlled?"),
        _("Answer yes if your readings are often high even with treatment."),
        Rule.REVIEW,
        _BLOOD_PRESSURE,
        ("spravato", "apa"),
    ),
    ScreenQuestion(
        "heart_disease",
        _("Do you have heart disease?"),
        _("For example angina, a past heart attack or heart failure."),
        Rule.REVIEW,
        _BLOOD_PRESSURE,
        ("spravato", "apa"),
    ),
    ScreenQuestion(
        "stroke",
        _("Have you ever had a stroke?"),
        "",
        Rule.REVIEW,
        _BLOOD_PRESSURE,
        ("spravato", "apa"),
    ),
    ScreenQuestion(
        "bladder",
        _(
            "Have you had bladder problems such as interstitial cystitis, or bladder "
            "inflammation after using ketamine?"
        ),
        "",
        Rule.REVIEW,
        _(
            "You have had bladder problems. Frequent or heavy ketamine use can "
            "inflame the bladder, so a clinician will ask about this."
        ),
        ("spravato", "screen"),
    ),
    ScreenQuestion(
        "liver",
        _("Do you have liver disease?"),
        "",
        Rule.REVIEW,
        _(
            "You have liver disease. Frequent or heavy ketamine use can affect the "
            "liver, so a clinician will ask about this."
        ),
        ("spravato", "screen"),
    ),
)

MENTAL_QUESTIONS = (
    ScreenQuestion(
        "psychosis",
        _("Have you ever had psychosis, schizophrenia or schizoaffective disorder?"),
        _(
            "Psychosis means losing touch with reality, for example hearing voices"
            " others do not hear."
        ),
        Rule.STOP,
        _(
            "You have had psychosis, schizophrenia or schizoaffective disorder. "
            "Ketamine treatment at home is not suitable then; a psychiatrist can "
            "talk with you about other treatments."
        ),
        ("apa",),
    ),
    ScreenQuestion(
        "family_schizophrenia",
        _("Does a parent, brother, sister or child of yours have schizophrenia?"),
        "",
        Rule.REVIEW,
        _(
            "A close relative has schizophrenia; a clinician will talk this "
            "through with you."
        ),
        ("apa", "screen"),
    ),
    ScreenQuestion(
        "bipolar",
        _("Have you been told you have bipolar disorder, or have you ever had mania?"),
        _(
            "Mania is a period of very high energy or mood, needing little sleep, "
            "that others notice."
        ),
        Rule.REVIEW,
        _(
            "You have bipolar disorder or have had mania; a clinician needs to "
            "review this."
        ),
        ("apa", "va"),
    ),
    ScreenQuestion(
        "substance_use",
        _("Have you ever had a problem with alcohol or drugs, now or in the past?"),
        "",
        Rule.REVIEW,
        _(
            "You have had a problem with alcohol or drugs. Ketamine can be misused, "
            "so a clinician will talk with you about it."
        ),
        ("apa", "spravato"),
    ),
    ScreenQuestion(
        "ketamine_misuse",
        _("Have you ever used ketamine other than as prescribed?"),
        "",
        Rule.REVIEW,
        _(
            "You have used ketamine other than as prescribed; a clinician will "
            "talk with you about it."
        ),
        ("apa", "spravato"),
    ),
)

SCREEN_QUESTIONS = {q.key: q for q in (*PHYSICAL_QUESTIONS, *MENTAL_QUESTIONS)}


@dataclass(frozen=True)
class Medicine:
    key: str
    label: str
    hint: str
    reason: str
    sources: tuple[str, ...]


MEDICINES = (
    Medicine(
        "benzodiazepines",
        _("A benzodiazepine, taken every day"),
        _(
            "For example diazepam (Valium), lorazepam (Ativan), alprazolam (Xanax)"
            " or clonazepam (Klonopin)."
        ),
        _(
            "You take a benzodiazepine every day. These can blunt or shorten the "
            "effect of ketamine, so a clinician will talk with you about it. Do not "
            "stop or change any medicine without medical advice."
        ),
        ("andrade2017",),
    ),
    Medicine(
        "lamotrigine",
        _("Lamotrigine"),
        _("Also called Lamictal."),
        _(
            "You take lamotrigine; a clinician will review it alongside ketamine. Do "
            "not stop or change any medicine without medical advice."
        ),
        ("screen",),
    ),
    Medicine(
        "maoi",
        _("An MAOI antidepressant"),
        _(
            "For example phenelzine (Nardil), tranylcypromine (Parnate) or the "
            "selegiline patch (Emsam)."
        ),
        _(
            "You take an MAOI. Together with ketamine it can raise blood pressure,"
            " so a clinician will review it."
        ),
        ("spravato",),
    ),
    Medicine(
        "stimulants",
        _("A stimulant"),
        _("For example methylphenidate (Ritalin) or amphetamine (Adderall)."),
        _(
            "You take a stimulant. Together with ketamine it can raise blood "
            "pressure, so a clinician will review it."
        ),
        ("spravato",),
    ),
)

MEDICINE_KEYS = {medicine.key: medicine for medicine in MEDICINES}
NO_MEDICINES = "none"
MEDICINES_NOT_SURE = "not_sure"

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
