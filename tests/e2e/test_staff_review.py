"""A reviewer works the queue in Chromium: real sign-in with a password and a
current authenticator code, the urgent case on top, a note and a status change."""

import pytest
from playwright.sync_api import Page, expect

from intake.domain.screen import PHYSICAL_QUESTIONS
from intake.domain.workflow import Review
from tests.conftest import give_device
from tests.e2e.helpers import assert_no_axe_violations, sign_in
from tests.intake.factories import all_no, build, phq9
from tests.intake.fixtures import intake_settings  # noqa: F401  (autouse)

NOTE = "Called, left a voicemail with the crisis line numbers."


@pytest.fixture
def reviewer(make_staff_user):
    user = make_staff_user("rita", "Intake reviewer")
    give_device(user)
    return user


@pytest.fixture
def queue():
    """An ordinary submission, a needs-review one, and the urgent one, made last
    so that "newest first" alone would not put it on top."""
    build()
    build(physical={**all_no(PHYSICAL_QUESTIONS), "blood_pressure": "yes"})
    return build(phq9=phq9(0, 0, 0, 0, 0, 0, 0, 0, 1))


@pytest.mark.django_db(transaction=True)
def test_a_reviewer_finds_the_urgent_case_on_top_and_works_it(
    live_server, page: Page, reviewer, queue
):
    sign_in(page, live_server.url, reviewer.totpdevice_set.get())
    expect(page.get_by_role("heading", name="1 open urgent assessment")).to_be_visible()
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Assessments", exact=True).first.click()

    first_row = page.locator("#result_list tbody tr").first
    expect(first_row.locator(".kc-urgent")).to_have_text("Urgent")
    assert_no_axe_violations(page)

    with page.expect_navigation():
        first_row.locator("th a, td a").first.click()
    expect(page.locator(".kc-alert")).to_contain_text("item 9")
    assert_no_axe_violations(page)

    page.get_by_label("Review status").select_option(label="In review")
    page.get_by_label("Add a note").fill(NOTE)
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    queue.refresh_from_db()
    assert queue.review_status == Review.IN_REVIEW
    note = queue.notes.get()
    assert (note.text, note.author) == (NOTE, reviewer)
    assert page.js_errors == []  # CSP violations are console errors too
