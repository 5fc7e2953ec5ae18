"""The suicide and at-home questions through the real flow, in Chromium at phone
size, with axe on every page they touch, and the outcomes they lead to."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from intake.models import Assessment
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.helpers import assert_no_axe_violations
from tests.intake import browser as flow
from tests.intake.factories import gad7, phq9, valid_posts
from tests.intake.fixtures import intake_settings  # noqa: F401  (autouse)

NEW_PAGES = ("/keeping-you-safe/", "/treatment-at-home/")


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    yield page
    context.close()


def axe_on_new_pages_and_result(visited: list[str]):
    def check(page: Page) -> None:
        if page.url.endswith(NEW_PAGES) or page.url.endswith("/result/"):
            visited.append(page.url)
            assert_no_axe_violations(page)
            assert page.js_errors == []

    return check


@pytest.mark.django_db(transaction=True)
def test_flagged_answers_to_the_new_questions_reach_a_clinician_with_reasons(
    live_server, phone: Page
):
    posts = valid_posts()
    visited: list[str] = []
    flow.walk(
        phone,
        live_server.url,
        flow.answer_by_mouse,
        on_page=axe_on_new_pages_and_result(visited),
        suicide={**posts["suicide"], "suicide_attempt": "not_sure"},
        home={**posts["home"], "sedatives": "yes", "adult_present": "no"},
    )
    assert len(visited) == 3  # both new pages and the result
    outcome = phone.locator("#outcome-heading").locator("..")
    expect(outcome).to_contain_text("A clinician needs to review your answers")
    expect(outcome).to_contain_text("You take something that makes you drowsy.")
    expect(outcome).to_contain_text("You may not have another adult with you")
    expect(outcome).to_contain_text("Have you ever tried to end your life?")
    assessment = Assessment.objects.get()
    assert assessment.reasons == [
        "not_sure:suicide_attempt",
        "sedatives",
        "adult_present",
    ]
    assert assessment.screen_version == 2
    assert not assessment.urgent


@pytest.mark.django_db(transaction=True)
def test_a_suicide_plan_with_item9_positive_is_urgent(live_server, phone: Page):
    posts = valid_posts()
    flow.walk(
        phone,
        live_server.url,
        flow.answer_by_mouse,
        on_page=axe_on_new_pages_and_result([]),
        phq9=phq9(1, 1, 1, 1, 1, 1, 1, 1, 2),
        suicide={**posts["suicide"], "suicide_plan": "yes"},
    )
    expect(phone.locator("#outcome-heading").locator("..")).to_contain_text(
        "thoughts of ending your life with a plan"
    )
    assessment = Assessment.objects.get()
    assert assessment.urgent
    assert assessment.reasons[:2] == ["item9", "suicide_plan"]


@pytest.mark.django_db(transaction=True)
def test_minimal_symptoms_lead_to_a_consultation_about_options(
    live_server, phone: Page
):
    flow.walk(
        phone,
        live_server.url,
        flow.answer_by_mouse,
        on_page=axe_on_new_pages_and_result([]),
        phq9=phq9(1, 0, 0, 1, 0, 0, 0, 0, 0),
        gad7=gad7(0, 1, 0, 0, 0, 0, 0),
    )
    outcome = phone.locator("#outcome-heading").locator("..")
    expect(outcome).to_contain_text("A consultation about your treatment options")
    expect(outcome).to_contain_text("in the minimal range (0 to 4)")
    assert Assessment.objects.get().outcome == "consult_options"


@pytest.mark.django_db(transaction=True)
def test_the_new_pages_error_states_pass_axe_on_a_phone(live_server, phone: Page):
    posts = valid_posts()
    phone.goto(live_server.url + "/assessment/")
    flow.click_continue(phone, "Start now")
    for key in ("about", "phq9", "gad7", "physical", "mental"):
        flow.answer_by_mouse(phone, key, posts[key])
    for key, partial in (("suicide", {}), ("home", {"alcohol": "no"})):
        if key == "home":
            for before in ("treatment", "medicines"):
                flow.answer_by_mouse(phone, before, posts[before])
        flow.fill_by_mouse(phone, partial)
        flow.click_continue(phone)
        summary = phone.locator(".kc-error-summary")
        expect(summary).to_be_focused()
        expect(summary).to_contain_text("Select yes, no or not sure:")
        assert_no_axe_violations(phone)
        flow.answer_by_mouse(phone, key, posts[key])
    expect(phone.locator("h1")).to_contain_text("What you hope for")
