"""On a shared phone: after "Finish and clear this device", Back and reload
show no scores, and the browser holds none of the site's cookies."""

import pytest
from playwright.sync_api import Page, expect

from tests.intake import browser as flow
from tests.intake.fixtures import intake_settings  # noqa: F401  (autouse)


@pytest.mark.django_db(transaction=True)
def test_after_finish_and_clear_back_and_reload_show_no_scores(live_server, page: Page):
    flow.walk(page, live_server.url, flow.answer_by_mouse)
    expect(page.locator("#scores-heading")).to_be_visible()
    names = {cookie["name"] for cookie in page.context.cookies()}
    assert {"assessment", "csrftoken"} <= names

    page.get_by_role("button", name="Finish and clear this device").click()
    expect(page.locator("h1")).to_have_text("This device is cleared")
    assert page.context.cookies() == []

    page.go_back()
    expect(page.locator("main")).not_to_contain_text("Your scores")
    expect(page.locator("main")).not_to_contain_text("out of 27")
    page.reload()
    expect(page.locator("main")).not_to_contain_text("Your scores")
    page.goto(live_server.url + "/assessment/result/")
    expect(page.locator("main")).not_to_contain_text("Your scores")
    page.goto(live_server.url + "/assessment/")
    expect(page.locator("main")).not_to_contain_text("already sent an assessment")
