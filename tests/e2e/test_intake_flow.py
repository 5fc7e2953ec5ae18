"""The self-assessment end to end in Chromium: every page, every error state, axe."""

import re

import pytest
from playwright.sync_api import Page, expect

from intake.models import Assessment
from tests.e2e.helpers import assert_no_axe_violations
from tests.intake import browser as flow
from tests.intake.factories import phq9, valid_posts
from tests.intake.fixtures import intake_settings  # noqa: F401  (autouse)

ITEM9_POSITIVE = phq9(2, 2, 1, 1, 1, 0, 0, 0, 1)


def axe_and_no_js_errors(page: Page) -> None:
    assert_no_axe_violations(page)
    assert page.js_errors == []


@pytest.mark.django_db(transaction=True)
def test_every_page_of_an_urgent_assessment_passes_axe_and_the_result_prints(
    live_server, page: Page
):
    visited = []

    def check(page: Page) -> None:
        visited.append((page.url, page.locator("h1").first.inner_text()))
        axe_and_no_js_errors(page)

    flow.walk(
        page, live_server.url, flow.answer_by_mouse, on_page=check, phq9=ITEM9_POSITIVE
    )
    # The safety message is at the top of the GAD-7's page, at its address.
    assert any(
        "/assessment/anxiety-questions/" in url
        and heading == "Support is available now"
        for url, heading in visited
    )
    assert len(visited) == 15  # start, 12 questions, check, result
    assessment = Assessment.objects.get()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert assessment.urgent

    # The result prints cleanly: the print stylesheet hides the site's furniture.
    page.emulate_media(media="print")
    expect(page.locator(".site-nav")).to_be_hidden()
    expect(page.get_by_role("link", name="Leave this site")).to_be_hidden()
    expect(page.locator("#scores-heading")).to_be_visible()
    expect(page.locator("#outcome-heading")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_error_states_pass_axe_and_focus_the_error_summary(live_server, page: Page):
    page.goto(live_server.url + "/assessment/")
    flow.click_continue(page, "Start now")
    posts = valid_posts()
    partial = {  # one answer missing or wrong on each page
        "about": {"age": "abc"},
        "phq9": {k: v for k, v in posts["phq9"].items() if k != "phq9_5"},
        "gad7": {},
        "physical": {"pregnancy": "no"},
        "mental": {},
        "suicide": {"suicide_plan": "no"},
        "treatment": {"antidepressants": "2", "past_treatments": ["none", "tms"]},
        "medicines": {"medicines": ["lamotrigine", "none"]},
        "home": {"alcohol": "no", "thyroid": "not_sure"},
        "goals": {"hopes": "x" * 1001},
        "contact": {},
        "details": {"name": "Ada", "email": "not-an-email", "method": "text"},
    }
    for key, bad in partial.items():
        flow.fill_by_mouse(page, bad)
        flow.click_continue(page)
        summary = page.locator(".kc-error-summary")
        expect(summary).to_be_visible()
        expect(summary).to_be_focused()
        expect(page).to_have_title(re.compile("^Error:"))
        first_link = summary.locator("a").first
        target = first_link.get_attribute("href")
        axe_and_no_js_errors(page)
        first_link.click()  # each summary link jumps to its field
        expect(page.locator(target)).to_be_focused()
        flow.answer_by_mouse(page, key, posts[key])


@pytest.mark.django_db(transaction=True)
def test_the_licensing_notice_and_the_adults_only_page_pass_axe(
    live_server, page: Page
):
    page.goto(live_server.url + "/assessment/")
    flow.click_continue(page, "Start now")
    flow.answer_by_mouse(page, "about", {"age": "40", "state": "FL"})
    expect(page.locator("h1")).to_have_text(
        "The clinic cannot offer treatment where you live"
    )
    axe_and_no_js_errors(page)
    page.get_by_role("link", name="Back").click()
    flow.answer_by_mouse(page, "about", {"age": "16", "state": "CA"})
    expect(page.locator("h1")).to_have_text("This assessment is for adults")
    axe_and_no_js_errors(page)


@pytest.mark.django_db(transaction=True)
def test_back_links_keep_the_answers(live_server, page: Page):
    page.goto(live_server.url + "/assessment/")
    flow.click_continue(page, "Start now")
    flow.answer_by_mouse(page, "about", {"age": "52", "state": "NY"})
    flow.answer_by_mouse(page, "phq9", phq9(3, 2, 1, 0, 3, 2, 1, 0, 0))
    page.get_by_role("link", name="Back").click()
    expect(page.locator("#id_phq9_1_3")).to_be_checked()
    expect(page.locator("#id_phq9_3_1")).to_be_checked()
    page.get_by_role("link", name="Back").click()
    expect(page.get_by_label("How old are you?")).to_have_value("52")
    page.reload()
    expect(page.get_by_label("Which state do you live in?")).to_have_value("NY")
