"""Filling in the self-assessment in a real browser, by mouse or by keyboard only.

Used by tests/e2e/test_intake_*.py. Answers come from tests.intake.factories.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from intake.domain import steps
from tests.intake.factories import valid_posts


def click_continue(page: Page, name: str = "Continue") -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def fill_by_mouse(page: Page, data: dict[str, Any]) -> None:
    for name, value in data.items():
        values = value if isinstance(value, list) else [value]
        field = page.locator(f'[name="{name}"]').first
        kind = field.evaluate("el => el.type || el.tagName.toLowerCase()")
        if kind == "radio":
            page.locator(f'input[name="{name}"][value="{value}"]').check()
        elif kind == "checkbox" and name != "consent":
            for box in page.locator(f'input[name="{name}"]').all():
                box.set_checked(box.get_attribute("value") in values)
        elif kind == "checkbox":
            field.check()
        elif kind == "select-one":
            field.select_option(value)
        else:
            field.fill(value)


def answer_by_mouse(page: Page, key: str, data: dict[str, Any]) -> None:
    expect(page.locator("h1")).to_be_visible()
    fill_by_mouse(page, data)
    click_continue(page)


# --- keyboard only -------------------------------------------------------------


def tab_to(page: Page, selector: str, limit: int = 150) -> None:
    """Press Tab until the focused element matches `selector`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def _focused(page: Page, expression: str) -> Any:
    return page.evaluate(f"() => document.activeElement.{expression}")


def choose_radio_by_keyboard(page: Page, name: str, value: str) -> None:
    tab_to(page, f'input[name="{name}"]')
    for _ in range(8):
        if _focused(page, "value") == value:
            break
        page.keyboard.press("ArrowDown")  # moves to and selects the next option
    if not _focused(page, "checked"):
        page.keyboard.press("Space")
    assert _focused(page, "value") == value
    assert _focused(page, "checked")


def fill_by_keyboard(page: Page, data: dict[str, Any]) -> None:
    """Fill a page's fields in document order, using Tab, arrows, Space and typing."""
    for name, value in data.items():
        values = value if isinstance(value, list) else [value]
        kind = page.locator(f'[name="{name}"]').first.evaluate(
            "el => el.type || el.tagName.toLowerCase()"
        )
        if kind == "radio":
            choose_radio_by_keyboard(page, name, value)
        elif kind == "checkbox" and name != "consent":
            for item in values:
                tab_to(page, f'input[name="{name}"][value="{item}"]')
                page.keyboard.press("Space")
        elif kind == "checkbox":
            tab_to(page, f'input[name="{name}"]')
            page.keyboard.press("Space")
        elif kind == "select-one":
            tab_to(page, f'select[name="{name}"]')
            label = page.locator(f'select[name="{name}"] option[value="{value}"]')
            page.keyboard.type(label.inner_text())
            assert page.locator(f'select[name="{name}"]').input_value() == value
        else:
            tab_to(page, f'[name="{name}"]')
            page.keyboard.type(value)


def press_on(page: Page, selector: str) -> None:
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def answer_by_keyboard(page: Page, key: str, data: dict[str, Any]) -> None:
    fill_by_keyboard(page, data)
    press_on(page, 'button[type="submit"]')


def shows_safety_message(page: Page) -> bool:
    return page.locator("h1", has_text="Support is available now").count() == 1


def walk(
    page: Page,
    base_url: str,
    answer: Callable[[Page, str, dict[str, Any]], None],
    *,
    on_page: Callable[[Page], None] = lambda page: None,
    **overrides: dict[str, Any],
) -> None:
    """From the start page to the result, answering every question page."""
    posts = valid_posts(**overrides)
    page.goto(base_url + "/assessment/")
    on_page(page)
    click_continue(page, "Start now")
    for question in steps.QUESTIONS:
        if question is steps.DETAILS and posts["contact"]["wants_contact"] != "yes":
            on_page(page)  # the same address says no details are needed
            click_continue(page)
            continue
        on_page(page)
        answer(page, question.key, posts[question.key])
        if question is steps.PHQ9 and shows_safety_message(page):
            # The message is above the GAD-7, at the address everyone visits
            # next; continuing moves down the page and sends no request.
            page.get_by_role("link", name="Continue with the assessment").click()
            assert page.url.endswith("#questions")
            page.mouse.move(0, 0)  # no hover state left behind for axe to catch
    expect(page.locator("h1")).to_have_text("Check your answers before sending them")
    on_page(page)
    click_continue(page, "Send my answers")
    expect(page.locator("h1")).to_have_text("Your results")
    on_page(page)
