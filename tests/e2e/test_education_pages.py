"""The education pages in Chromium, at phone and desktop sizes: accessible, no
console or CSP errors, no sideways scrolling, and the FAQ works without JavaScript."""

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.helpers import assert_no_axe_violations

# The live server reads committed data; serialized_rollback restores what the
# migrations created (the Content editor group) after each test's flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGES = [
    "/",
    "/learn/",
    "/learn/how-long-does-it-last/",
    "/learn/safety-and-side-effects/",
    "/faq/",
    "/faq/?q=maintenance",
    "/faq/?q=xylophone",
    "/faq/?q=",
]


@pytest.mark.parametrize("path", PAGES)
def test_education_pages_have_no_axe_violations(
    live_server, page: Page, shipped_content, path
):
    page.goto(live_server.url + path)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("path", PAGES)
def test_education_pages_render_cleanly(live_server, page: Page, shipped_content, path):
    page.goto(live_server.url + path)
    page.wait_for_load_state("load")
    # No console errors: a CSP violation (e.g. by the JSON-LD block) would be one.
    assert page.js_errors == []
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, "the page scrolls sideways"


def test_the_timeline_picture_is_drawn_and_named(
    live_server, page: Page, shipped_content
):
    page.goto(live_server.url + "/learn/how-long-does-it-last/")
    picture = page.get_by_role(
        "img",
        name="Timeline: one session, a series, and a series with four weekly sessions",
    )
    expect(picture).to_be_visible()
    box = picture.bounding_box()
    assert box["width"] > 300
    expect(page.get_by_text("The timeline in words")).to_be_visible()


def test_a_citation_link_leads_to_its_reference(
    live_server, page: Page, shipped_content
):
    page.goto(live_server.url + "/learn/how-long-does-it-last/")
    page.get_by_role("link", name="Reference 1").first.click()
    assert page.evaluate("location.hash") == "#ref-1"
    expect(page.locator("#ref-1")).to_be_in_viewport()


@pytest.fixture
def no_js_page(browser: Browser):
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_faq_answers_open_without_javascript(live_server, no_js_page, shipped_content):
    no_js_page.goto(live_server.url + "/faq/")
    answer = no_js_page.locator("#q-driving")
    expect(answer).to_be_hidden()
    no_js_page.get_by_text("Can I drive after a session?").click()
    expect(answer).to_be_visible()


def test_faq_search_works_without_javascript(live_server, no_js_page, shipped_content):
    no_js_page.goto(live_server.url + "/faq/")
    no_js_page.get_by_label("Search the questions and topic pages").fill("driving")
    no_js_page.get_by_role("button", name="Search").click()
    no_js_page.wait_for_url("**/faq/?q=driving")
    expect(no_js_page.locator("mark").first).to_be_visible()
    no_js_page.get_by_role("link", name="Can I drive after a session?").click()
    # Following the link opens that answer, still without JavaScript.
    expect(no_js_page.locator("#q-driving")).to_be_visible()
    expect(no_js_page.locator("#q-driving")).to_contain_text("Arrange for someone")


def test_the_home_page_search_reaches_the_faq_without_javascript(
    live_server, no_js_page, shipped_content
):
    no_js_page.goto(live_server.url + "/")
    no_js_page.get_by_label("Search the questions and topic pages").fill("permanent")
    no_js_page.keyboard.press("Enter")
    expect(no_js_page.get_by_role("heading", level=2)).to_contain_text(
        "results for “permanent”"
    )
