"""No answer shows in an address, a status code or a redirect.

Access logs at every proxy and CDN keep the client's address beside each
request line, and the browser's history keeps every address: both must read
the same whatever the person answered. Each walk records, for every request,
(method, path, status code, redirect target) and follows redirects by hand.
"""

import re
from typing import Any

import pytest
from django.test import Client

from bench.answers import valid_posts
from intake.domain import steps
from tests.intake import factories
from tests.intake.factories import phq9

pytestmark = pytest.mark.django_db

Request = tuple[str, str, int, str]


def walk(**overrides: dict[str, Any]) -> list[Request]:
    """From the start page to the result (or to where it stops), as a browser
    would: GET each page, POST its answers, follow each redirect."""
    client = Client()
    posts = valid_posts(**overrides)
    lines: list[Request] = []

    def send(method: str, path: str, data: dict | None = None):
        response = getattr(client, method.lower())(path, data or {})
        lines.append((method, path, response.status_code, response.get("Location", "")))
        return response

    path = "/assessment/"
    send("GET", path)
    response = send("POST", path)
    for _ in range(40):
        path = response["Location"]
        page = send("GET", path)
        if path.endswith("/result/"):
            return lines
        html = page.content.decode()
        if path.endswith("/check-answers/"):
            if "Send my answers" not in html:
                return lines  # stopped
            response = send("POST", path)
            continue
        if not re.search(r'<form[^>]*method="post"', html):
            return lines  # stopped: nothing to answer on this page
        question = steps.BY_SLUG[path.strip("/").split("/")[-1]]
        response = send("POST", path, posts[question.key])
        assert response.status_code == 302, (path, response.status_code)
    raise AssertionError("the walk never reached the result")


def paths(lines: list[Request]) -> list[str]:
    return [path for _method, path, _status, _location in lines]


def test_item9_positive_or_not_asks_for_the_same_addresses_with_the_same_codes():
    negative = walk(phq9=phq9(1, 1, 1, 1, 1, 1, 1, 1, 0))
    positive = walk(phq9=phq9(1, 1, 1, 1, 1, 1, 1, 1, 3))
    assert positive == negative
    assert negative[-1][1] == "/assessment/result/"


def test_a_plan_to_end_ones_life_or_not_asks_for_the_same_addresses():
    plan = walk(suicide={"suicide_plan": "yes", "suicide_attempt": "no"})
    no_plan = walk(suicide={"suicide_plan": "no", "suicide_attempt": "no"})
    assert plan == no_plan
    assert plan[-1][1] == "/assessment/result/"


def test_a_licensed_and_an_unlicensed_state_ask_for_the_same_addresses(settings):
    settings.KETACARE_LICENSED_STATES = ["CA"]
    licensed = walk(about={"age": "34", "state": "CA"})
    unlicensed = walk(about={"age": "34", "state": "FL"})
    assert unlicensed == licensed
    assert licensed[-1][1] == "/assessment/result/"


def test_asking_to_be_contacted_or_not_asks_for_the_same_addresses():
    contacted = walk(contact={"wants_contact": "yes"})
    not_contacted = walk(contact={"wants_contact": "no"})
    assert not_contacted == contacted


def test_an_under_18_visits_the_addresses_an_adult_visits_up_to_where_it_stops():
    adult = walk()
    minor = walk(about={"age": "16", "state": "CA"})
    assert len(minor) < len(adult)
    assert minor == adult[: len(minor)]


def test_the_pages_still_differ_in_what_they_say(client):
    factories.start(client)
    factories.answer(client, "about", {"age": "34", "state": "CA"})
    factories.answer(client, "phq9", phq9(1, 1, 1, 1, 1, 1, 1, 1, 3))
    text = client.get("/assessment/anxiety-questions/").content.decode()
    assert text.index("Support is available now") < text.index('id="questions"')


def test_no_request_line_carries_an_answer():
    # The answers most worth hiding, with values no address contains by chance.
    about = {"age": "16", "state": "FL"}
    lines = walk(about=about) + walk(
        about={"age": "47", "state": "NV"}, phq9=phq9(3, 3, 3, 3, 3, 3, 3, 3, 3)
    )
    addresses = set(steps.BY_SLUG) | {"result"}
    for method, path, _status, location in lines:
        for line in (f"{method} {path}", location):
            if not line:
                continue
            for value in ("16", "47", "FL", "fl", "NV", "nv", "phq9_9", "=3"):
                assert value not in line, line
            slug = line.split("/assessment/", 1)[1].split("/", 1)[0]
            assert slug == "" or slug in addresses, line
            assert "?" not in line  # no query at all outside "change" links
