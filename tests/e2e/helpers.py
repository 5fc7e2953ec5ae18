"""Shared checks for the browser tests."""

from axe_playwright_python.sync_playwright import Axe
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.conftest import STAFF_PASSWORD, current_code

_axe = Axe()


def assert_no_axe_violations(page: Page) -> None:
    """Run axe-core (bundled with axe-playwright-python) on the page as it is now."""
    results = _axe.run(page)
    violations = results.response["violations"]
    summary = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in violations
    )
    assert not violations, f"axe found violations on {page.url}:\n{summary}"


def sign_in(page: Page, base_url: str, device: TOTPDevice) -> None:
    """Sign in to the admin as the device's owner: password and a current code."""
    page.goto(base_url + "/admin/")
    expect(page).to_have_url(f"{base_url}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(device.user.username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_label("6-digit code from your authenticator app").fill(
        current_code(device)
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(base_url + "/admin/")
