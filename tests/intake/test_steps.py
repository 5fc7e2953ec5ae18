"""The order of the pages and how a person moves through them."""

from intake.domain import steps
from intake.domain.screen import SCREEN_QUESTIONS, SCREEN_VERSION
from intake.domain.steps import (
    ABOUT,
    ADULTS_ONLY,
    CHECK,
    CONTACT,
    DETAILS,
    GAD7,
    GOALS,
    MEDICINES,
    PHQ9,
    SAFETY,
    STATE_NOTICE,
    Kind,
)

LICENSED = ["CA"]
PHQ9_NEGATIVE = {f"phq9_{n}": 1 for n in range(1, 10)} | {"phq9_9": 0}
PHQ9_POSITIVE = PHQ9_NEGATIVE | {"phq9_9": 1}


def answered(*keys, **overrides):
    answers = {
        "about": {"age": 30, "state": "CA"},
        "phq9": PHQ9_NEGATIVE,
        "gad7": {f"gad7_{n}": 0 for n in range(1, 8)},
        "physical": {},
        "mental": {},
        "suicide": {},
        "treatment": {},
        "medicines": {"medicines": ["none"]},
        "home": {},
        "goals": {},
        "contact": {"wants_contact": "yes"},
        "details": {"method": "email"},
    }
    return {key: overrides.get(key, answers[key]) for key in keys}


ALL = [page.key for page in steps.QUESTIONS]


def test_nothing_answered_starts_at_about_you():
    assert steps.first_open({}, LICENSED) is ABOUT


def test_the_first_unanswered_question_is_where_a_person_is_sent():
    assert steps.first_open(answered("about", "phq9"), LICENSED) is GAD7


def test_a_later_page_cannot_be_visited_before_earlier_answers():
    assert not steps.can_visit(MEDICINES, answered("about"), LICENSED)
    assert steps.can_visit(PHQ9, answered("about"), LICENSED)


def test_answered_pages_can_be_revisited():
    assert steps.can_visit(ABOUT, answered("about", "phq9", "gad7"), LICENSED)


def test_check_is_reached_only_when_everything_is_answered():
    assert not steps.can_visit(CHECK, answered(*ALL[:-1]), LICENSED)
    assert steps.first_open(answered(*ALL), LICENSED) is CHECK
    assert steps.is_complete(answered(*ALL), LICENSED)


def test_a_positive_item9_puts_the_safety_page_right_after_phq9():
    answers = answered("about", "phq9", phq9=PHQ9_POSITIVE)
    assert steps.next_page(PHQ9, answers, LICENSED) is SAFETY
    assert steps.next_page(SAFETY, answers, LICENSED) is GAD7


def test_a_negative_item9_goes_straight_on_to_gad7():
    answers = answered("about", "phq9")
    assert steps.next_page(PHQ9, answers, LICENSED) is GAD7
    assert not steps.can_visit(SAFETY, answers, LICENSED)


def test_changing_item9_returns_to_check_whatever_the_answer():
    # Check shows the safety message: no address tells the answer.
    for answers in (answered(*ALL, phq9=PHQ9_POSITIVE), answered(*ALL)):
        assert steps.next_page(PHQ9, answers, LICENSED, changing=True) is CHECK


def test_notices_share_the_address_of_the_page_they_come_before():
    assert SAFETY.slug == GAD7.slug
    assert STATE_NOTICE.slug == PHQ9.slug
    assert ADULTS_ONLY.slug == PHQ9.slug


def test_the_safety_notice_is_shown_before_the_gad7_only_after_a_positive_item9():
    positive = answered("about", "phq9", phq9=PHQ9_POSITIVE)
    assert steps.notice_before(GAD7, positive, LICENSED) is SAFETY
    assert steps.notice_before(GAD7, answered("about", "phq9"), LICENSED) is None


def test_changing_an_answer_returns_to_check():
    assert steps.next_page(GOALS, answered(*ALL), LICENSED, changing=True) is CHECK


def test_without_changing_the_next_page_follows_in_order():
    assert steps.next_page(GOALS, answered(*ALL), LICENSED) is CONTACT


def test_an_unlicensed_state_shows_the_licensing_notice_then_phq9():
    answers = answered("about", about={"age": 30, "state": "FL"})
    assert steps.next_page(ABOUT, answers, LICENSED) is STATE_NOTICE
    assert steps.next_page(STATE_NOTICE, answers, LICENSED) is PHQ9
    # They may still finish: the notice does not block the rest.
    assert steps.first_open(answers, LICENSED) is PHQ9


def test_under_18_stops_at_the_adults_only_page():
    answers = answered("about", about={"age": 16, "state": "CA"})
    assert steps.next_page(ABOUT, answers, LICENSED) is ADULTS_ONLY
    assert steps.first_open(answers, LICENSED) is ADULTS_ONLY
    assert not steps.can_visit(PHQ9, answers, LICENSED)
    assert steps.can_visit(ABOUT, answers, LICENSED)


def test_changing_age_to_under_18_later_blocks_the_rest():
    answers = answered(*ALL, about={"age": 15, "state": "CA"})
    assert not steps.can_visit(CHECK, answers, LICENSED)
    assert steps.first_open(answers, LICENSED) is ADULTS_ONLY


def test_contact_details_are_skipped_when_only_results_are_wanted():
    answers = answered(*ALL[:-1], contact={"wants_contact": "no"})
    # Its address is still next: it says that no details are needed.
    assert steps.next_page(CONTACT, answers, LICENSED) is DETAILS
    assert steps.is_complete(answers, LICENSED)
    assert DETAILS not in steps.path(answers, LICENSED)


def test_choosing_contact_while_changing_asks_for_the_details():
    answers = answered(*ALL[:-1])
    assert steps.next_page(CONTACT, answers, LICENSED, changing=True) is DETAILS


def test_back_skips_notices_which_are_part_of_the_next_page():
    answers = answered("about", "phq9", phq9=PHQ9_POSITIVE)
    assert steps.previous_page(GAD7, answers, LICENSED) is PHQ9
    assert steps.previous_page(ABOUT, answers, LICENSED) is None


def test_back_from_check_goes_to_the_contact_details_address_either_way():
    for choice in ("yes", "no"):
        answers = answered(*ALL[:-1], contact={"wants_contact": choice})
        assert steps.previous_page(CHECK, answers, LICENSED) is DETAILS
        assert steps.previous_page(DETAILS, answers, LICENSED) is CONTACT


def test_progress_counts_question_pages_only():
    assert steps.progress(ABOUT, {}, LICENSED) == (1, 12)
    assert steps.progress(DETAILS, {}, LICENSED) == (12, 12)
    assert steps.progress(SAFETY, {}, LICENSED) is None


def test_progress_shrinks_when_no_contact_details_are_needed():
    answers = answered("contact", contact={"wants_contact": "no"})
    assert steps.progress(CONTACT, answers, LICENSED) == (11, 11)


def test_screen_answers_gather_what_triage_needs():
    answers = answered(
        *ALL,
        phq9=PHQ9_POSITIVE,
        physical={"liver": "yes"},
        home={"thyroid": "not_sure"},
        treatment={"antidepressants": "1"},
    )
    screen = steps.screen_answers(answers)
    assert (screen.age, screen.place, screen.item9_positive) == (30, "CA", True)
    assert screen.screen == {"liver": "yes", "thyroid": "not_sure"}
    assert screen.medicines == ["none"]
    assert (screen.phq9_total, screen.gad7_total) == (9, 0)
    assert screen.antidepressants == "1"
    assert screen.version == SCREEN_VERSION
    assert not screen.complete  # the other screen questions are unanswered
    full = {key: "no" for key in SCREEN_QUESTIONS}
    treated = {"antidepressants": "2"}
    assert steps.screen_answers(
        answered(*ALL, physical=full, treatment=treated)
    ).complete
    # Without the treatment history the screen is not complete either.
    assert not steps.screen_answers(answered(*ALL, physical=full)).complete


def test_screen_answers_of_an_earlier_version_need_only_its_questions():
    v1 = {key: "no" for key, q in SCREEN_QUESTIONS.items() if q.since == 1}
    answers = answered(*ALL, physical=v1, treatment={"antidepressants": "2"})
    assert steps.screen_answers(answers, version=1).complete
    assert not steps.screen_answers(answers).complete


def test_the_new_screen_pages_come_in_order_for_every_new_assessment():
    keys = [page.key for page in steps.QUESTIONS]
    assert keys.index("suicide") == keys.index("mental") + 1
    assert keys.index("home") == keys.index("medicines") + 1


def test_a_draft_from_the_earlier_screen_is_asked_the_new_questions_first():
    earlier = answered(
        "about", "phq9", "gad7", "physical", "mental", "treatment", "medicines",
        "goals", "contact", "details",
    )  # fmt: skip
    assert steps.first_open(earlier, LICENSED) is steps.SUICIDE
    assert not steps.is_complete(earlier, LICENSED)


def test_every_question_page_has_a_unique_slug():
    addressed = [p for p in steps.ALL_PAGES if p.kind in (Kind.QUESTION, Kind.CHECK)]
    assert len(steps.BY_SLUG) == len(addressed)
