"""A clinician signs a page off in Chromium: from the admin home's count to the
sign-off page and back to the public page, which then names them."""

import pytest
from playwright.sync_api import Page, expect

from education.cache import content_cache_invalidate
from education.models import TopicPageSignoff
from tests.conftest import give_device
from tests.e2e.helpers import assert_no_axe_violations, sign_in
from tests.education.factories import make_topic


@pytest.fixture
def clinician(make_staff_user):
    user = make_staff_user("dr-doe", "Clinical reviewer")
    give_device(user)
    return user


@pytest.mark.django_db(transaction=True)
def test_a_clinician_signs_off_a_page_and_the_public_page_names_them(
    live_server, page: Page, clinician
):
    topic = make_topic(title="How long it lasts", body="Relief fades [1].")
    # Made behind the admin's back: earlier tests' pages must not be served.
    content_cache_invalidate()
    base = live_server.url
    page.goto(f"{base}{topic.get_absolute_url()}")
    expect(page.locator(".review-note")).to_contain_text(
        "Not yet reviewed by this clinic."
    )

    sign_in(page, base, clinician.totpdevice_set.get())
    expect(
        page.get_by_role("heading", name="1 published item needs clinical review")
    ).to_be_visible()
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("link", name="1 topic page").click()
    with page.expect_navigation():
        page.get_by_role("link", name="How long it lasts").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Sign off this version").click()

    expect(page.get_by_role("heading", name="The version you are signing off"))
    expect(page.locator(".signoff-text")).to_contain_text("Relief fades")
    assert_no_axe_violations(page)
    page.get_by_label("Your name, as the public page will show it").fill("Dr Jane Doe")
    page.get_by_label("Your credentials").fill("MD, board-certified psychiatrist")
    page.get_by_label("I have read this version in full").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Sign off this version").click()
    expect(page.locator(".messagelist")).to_contain_text("Signed off.")
    assert TopicPageSignoff.objects.get(page=topic).signed_by == clinician

    page.goto(f"{base}{topic.get_absolute_url()}")
    expect(page.locator(".review-note")).to_contain_text(
        "Reviewed by Dr Jane Doe, MD, board-certified psychiatrist, on"
    )
    expect(page.locator(".review-note")).to_contain_text("Next review due")
    assert_no_axe_violations(page)
    assert page.js_errors == []  # CSP violations are console errors too


@pytest.mark.django_db(transaction=True)
def test_the_sign_off_form_explains_what_is_missing(live_server, page: Page, clinician):
    topic = make_topic()
    sign_in(page, live_server.url, clinician.totpdevice_set.get())
    page.goto(f"{live_server.url}/admin/education/topicpage/{topic.pk}/signoff/")
    page.get_by_label("Your name, as the public page will show it").fill("Dr Doe")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign off this version").click()
    credentials = page.get_by_label("Your credentials")
    expect(credentials).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_reviewer_credentials_error")).to_contain_text(
        "This field is required."
    )
    expect(page.locator("#id_confirm_error")).to_contain_text("This field is required.")
    assert_no_axe_violations(page)
    assert not TopicPageSignoff.objects.exists()
