"""The validated questionnaires as data: PHQ-9 and GAD-7.

Plain Python, no Django: the forms, the scoring, the result page, the admin and
the FHIR export all read these same objects.

Item wording is exactly as published by Pfizer (Spitzer, Williams, Kroenke),
which released the PHQ family and GAD-7 with no permission needed to reproduce
them. Codes are LOINC (panels 44249-1 and 69737-5), see docs/clinical.md
(the instruments). Severity bands: Kroenke, Spitzer & Williams 2001 (PHQ-9) and
Spitzer et al. 2006 (GAD-7).

Strings shown to people go through `gettext_noop` so `makemessages` finds them;
they are translated where they are rendered. A translation of a validated item
would itself have to be a validated translation.
"""

from __future__ import annotations

from dataclasses import dataclass


def gettext_noop(message: str) -> str:
    """Mark a string for translation without translating it here (as gettext_noop)."""
    return message


@dataclass(frozen=True)
class AnswerOption:
    value: int
    label: str
    loinc: str


@dataclass(frozen=True)
class Item:
    number: int
    link_id: str
    loinc: str
    text: str


@dataclass(frozen=True)
class Band:
    key: str
    label: str
    low: int
    high: int
    meaning: str

    def __contains__(self, total: int) -> bool:
        return self.low <= total <= self.high


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    loinc: str


@dataclass(frozen=True)
class UnscoredItem:
    link_id: str
    loinc: str
    text: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Instrument:
    key: str
    name: str
    title: str
    version: str
    panel_loinc: str
    total_loinc: str
    stem: str
    items: tuple[Item, ...]
    options: tuple[AnswerOption, ...]
    bands: tuple[Band, ...]
    extra_items: tuple[UnscoredItem, ...] = ()

    @property
    def max_total(self) -> int:
        return len(self.items) * max(option.value for option in self.options)

    @property
    def link_ids(self) -> tuple[str, ...]:
        return tuple(item.link_id for item in self.items)

    def option(self, value: int) -> AnswerOption:
        for option in self.options:
            if option.value == value:
                return option
        raise KeyError(value)


# The four options shared by every PHQ-9 and GAD-7 item (LOINC answer list LL358-3).
FREQUENCY_OPTIONS = (
    AnswerOption(0, gettext_noop("Not at all"), "LA6568-5"),
    AnswerOption(1, gettext_noop("Several days"), "LA6569-3"),
    AnswerOption(2, gettext_noop("More than half the days"), "LA6570-1"),
    AnswerOption(3, gettext_noop("Nearly every day"), "LA6571-9"),
)

# Our own plain words for each band: what the range usually signals. The
# result page adds what a band does not mean (it is not a diagnosis).
_MINIMAL = gettext_noop(
    "Few or no symptoms in the last two weeks, or symptoms that came up only now "
    "and then."
)
_MILD = gettext_noop(
    "Some symptoms on some days. They may still be worth talking about, especially "
    "if they have lasted a while."
)
_MODERATE = gettext_noop(
    "Symptoms on many days that are probably affecting daily life. They are worth "
    "talking about with a clinician."
)
_MODERATELY_SEVERE = gettext_noop(
    "Frequent symptoms that are likely to be making everyday life hard. A clinician "
    "should look at this with you."
)
_SEVERE = gettext_noop(
    "Symptoms on most days that are likely to be affecting you a great deal. Please "
    "talk to a clinician soon."
)

# PHQ-9 and GAD-7 share their first three bands; they differ above 14.
_LOWER_BANDS = (
    Band("minimal", gettext_noop("Minimal"), 0, 4, _MINIMAL),
    Band("mild", gettext_noop("Mild"), 5, 9, _MILD),
    Band("moderate", gettext_noop("Moderate"), 10, 14, _MODERATE),
)

PHQ9 = Instrument(
    key="phq9",
    name="PHQ-9",
    title=gettext_noop("Patient Health Questionnaire (PHQ-9)"),
    version="PHQ-9 en-US 1999 (LOINC 44249-1)",
    panel_loinc="44249-1",
    total_loinc="44261-6",
    stem=gettext_noop(
        "Over the last 2 weeks, how often have you been bothered by any of the "
        "following problems?"
    ),
    items=(
        Item(
            1,
            "phq9_1",
            "44250-9",
            gettext_noop("Little interest or pleasure in doing things"),
        ),
        Item(
            2, "phq9_2", "44255-8", gettext_noop("Feeling down, depressed, or hopeless")
        ),
        Item(
            3,
            "phq9_3",
            "44259-0",
            gettext_noop("Trouble falling or staying asleep, or sleeping too much"),
        ),
        Item(
            4,
            "phq9_4",
            "44254-1",
            gettext_noop("Feeling tired or having little energy"),
        ),
        Item(5, "phq9_5", "44251-7", gettext_noop("Poor appetite or overeating")),
        Item(
            6,
            "phq9_6",
            "44258-2",
            gettext_noop(
                "Feeling bad about yourself \u2014 or that you are a failure or "
                "have let yourself or your family down"
            ),
        ),
        Item(
            7,
            "phq9_7",
            "44252-5",
            gettext_noop(
                "Trouble concentrating on things, such as reading the newspaper or"
                " watching television"
            ),
        ),
        Item(
            8,
            "phq9_8",
            "44253-3",
            gettext_noop(
                "Moving or speaking so slowly that other people could have "
                "noticed? Or the opposite \u2014 being so fidgety or restless that"
                " you have been moving around a lot more than usual"
            ),
        ),
        Item(
            9,
            "phq9_9",
            "44260-8",
            gettext_noop(
                "Thoughts that you would be better off dead or of hurting yourself"
                " in some way"
            ),
        ),
    ),
    options=FREQUENCY_OPTIONS,
    bands=(
        *_LOWER_BANDS,
        Band(
            "moderately_severe",
            gettext_noop("Moderately severe"),
            15,
            19,
            _MODERATELY_SEVERE,
        ),
        Band("severe", gettext_noop("Severe"), 20, 27, _SEVERE),
    ),
    extra_items=(
        UnscoredItem(
            link_id="phq9_difficulty",
            loinc="69722-7",
            text=gettext_noop(
                "If you checked off any problems, how difficult have these problems "
                "made it for you to do your work, take care of things at home, or "
                "get along with other people?"
            ),
            choices=(
                Choice(
                    "not_difficult", gettext_noop("Not difficult at all"), "LA6572-7"
                ),
                Choice("somewhat", gettext_noop("Somewhat difficult"), "LA6573-5"),
                Choice("very", gettext_noop("Very difficult"), "LA6575-0"),
                Choice("extremely", gettext_noop("Extremely difficult"), "LA6574-3"),
            ),
        ),
    ),
)

# Item 9 asks about thoughts of death or self-harm; any answer above
# "Not at all" is a positive screen (docs/clinical.md, item 9).
PHQ9_ITEM9 = PHQ9.items[8]

GAD7 = Instrument(
    key="gad7",
    name="GAD-7",
    title=gettext_noop("Generalized Anxiety Disorder scale (GAD-7)"),
    version="GAD-7 en-US 2006 (LOINC 69737-5)",
    panel_loinc="69737-5",
    total_loinc="70274-6",
    stem=gettext_noop(
        "Over the last 2 weeks, how often have you been bothered by the following "
        "problems?"
    ),
    items=(
        Item(
            1, "gad7_1", "69725-0", gettext_noop("Feeling nervous, anxious or on edge")
        ),
        Item(
            2,
            "gad7_2",
            "68509-9",
            gettext_noop("Not being able to stop or control worrying"),
        ),
        Item(
            3,
            "gad7_3",
            "69733-4",
            gettext_noop("Worrying too much about different things"),
        ),
        Item(4, "gad7_4", "69734-2", gettext_noop("Trouble relaxing")),
        Item(
            5,
            "gad7_5",
            "69735-9",
            gettext_noop("Being so restless that it is hard to sit still"),
        ),
        Item(
            6, "gad7_6", "69689-8", gettext_noop("Becoming easily annoyed or irritable")
        ),
        Item(
            7,
            "gad7_7",
            "69736-7",
            gettext_noop("Feeling afraid as if something awful might happen"),
        ),
    ),
    options=FREQUENCY_OPTIONS,
    bands=(
        *_LOWER_BANDS,
        Band("severe", gettext_noop("Severe"), 15, 21, _SEVERE),
    ),
)

INSTRUMENTS = {instrument.key: instrument for instrument in (PHQ9, GAD7)}
