"""Shared checks for the browser tests."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

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
