import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_no_axe_violations


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/help-now/", "/privacy/", "/no-such-page/"])
def test_base_pages_have_no_axe_violations(live_server, page: Page, path):
    page.goto(live_server.url + path)
    expect(page.locator(".crisis-bar")).to_contain_text("Call or text 988")
    assert_no_axe_violations(page)
    # The browser logs the missing page's own 404 status; nothing else may fail.
    expected = ["404 (Not Found)"] if path == "/no-such-page/" else []
    assert [e[-15:] for e in page.js_errors] == expected


@pytest.mark.django_db
def test_skip_link_is_the_first_tab_stop_and_moves_focus(live_server, page: Page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Skip to main content")
    expect(focused).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


@pytest.mark.django_db
def test_quick_exit_replaces_the_history_entry(live_server, page: Page):
    # Route the exit target to a local stub: the test machine has no internet.
    page.route(
        "https://www.google.com/**",
        lambda route: route.fulfill(
            body="<title>elsewhere</title>", content_type="text/html"
        ),
    )
    page.goto(live_server.url + "/privacy/")
    page.goto(live_server.url + "/help-now/")
    page.get_by_role("link", name="Leave this site").click()
    page.wait_for_url("https://www.google.com/**")
    page.go_back()
    # Back skips the replaced page and lands on the one before it.
    assert page.url == live_server.url + "/privacy/"


@pytest.mark.django_db
def test_pages_work_without_javascript(live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    expect(
        page.get_by_role("link", name="Take the free self-assessment")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Leave this site")).to_be_visible()
    context.close()
