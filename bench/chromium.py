"""The Chromium the browser tests and Lighthouse both start, and how.

Debian's package where it is installed (`make chromium` installs it with apt);
$CHROMIUM to point at another build; on a machine without apt, Playwright's own
Chromium, which `make chromium` then installs instead.
"""

import os

DEBIAN_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def chromium_path() -> str:
    explicit = os.environ.get("CHROMIUM")
    if explicit or os.path.exists(DEBIAN_CHROMIUM):
        return explicit or DEBIAN_CHROMIUM
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        return playwright.chromium.executable_path


MISSING = (
    "Chromium is not at {path}: run `make chromium` (Debian's package with apt, "
    "or Playwright's own build where there is no apt), or set "
    "CHROMIUM=/path/to/chromium. Browser tests are never skipped."
)
