"""The pages of the self-assessment, in order, and how a person moves through them.

Plain Python: `answers` is the stored mapping of step key -> that step's answers
(the JSON kept on the assessment). Three kinds of page:

- QUESTION pages collect answers and are numbered "Step N of M";
- NOTICE pages appear only when a condition holds, need no answer, and are
  shown next, at once: the safety message after a positive PHQ-9 item 9, again
  after a "yes" to thoughts of suicide with a plan or intent, and the licensing
  notice after a state the clinic does not serve;
- the STOP page for under-18s: nothing after it can be reached.

No address, status code or redirect may tell an answer to an access log or to
the browser's history, so a notice has no address of its own: it is shown at
the top of the question page that follows it (its `slug` is that page's), and
the stop page is shown at the address of the page it replaces. Everyone asks
for the same addresses in the same order; only the page's content differs.

Rules: a page can be visited when it applies and no earlier question is still
unanswered (otherwise the person is sent to the first unanswered one). "Check
your answers" needs every applicable question answered. The contact details
questions apply only when the person asked to be contacted; whoever did not is
still sent to that address, which then says no details are needed (views).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from intake.domain import instruments, scoring
from intake.domain.instruments import Instrument
from intake.domain.instruments import gettext_noop as _
from intake.domain.screen import SCREEN_VERSION
from intake.domain.states import is_licensed
from intake.domain.triage import ADULT_AGE, ScreenAnswers

Answers = Mapping[str, Mapping[str, Any]]


class Kind(StrEnum):
    QUESTION = "question"
    NOTICE = "notice"
    STOP = "stop"
    CHECK = "check"


@dataclass(frozen=True)
class Page:
    key: str
    slug: str
    title: str
    kind: Kind


ABOUT = Page("about", "about-you", _("About you"), Kind.QUESTION)
PHQ9 = Page(
    "phq9", "depression-questions", _("Depression questions (PHQ-9)"), Kind.QUESTION
)
GAD7 = Page("gad7", "anxiety-questions", _("Anxiety questions (GAD-7)"), Kind.QUESTION)
# Shown at the address of the page they come before (see the module docstring).
STATE_NOTICE = Page("state_notice", PHQ9.slug, _("Where we can help"), Kind.NOTICE)
ADULTS_ONLY = Page(
    "adults_only", PHQ9.slug, _("This assessment is for adults"), Kind.STOP
)
SAFETY = Page("safety", GAD7.slug, _("Support is available now"), Kind.NOTICE)
PHYSICAL = Page("physical", "physical-health", _("Your physical health"), Kind.QUESTION)
MENTAL = Page("mental", "mental-health", _("Your mental health history"), Kind.QUESTION)
# Screen version 2: the suicide and at-home questions (intake.domain.screen).
SUICIDE = Page("suicide", "keeping-you-safe", _("Thoughts of suicide"), Kind.QUESTION)
TREATMENT = Page("treatment", "treatment-so-far", _("Treatment so far"), Kind.QUESTION)
# The safety message again, at once, after a plan or intent (intake.domain.screen).
PLAN_SAFETY = Page(
    "plan_safety", TREATMENT.slug, _("Support is available now"), Kind.NOTICE
)
MEDICINES = Page("medicines", "medicines", _("Medicines you take"), Kind.QUESTION)
HOME = Page("home", "treatment-at-home", _("Treatment at home"), Kind.QUESTION)
GOALS = Page("goals", "your-goals", _("What you hope for"), Kind.QUESTION)
CONTACT = Page("contact", "contact", _("Contact from the clinic"), Kind.QUESTION)
DETAILS = Page("details", "contact-details", _("Your contact details"), Kind.QUESTION)
CHECK = Page("check", "check-answers", _("Check your answers"), Kind.CHECK)

ALL_PAGES = (
    ABOUT, STATE_NOTICE, ADULTS_ONLY, PHQ9, SAFETY, GAD7, PHYSICAL, MENTAL,
    SUICIDE, PLAN_SAFETY, TREATMENT, MEDICINES, HOME, GOALS, CONTACT, DETAILS,
    CHECK,
)  # fmt: skip
QUESTIONS = tuple(page for page in ALL_PAGES if page.kind == Kind.QUESTION)
BY_KEY = {page.key: page for page in ALL_PAGES}
# The addresses: question pages and Check only (notices share their host's).
BY_SLUG = {
    page.slug: page for page in ALL_PAGES if page.kind in (Kind.QUESTION, Kind.CHECK)
}


def _age(answers: Answers) -> int | None:
    return answers.get(ABOUT.key, {}).get("age")


def wants_contact(answers: Answers) -> bool | None:
    choice = answers.get(CONTACT.key, {}).get("wants_contact")
    return None if choice is None else choice == "yes"


def applies(page: Page, answers: Answers, licensed_states: Collection[str]) -> bool:
    """Whether a page is part of this person's path, given the answers so far."""
    if page is STATE_NOTICE:
        about = answers.get(ABOUT.key)
        return (
            about is not None
            and about["age"] >= ADULT_AGE
            and not is_licensed(about["state"], frozenset(licensed_states))
        )
    if page is ADULTS_ONLY:
        age = _age(answers)
        return age is not None and age < ADULT_AGE
    if page is SAFETY:
        phq9 = answers.get(PHQ9.key)
        return phq9 is not None and scoring.item9_positive(phq9)
    if page is PLAN_SAFETY:
        return answers.get(SUICIDE.key, {}).get("suicide_plan") == "yes"
    if page is DETAILS:
        return wants_contact(answers) is not False
    return True


def path(answers: Answers, licensed_states: Collection[str]) -> list[Page]:
    """The pages that apply, in order, ending at the stop page or at Check."""
    pages = []
    for page in ALL_PAGES:
        if not applies(page, answers, licensed_states):
            continue
        pages.append(page)
        if page.kind == Kind.STOP:
            break
    return pages


def first_open(answers: Answers, licensed_states: Collection[str]) -> Page:
    """The page to send someone to: the first unanswered question, the stop page,
    or Check when everything is answered."""
    for page in path(answers, licensed_states):
        if page.kind == Kind.STOP or page.kind == Kind.CHECK:
            return page
        if page.kind == Kind.QUESTION and page.key not in answers:
            return page
    raise AssertionError("a path always ends at the stop page or at Check")


def can_visit(page: Page, answers: Answers, licensed_states: Collection[str]) -> bool:
    pages = path(answers, licensed_states)
    if page not in pages:
        return False
    return pages.index(page) <= pages.index(first_open(answers, licensed_states))


def is_complete(answers: Answers, licensed_states: Collection[str]) -> bool:
    return first_open(answers, licensed_states) is CHECK


def next_page(
    page: Page,
    answers: Answers,
    licensed_states: Collection[str],
    *,
    changing: bool = False,
) -> Page:
    """Where to go after `page` is answered (or a notice is read).

    A notice that now applies always comes next (at the next page's address).
    When the person is changing one answer from Check, they go back to Check,
    whatever they answered (Check shows the safety message when it applies),
    unless the next page is a question still unanswered.
    """
    if page is CONTACT:
        return DETAILS  # its address, whatever the answer (see the docstring)
    pages = path(answers, licensed_states)
    following = pages[pages.index(page) + 1 :] if page in pages else []
    if changing:
        following = [p for p in following if p.kind != Kind.NOTICE]
        upcoming = following[0] if following else CHECK
        if upcoming.kind == Kind.QUESTION and upcoming.key not in answers:
            return upcoming
        return CHECK
    if not following:
        return first_open(answers, licensed_states)
    return following[0]


def previous_page(
    page: Page, answers: Answers, licensed_states: Collection[str]
) -> Page | None:
    """The Back link's target; None on the first page (Back goes to the start).
    A notice is part of the page after it, so Back never lands on one."""
    pages = [
        p for p in path(answers, licensed_states) if p.kind != Kind.NOTICE or p is page
    ]
    if page is CHECK:
        return DETAILS  # its address, whatever the answer
    if page is DETAILS:
        return CONTACT
    if page not in pages or pages.index(page) == 0:
        return None
    return pages[pages.index(page) - 1]


def notice_before(
    page: Page, answers: Answers, licensed_states: Collection[str]
) -> Page | None:
    """The notice shown at the top of question `page`, if one applies."""
    for candidate in path(answers, licensed_states):
        if candidate.kind == Kind.NOTICE and candidate.slug == page.slug:
            return candidate
    return None


def safety_notice(answers: Answers, licensed_states: Collection[str]) -> Page | None:
    """The safety message that applies anywhere (e.g. on Check), if any."""
    for page in (PLAN_SAFETY, SAFETY):
        if applies(page, answers, licensed_states):
            return page
    return None


def progress(
    page: Page, answers: Answers, licensed_states: Collection[str]
) -> tuple[int, int] | None:
    """("Step", "of") numbers for a question page; None for other pages."""
    if page.kind != Kind.QUESTION:
        return None
    numbered = [q for q in QUESTIONS if q is not DETAILS or applies(q, answers, ())]
    if page not in numbered:
        return None
    return numbered.index(page) + 1, len(numbered)


# The question pages whose answers are screen questions (intake.domain.screen).
SCREEN_PAGES = (PHYSICAL, MENTAL, SUICIDE, HOME)


def _total(instrument: Instrument, answers: Answers) -> int | None:
    given = answers.get(instrument.key)
    return None if given is None else scoring.score(instrument, given).total


def screen_answers(answers: Answers, *, version: int = SCREEN_VERSION) -> ScreenAnswers:
    """What the suitability screen needs, from the answers stored so far."""
    about = answers.get(ABOUT.key, {})
    phq9 = answers.get(PHQ9.key)
    medicines = answers.get(MEDICINES.key)
    screen: dict[str, Any] = {}
    for page in SCREEN_PAGES:
        screen.update(answers.get(page.key, {}))
    return ScreenAnswers(
        age=about.get("age"),
        place=about.get("state"),
        screen=screen,
        medicines=None if medicines is None else medicines["medicines"],
        item9_positive=None if phq9 is None else scoring.item9_positive(phq9),
        phq9_total=_total(instruments.PHQ9, answers),
        gad7_total=_total(instruments.GAD7, answers),
        antidepressants=answers.get(TREATMENT.key, {}).get("antidepressants"),
        version=version,
    )
