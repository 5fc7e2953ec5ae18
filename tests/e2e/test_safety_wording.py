"""The safety page in Chromium on a phone: help first, where the person lives, axe."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from intake.domain.states import OUTSIDE_US
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.helpers import assert_no_axe_violations
from tests.intake import browser as flow
from tests.intake.factories import phq9
from tests.intake.fixtures import intake_settings  # noqa: F401  (autouse)

ITEM9_POSITIVE = phq9(2, 2, 1, 1, 1, 0, 0, 0, 1)
FIRST_ACTION = "main a:not(.kc-back-link), main button"


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    yield page
    context.close()


def reach_the_safety_page(page: Page, base_url: str, state: str) -> None:
    page.goto(base_url + "/assessment/")
    flow.click_continue(page, "Start now")
    flow.answer_by_mouse(page, "about", {"age": "40", "state": state})
    if state == OUTSIDE_US:
        expect(page.locator("main")).to_contain_text("findahelpline.com")
        assert_no_axe_violations(page)
        page.get_by_role("link", name="Continue to the questions").click()
    flow.answer_by_mouse(page, "phq9", ITEM9_POSITIVE)
    expect(page.locator("h1")).to_have_text("Support is available now")


def assert_help_comes_before_continuing(page: Page, first_href: str) -> None:
    first = page.locator(FIRST_ACTION).first
    expect(first).to_have_attribute("href", first_href)
    expect(first).to_be_in_viewport()  # no scrolling needed to reach help
    carry_on = page.get_by_role("link", name="Continue with the assessment")
    assert carry_on.bounding_box()["y"] > first.bounding_box()["y"]
    # Help is the heavier button: larger than the quiet "continue" link.
    assert first.bounding_box()["height"] > carry_on.bounding_box()["height"]


@pytest.mark.django_db(transaction=True)
def test_outside_the_us_the_safety_page_leads_with_a_local_helpline(
    live_server, phone: Page
):
    reach_the_safety_page(phone, live_server.url, OUTSIDE_US)
    assert_help_comes_before_continuing(phone, "https://findahelpline.com")
    expect(phone.locator("main")).to_contain_text("call your local emergency number")
    expect(phone.locator("main")).to_contain_text("do not wait for us")
    assert_no_axe_violations(phone)


@pytest.mark.django_db(transaction=True)
def test_in_a_us_state_the_safety_page_leads_with_988(live_server, phone: Page):
    reach_the_safety_page(phone, live_server.url, "CA")
    assert_help_comes_before_continuing(phone, "tel:988")
    expect(phone.get_by_role("link", name="Text 988")).to_be_visible()
    expect(phone.locator("main")).to_contain_text("a screen, not an assessment")
    assert_no_axe_violations(phone)
    phone.get_by_role("link", name="Continue with the assessment").click()
    # The questions follow on the same page: continuing sends no request.
    expect(phone).to_have_url(re.compile("/assessment/anxiety-questions/#questions$"))
    expect(phone.locator("#questions h2")).to_be_in_viewport()


@pytest.mark.django_db
def test_the_crisis_bar_stays_compact_on_a_phone(live_server, phone: Page):
    phone.goto(live_server.url + "/")
    bar = phone.locator(".crisis-bar")
    expect(bar.get_by_role("link", name="Find a helpline")).to_be_visible()
    # The bar, with its outside-US line, leaves most of the first screen free.
    assert bar.bounding_box()["height"] < VIEWPORTS["phone"]["height"] / 4
    assert_no_axe_violations(phone)
