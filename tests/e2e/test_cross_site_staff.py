"""In Chromium: the staff session survives the two-factor sign-in redirect with
its SameSite=Strict cookie, and a link from another site cannot open a staff
page until the reviewer continues on this site."""

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import give_device
from tests.e2e.helpers import sign_in


@pytest.fixture
def superuser(make_staff_user):
    user = make_staff_user("sam", superuser=True)
    give_device(user)
    return user


def test_a_link_on_another_site_needs_a_click_on_this_one(
    page: Page, live_server, superuser
):
    base = live_server.url  # http://localhost:PORT
    sign_in(page, base, superuser.totpdevice_set.get())
    session = [c for c in page.context.cookies() if c["name"].endswith("sessionid")]
    assert [c["sameSite"] for c in session] == ["Strict"]

    # Another site (127.0.0.1 is a different site from localhost) links in.
    other = base.replace("localhost", "127.0.0.1") + "/elsewhere"
    target = base + "/admin/auth/user/"
    page.route(
        other,
        lambda route: route.fulfill(
            content_type="text/html",
            body=f'<!doctype html><title>x</title><a href="{target}">open</a>',
        ),
    )
    page.goto(other)
    page.get_by_role("link", name="open").click()
    expect(page.get_by_role("heading", name="Opened from another site")).to_be_visible()

    page.get_by_role("link", name="Continue to the staff page").click()
    expect(page).to_have_url(target)
    expect(page.get_by_role("heading", name="Select user to change")).to_be_visible()
