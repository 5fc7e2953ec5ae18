"""One browser, one assessment: no ids in URLs, nothing readable from elsewhere."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from intake.domain import steps
from intake.models import Assessment
from tests.intake import factories
from tests.intake.factories import phq9, url

pytestmark = pytest.mark.django_db

INTAKE_URL = re.compile(r"/assessment/[a-z0-9-]*/?(\?change=1)?(#[a-z0-9_]+)?")


@pytest.fixture
def owner():
    client = Client()
    factories.submit(client, phq9=phq9(0, 0, 0, 0, 0, 0, 0, 0, 1))
    return client


def test_another_browser_cannot_see_the_result_or_answers(owner):
    other = Client()
    assert other.get(reverse("intake:result")).status_code == 404
    assert other.get(reverse("intake:check")).status_code == 404
    # The safety message has no address of its own; the page it is shown on
    # sends another browser to the start.
    assert other.get(url("safety"))["Location"] == reverse("intake:start")


def test_another_browser_cannot_change_the_answers(owner):
    before = Assessment.objects.get().answers
    other = Client()
    response = other.post(url("phq9"), phq9(3, 3, 3, 3, 3, 3, 3, 3, 3))
    assert response["Location"] == reverse("intake:start")
    assert other.post(reverse("intake:check")).status_code == 404
    assert Assessment.objects.get().answers == before


def test_a_browser_that_has_started_only_ever_writes_its_own_assessment(owner):
    other = Client()
    factories.start(other)
    factories.answer(other, "about", {"age": "60", "state": "NY"})
    assert Assessment.objects.count() == 2
    assert Assessment.objects.submitted().get().answers["about"]["age"] == 34


def test_a_made_up_token_finds_nothing(owner):
    other = Client()
    factories.give_token(other, "made-up-token")
    assert other.get(reverse("intake:result")).status_code == 404
    assert other.get(url("gad7"))["Location"] == url("about")


def test_the_database_stores_only_a_hash_of_the_token(owner):
    token = factories.token_of(owner)
    assessment = Assessment.objects.get()
    assert assessment.token_hash != token
    assert token not in str(Assessment.objects.values().get())


def collect_urls(client):
    """Walk the whole flow, gathering every URL redirected to or linked from a page."""
    seen = []

    def visit(response):
        if "Location" in response:
            seen.append(response["Location"])
        text = response.content.decode()
        seen.extend(
            href
            for href in re.findall(r'(?:href|action)="([^"]+)"', text)
            if href.startswith("/assessment")
        )

    visit(client.get(reverse("intake:start")))
    visit(client.post(reverse("intake:start")))
    posts = factories.valid_posts(phq9=phq9(0, 0, 0, 0, 0, 0, 0, 0, 2))
    for page in steps.QUESTIONS:
        visit(client.get(url(page.key)))
        visit(client.post(url(page.key), posts[page.key]))
    visit(client.get(url("safety")))
    visit(client.get(reverse("intake:check")))
    visit(client.post(reverse("intake:check")))
    visit(client.get(reverse("intake:result")))
    return seen


def test_no_url_ever_carries_an_id_or_the_token():
    client = Client()
    seen = collect_urls(client)
    assessment = Assessment.objects.get()
    token = factories.token_of(client)
    assert len(seen) > 60
    for address in seen:
        assert INTAKE_URL.fullmatch(address), address
        assert str(assessment.pk) not in re.sub(r"#.*", "", address).replace("phq9", "")
        assert token not in address
        assert assessment.token_hash not in address


def test_the_token_never_appears_in_a_page():
    client = Client()
    factories.start(client)
    token = factories.token_of(client)
    for key in ("about",):
        assert token not in client.get(url(key)).content.decode()
    assert token not in client.get(reverse("intake:start")).content.decode()
