"""Keyboard only, on a phone-sized screen, and with JavaScript switched off."""

import re

import pytest
from playwright.sync_api import Browser, expect

from intake.models import Assessment
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.helpers import assert_no_axe_violations
from tests.intake import browser as flow
from tests.intake.factories import phq9
from tests.intake.fixtures import intake_settings  # noqa: F401  (autouse)


@pytest.mark.django_db(transaction=True)
def test_a_phone_user_can_finish_with_the_keyboard_alone(live_server, browser: Browser):
    context = browser.new_context(viewport=VIEWPORTS["phone"], has_touch=False)
    page = context.new_page()
    page.goto(live_server.url + "/assessment/")
    flow.press_on(page, 'button[type="submit"]')
    posts = flow.valid_posts(phq9=phq9(1, 2, 3, 0, 1, 2, 3, 0, 1))
    for question in flow.steps.QUESTIONS:
        flow.answer_by_keyboard(page, question.key, posts[question.key])
        if flow.shows_safety_message(page):
            # Getting help comes first on that page; continuing is the quiet
            # link, down to the questions below it.
            flow.tab_to(page, "main a.btn-outline-secondary")
            page.keyboard.press("Enter")
            expect(page).to_have_url(
                re.compile("/assessment/anxiety-questions/#questions$")
            )
    expect(page.locator("h1")).to_have_text("Check your answers before sending them")
    flow.press_on(page, 'button[type="submit"]')
    expect(page.locator("h1")).to_have_text("Your results")
    assert_no_axe_violations(page)
    assessment = Assessment.objects.get()
    assert assessment.phq9_total == 13
    assert assessment.answers["about"] == {"age": 34, "state": "CA"}
    assert assessment.contact_name == "Ada Lovelace"
    context.close()


@pytest.mark.django_db(transaction=True)
def test_keyboard_users_reach_each_error_from_the_summary(
    live_server, browser: Browser
):
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(live_server.url + "/assessment/")
    flow.press_on(page, 'button[type="submit"]')
    flow.press_on(page, 'button[type="submit"]')  # nothing answered
    expect(page.locator(".kc-error-summary")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Enter your age")
    page.keyboard.press("Enter")
    expect(page.locator("#id_age")).to_be_focused()
    context.close()


@pytest.mark.django_db(transaction=True)
def test_the_whole_assessment_works_without_javascript(live_server, browser: Browser):
    context = browser.new_context(
        viewport=VIEWPORTS["phone"], java_script_enabled=False
    )
    page = context.new_page()
    flow.walk(
        page, live_server.url, flow.answer_by_mouse, contact={"wants_contact": "no"}
    )
    expect(page.get_by_text("cannot contact you")).to_be_visible()
    assert Assessment.objects.get().status == Assessment.Status.SUBMITTED
    context.close()
