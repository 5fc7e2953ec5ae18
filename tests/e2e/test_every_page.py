"""Every public page and every error page, in Chromium: axe finds nothing, the
layout reflows at 200% and 400% zoom, and keyboard focus is always visible."""

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.urls import reverse
from playwright.sync_api import Page

from education.content_files import read_content
from education.models import TopicPage
from ketacare.views import server_error
from tests.e2e.helpers import assert_no_axe_violations
from tests.intake import browser as flow
from tests.intake.factories import start, url
from tests.intake.fixtures import intake_settings  # noqa: F401  (autouse)
from tests.security.test_headers import named_patterns

# CSS pixels across: a 1280-pixel window at 200% zoom, and a phone at 400%.
ZOOMED = {"200%": 640, "400%": 320}


def public_pages() -> list[str]:
    pages = ["/no-such-page/"]
    for name, keywords, _route in named_patterns():
        if name.startswith("admin:") or keywords or name in ("healthz",):
            continue
        if name in ("education:robots", "education:sitemap"):
            continue  # not HTML
        if name in ("intake:finish", "check_in:finish"):
            continue  # a form's POST only; it leads to intake:cleared, a page here
        pages.append(reverse(name))
    pages += [page.get_absolute_url() for page in TopicPage.objects.published()]
    return pages


def assert_reflows(page: Page) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - window.innerWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


@pytest.mark.django_db(transaction=True)
def test_every_public_page_passes_axe_and_reflows(
    live_server, page: Page, shipped_content
):
    pages = public_pages()
    shipped = {t.slug for t in read_content()[0] if t.status == "published"}
    assert {f"/learn/{slug}/" for slug in shipped} <= set(pages)
    for path in pages:
        page.goto(live_server.url + path)
        assert_no_axe_violations(page)
        assert_reflows(page)
    assert [e for e in page.js_errors if "404" not in e] == []


def error_pages() -> dict[str, bytes]:
    """Each error page as the server really sends it."""
    huge = Client()
    start(huge)
    strict = Client(enforce_csrf_checks=True)
    strict.get(reverse("intake:start"))
    request = RequestFactory().get("/")
    try:
        raise OperationalError("database went away")
    except OperationalError:
        unavailable = server_error(request)
    return {
        "400": huge.post(url("about"), {"age": "3" * 3_000_000}).content,
        "403 (expired form)": strict.post(reverse("intake:start")).content,
        "404": Client().get("/no-such-page/").content,
        "500": server_error(request).content,
        "503": unavailable.content,
    }


@pytest.mark.django_db(transaction=True)
def test_every_error_page_passes_axe_and_reflows(live_server, page: Page):
    pages = error_pages()
    page.goto(live_server.url + "/help-now/")  # same origin, so styles load
    for name, html in pages.items():
        page.set_content(html.decode())
        assert page.locator("h1").count() == 1, name
        assert page.get_by_text("988").count() >= 1, name
        assert_no_axe_violations(page)
        assert_reflows(page)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("zoom", list(ZOOMED))
def test_pages_reflow_when_zoomed(live_server, browser, shipped_content, zoom):
    context = browser.new_context(viewport={"width": ZOOMED[zoom], "height": 700})
    page = context.new_page()
    for path in public_pages():
        page.goto(live_server.url + path)
        assert_reflows(page)
    flow.walk(page, live_server.url, flow.answer_by_mouse, on_page=assert_reflows)
    context.close()


FOCUS_IS_VISIBLE = """() => {
  const style = getComputedStyle(document.activeElement);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  const ring = style.boxShadow && style.boxShadow !== "none";
  return outline || ring;
}"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("where", ["home", "question", "topic"])
def test_keyboard_focus_is_always_visible(
    live_server, page: Page, shipped_content, where
):
    if where == "question":
        page.goto(live_server.url + reverse("intake:start"))
        flow.click_continue(page, "Start now")
    else:
        path = "/" if where == "home" else "/learn/how-long-does-it-last/"
        page.goto(live_server.url + path)
    seen = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        name = page.evaluate("() => document.activeElement.outerHTML.slice(0, 80)")
        if name in seen or name.startswith("<body"):
            break
        seen.add(name)
        assert page.evaluate(FOCUS_IS_VISIBLE), f"no visible focus on {name}"
    assert len(seen) >= 5
