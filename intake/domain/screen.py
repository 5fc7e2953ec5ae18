"""The health screen as data: the questions, the medicines of note, their sources.

Plain Python, no Django. Each question and medicine names the rule its
flagged answer applies (STOP or REVIEW), the reason shown to the person, and
the sources behind it (keys of SOURCES). intake.domain.triage applies them; its
docstring lists every rule. The criteria and the decisions behind them are
written up in docs/clinical.md.

The screen is versioned (SCREEN_VERSION, stored on each assessment): version 1
asked the physical and mental health questions; version 2 added the suicide
and at-home questions. A question's `since` says which version first asked it,
so an assessment answered under version 1 is complete without the later ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from intake.domain.instruments import gettext_noop as _

# Every source in full: authors, year, title, journal, volume and pages (or the
# label's version, the textbook's edition). The result page lists the ones
# behind the reasons it shows.
SOURCES = {
    "apa": "Sanacora G, Frye MA, McDonald W, et al. A consensus statement on the "
    "use of ketamine in the treatment of mood disorders. JAMA Psychiatry. "
    "2017;74(4):399-405",
    "spravato": "Janssen Pharmaceuticals. SPRAVATO (esketamine) nasal spray, CIII: "
    "US prescribing information, including the boxed warning (FDA label, version "
    "18, effective 13 March 2026)",
    "fda2023": "US Food and Drug Administration. FDA warns patients and health care "
    "providers about potential risks associated with compounded ketamine products, "
    "including oral formulations, for the treatment of psychiatric disorders. "
    "10 October 2023",
    "millers": "Gropper MA, ed. Miller's Anesthesia. 9th edition. Philadelphia: "
    "Elsevier; 2020 (chapter on intravenous anesthetics: ketamine)",
    "andrade2017": "Andrade C. Ketamine for depression, 5: potential "
    "pharmacokinetic and pharmacodynamic drug interactions. J Clin Psychiatry. "
    "2017;78(7):e858-e861",
    "veraart2021": "Veraart JKE, Smith-Apeldoorn SY, Bakker IM, et al. "
    "Pharmacodynamic interactions between ketamine and psychiatric medications used "
    "in the treatment of depression: a systematic review. Int J "
    "Neuropsychopharmacol. 2021;24(10):808-831",
    "andrashko2020": "Andrashko V, Novak T, Brunovsky M, Klirova M, Sos P, Horacek "
    "J. The antidepressant effect of ketamine is dampened by concomitant "
    "benzodiazepine medication. Front Psychiatry. 2020;11:844",
    "simon2013": "Simon GE, Rutter CM, Peterson D, et al. Does response on the PHQ-9 "
    "Depression Questionnaire predict subsequent suicide attempt or suicide death? "
    "Psychiatr Serv. 2013;64(12):1195-1202",
    "kroenke2001": "Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a "
    "brief depression severity measure. J Gen Intern Med. 2001;16(9):606-613",
    "spitzer2006": "Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for "
    "assessing generalized anxiety disorder: the GAD-7. Arch Intern Med. "
    "2006;166(10):1092-1097",
    "screen": "The clinic's own screening criteria, set by its clinicians from the "
    "APA consensus statement (Sanacora et al. 2017), the SPRAVATO label and the "
    "FDA's 2023 warning on at-home ketamine",
    "clinic": "The clinic's licensing and policy",
}


class Rule(StrEnum):
    """What a reason does to the outcome; the strongest present decides it."""

    STOP = "stop"
    REVIEW = "review"
    # Symptoms or treatment history: a consultation about options, not ketamine
    # as the next step (see intake.domain.triage).
    OPTIONS = "options"


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    NOT_SURE = "not_sure"


SCREEN_VERSION = 2
SCREEN_VERSIONS = (1, 2)


@dataclass(frozen=True)
class ScreenQuestion:
    """A yes / no / not sure question; the `flagged` answer applies `rule` with
    `reason`. "Not sure" always asks for a clinician's review instead."""

    key: str
    text: str
    hint: str
    rule: Rule
    reason: str
    sources: tuple[str, ...]
    flagged: Answer = Answer.YES
    since: int = 1
    # Flags the assessment urgent for staff, as a positive PHQ-9 item 9 does.
    urgent: bool = False


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
            "treatment at home is usually not advised then; your own doctor or "
            "midwife can talk with you about other options."
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
            "raises blood pressure for a while after each dose, and the esketamine "
            "label says not to use it with these conditions."
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
            "You have raised pressure inside the head or a growth in the brain. "
            "Ketamine can raise the pressure inside the head, so treatment at home "
            "is usually not advised."
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
        _(
            "You have had an allergic reaction to ketamine or esketamine. The "
            "esketamine label says not to use it after such a reaction."
        ),
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
            "inflame the bladder, so a clinician would need to ask you about this."
        ),
        ("spravato", "fda2023"),
    ),
    ScreenQuestion(
        "liver",
        _("Do you have liver disease?"),
        "",
        Rule.REVIEW,
        _(
            "You have liver disease. The liver clears esketamine from the body, and "
            "its label says people with liver problems may need watching for side "
            "effects for longer, so a clinician would need to know about this."
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
            "Ketamine can bring on symptoms like these, so treatment at home is "
            "usually not advised; a psychiatrist can talk with you about other "
            "treatments."
        ),
        ("apa", "spravato"),
    ),
    ScreenQuestion(
        "family_schizophrenia",
        _("Does a parent, brother, sister or child of yours have schizophrenia?"),
        "",
        Rule.REVIEW,
        _(
            "A close relative has schizophrenia; a clinician would need to talk "
            "this through with you."
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
        ("apa", "screen"),
    ),
    ScreenQuestion(
        "substance_use",
        _("Have you ever had a problem with alcohol or drugs, now or in the past?"),
        "",
        Rule.REVIEW,
        _(
            "You have had a problem with alcohol or drugs. Ketamine can be misused, "
            "so a clinician would need to talk this through with you."
        ),
        ("apa", "spravato"),
    ),
    ScreenQuestion(
        "ketamine_misuse",
        _("Have you ever used ketamine other than as prescribed?"),
        "",
        Rule.REVIEW,
        _(
            "You have used ketamine other than as prescribed; a clinician would "
            "need to talk this through with you."
        ),
        ("apa", "spravato"),
    ),
)

# Version 2. A supply of medicine at home adds risk for someone who has thought
# of ending their life with a plan, or has tried before; with PHQ-9 item 9
# positive the assessment is urgent whatever else (the item9 reason).
SUICIDE_QUESTIONS = (
    ScreenQuestion(
        "suicide_plan",
        _(
            "Do you have thoughts of ending your life that come with a plan, or "
            "with an intention to act on them?"
        ),
        _("Answer about how things are for you now."),
        Rule.REVIEW,
        _(
            "You told us you have thoughts of ending your life with a plan or an "
            "intention to act. Treatment at home means keeping medicine at home, so "
            "a clinician needs to talk with you first. If you feel you might act "
            "on these thoughts, do not wait for us: get help now (see “If you need "
            "help now” on this page)."
        ),
        ("spravato", "fda2023", "screen"),
        since=2,
        # A plan or intent now is the sharpest risk the screen hears of: staff
        # see it first and are alerted, even when item 9 was answered "Not at
        # all" (a negative item 9 is no reassurance: Louzon et al. 2016).
        urgent=True,
    ),
    ScreenQuestion(
        "suicide_attempt",
        _("Have you ever tried to end your life?"),
        "",
        Rule.REVIEW,
        _(
            "You told us you have tried to end your life in the past. Treatment at "
            "home means keeping medicine at home, so a clinician needs to talk with "
            "you first."
        ),
        ("spravato", "fda2023", "screen"),
        since=2,
    ),
)

_SLOWED_BREATHING = _(
    "Ketamine can make you very sleepy and, rarely, slow your breathing. At home "
    "no clinician is with you, so a clinician needs to talk with you about this "
    "first."
)

# Version 2: what at-home treatment adds, with no clinician in the room.
HOME_QUESTIONS = (
    ScreenQuestion(
        "alcohol",
        _("Do you drink alcohol at the moment?"),
        _("Answer yes even if you drink only a little."),
        Rule.REVIEW,
        _(
            "You drink alcohol. Alcohol and ketamine together add to drowsiness and "
            "can slow your breathing, so a clinician would need to talk this "
            "through with you."
        ),
        ("spravato", "fda2023"),
        since=2,
    ),
    ScreenQuestion(
        "sedatives",
        _(
            "Do you take opioids, benzodiazepines, sleeping pills or any other "
            "medicine or drug that makes you drowsy?"
        ),
        _(
            "For example oxycodone, codeine, methadone, diazepam (Valium) or "
            "zolpidem (Ambien). Include ones you buy without a prescription."
        ),
        Rule.REVIEW,
        _(
            "You take something that makes you drowsy. Together with ketamine it "
            "adds to drowsiness and can slow your breathing, so a clinician would "
            "need to review it. Do not stop or change any medicine without medical "
            "advice."
        ),
        ("spravato", "fda2023"),
        since=2,
    ),
    ScreenQuestion(
        "breathing",
        _("Do you have sleep apnea or a lung disease?"),
        _(
            "Sleep apnea means your breathing stops and starts while you sleep. "
            "Lung diseases include COPD and severe asthma."
        ),
        Rule.REVIEW,
        _SLOWED_BREATHING,
        ("spravato", "fda2023", "screen"),
        since=2,
    ),
    ScreenQuestion(
        "thyroid",
        _("Do you have an overactive thyroid (hyperthyroidism)?"),
        _("Answer yes even if it is being treated."),
        Rule.REVIEW,
        _(
            "You have an overactive thyroid. It can raise your heart rate and blood "
            "pressure, and so can ketamine, so a clinician needs to check this "
            "first."
        ),
        ("spravato", "screen"),
        since=2,
    ),
    ScreenQuestion(
        "adult_present",
        _(
            "Could another adult be with you during each dose and for a few hours "
            "after it?"
        ),
        _("For example a partner, a family member or a friend."),
        Rule.REVIEW,
        _(
            "You may not have another adult with you during and after each dose. "
            "Ketamine can make you very sleepy or confused for a few hours, and at "
            "home no clinician is with you, so a clinician would need to talk "
            "through with you how treatment could be made safe."
        ),
        ("spravato", "fda2023", "screen"),
        flagged=Answer.NO,
        since=2,
    ),
)

SCREEN_QUESTIONS = {
    q.key: q
    for q in (
        *PHYSICAL_QUESTIONS,
        *MENTAL_QUESTIONS,
        *SUICIDE_QUESTIONS,
        *HOME_QUESTIONS,
    )
}


def questions_of(version: int) -> dict[str, ScreenQuestion]:
    """The questions a given version of the screen asked."""
    return {key: q for key, q in SCREEN_QUESTIONS.items() if q.since <= version}


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
            "You take a benzodiazepine every day. These may weaken or shorten the "
            "effect of ketamine, though the studies that suggest it are small and "
            "of low quality. A clinician would need to talk this through with you. "
            "Do not stop or change any medicine without medical advice."
        ),
        ("andrade2017", "veraart2021", "andrashko2020"),
    ),
    Medicine(
        "lamotrigine",
        _("Lamotrigine"),
        _("Also called Lamictal."),
        _(
            "You take lamotrigine. It may weaken the effect of ketamine, though the "
            "evidence is limited, so a clinician would need to review it. Do not "
            "stop or change any medicine without medical advice."
        ),
        ("veraart2021", "andrade2017"),
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
            " so a clinician would need to review it."
        ),
        ("spravato",),
    ),
    Medicine(
        "stimulants",
        _("A stimulant"),
        _("For example methylphenidate (Ritalin) or amphetamine (Adderall)."),
        _(
            "You take a stimulant. Together with ketamine it can raise blood "
            "pressure, so a clinician would need to review it."
        ),
        ("spravato",),
    ),
)

MEDICINE_KEYS = {medicine.key: medicine for medicine in MEDICINES}
NO_MEDICINES = "none"
MEDICINES_NOT_SURE = "not_sure"

# The treatment page's answer to "How many different antidepressants have you
# tried?": the values that count as fewer than two, and "not sure".
FEWER_THAN_TWO_ANTIDEPRESSANTS = frozenset({"0", "1"})
ANTIDEPRESSANTS_NOT_SURE = "not_sure"
