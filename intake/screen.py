"""The health screen as data: the questions, the medicines of note, their sources.

Plain Python, no Django. Each question and medicine names the rule a "yes"
applies (STOP or REVIEW), the reason shown to the person, and the sources
behind it (keys of SOURCES). intake.triage applies them; its docstring lists
the rules. Criteria: CLINICAL.md section 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from intake.instruments import gettext_noop as _

SOURCES = {
    "apa": "Sanacora et al. 2017, consensus statement on the use of ketamine in "
    "mood disorders, JAMA Psychiatry 74:399-405",
    "spravato": "SPRAVATO (esketamine) US prescribing information",
    "va": "US Department of Veterans Affairs ketamine/esketamine criteria, as reported",
    "millers": "Miller's Anesthesia",
    "andrade2017": "Andrade 2017, J Clin Psychiatry 78:e852-e857",
    "simon2013": "Simon et al. 2013, Psychiatric Services 64:1195",
    "screen": "The clinic's screening criteria, drawn from the APA consensus statement "
    "(Sanacora et al. 2017), the SPRAVATO label, VA criteria and Miller's Anesthesia",
    "clinic": "The clinic's licensing and policy",
}


class Rule(StrEnum):
    STOP = "stop"
    REVIEW = "review"


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    NOT_SURE = "not_sure"


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
