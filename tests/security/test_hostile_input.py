"""Hostile input anywhere the public can reach: never a 500, never bad data stored.

Intake's own fuzzing (tests/intake/test_fuzz.py) throws arbitrary form fields at
every step; this covers what is left: every public URL with arbitrary query
parameters, oversized and oddly typed bodies, and replayed or reordered steps.
"""

import itertools
import json
import random

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.answers import valid_posts
from intake.domain import steps
from intake.models import Assessment
from tests.education.factories import make_faq_entry, make_topic
from tests.intake.factories import answer, complete, start, submit, url
from tests.intake.fixtures import intake_settings  # noqa: F401  (autouse)
from tests.security.test_headers import named_patterns

ODD_TEXT = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=80),
    st.sampled_from(
        [
            "\x00",
            "a\x00b",
            "\u202e\u0644\u0627",  # right-to-left override, Arabic
            "e\u0301\u0301\u0301",  # stacked combining accents
            "\U0001f9e0" * 50,
            "\ufeff\ufffe\uffff",
            "%00%ff%c0%af",
            "../../etc/passwd",
            "<script>alert(1)</script>",
            "' OR '1'='1",
            "9" * 400,
            "x" * 20_000,
        ]
    ),
)
QUERY_NAMES = st.one_of(
    st.sampled_from(["q", "change", "page", "next", "slug", "o", "p", "_", "q[]"]),
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=12),
)
QUERIES = st.lists(st.tuples(QUERY_NAMES, ODD_TEXT), max_size=6)
FUZZ = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def public_urls() -> list[str]:
    found = []
    for name, keywords, _route in named_patterns():
        if name.startswith("admin:") or not name:
            continue
        if keywords == ["slug"]:
            found.append(reverse(name, kwargs={"slug": "test-topic"}))
        elif not keywords:
            found.append(reverse(name))
    return found


PUBLIC_URLS = public_urls()


def test_the_public_url_list_covers_both_apps():
    assert {"/", "/faq/", "/learn/test-topic/", "/assessment/", "/healthz"} <= set(
        PUBLIC_URLS
    )


@pytest.fixture
def content(db):
    make_topic()
    make_faq_entry()


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_URLS)
@FUZZ
@given(query=QUERIES)
def test_any_query_string_on_any_public_page_is_answered_calmly(content, path, query):
    client = Client(raise_request_exception=False)
    response = client.get(path, query)
    assert response.status_code < 500, (path, query[:3])


@pytest.mark.django_db
@pytest.mark.parametrize("step", ["start", "about", "phq9"])
def test_a_huge_body_is_refused_politely(client, step):
    complete(client, upto="about")
    path = reverse("intake:start") if step == "start" else url(step)
    response = client.post(path, {"age": "3" * 3_000_000})
    # Django refuses bodies over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB).
    assert response.status_code == 400
    assert b"We could not read that" in response.content
    assert Assessment.objects.get().answers["about"]["age"] == 34


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content_type", ["application/json", "text/plain", "multipart/form-data; boundary="]
)
def test_a_body_of_the_wrong_type_is_not_an_error(client, content_type):
    start(client)
    response = client.post(
        url("about"),
        json.dumps({"age": 34, "state": "CA"}),
        content_type=content_type,
    )
    assert response.status_code in (200, 400)
    assert not Assessment.objects.exists()


@pytest.mark.django_db
def test_replaying_every_step_after_submission_changes_nothing(client):
    submit(client)
    stored = Assessment.objects.get()
    before = (stored.answers, stored.phq9_total, stored.updated_at)
    hostile = valid_posts(phq9={f"phq9_{n}": "3" for n in range(1, 10)})
    for page in steps.QUESTIONS:
        response = answer(client, page.key, hostile[page.key])
        assert response.status_code == 302
        assert response["Location"] == reverse("intake:result")
    assert client.post(reverse("intake:check")).status_code == 302
    stored.refresh_from_db()
    assert (stored.answers, stored.phq9_total, stored.updated_at) == before


@pytest.mark.django_db
@pytest.mark.parametrize("seed", range(6))
def test_steps_posted_in_any_order_never_skip_ahead(client, seed):
    start(client)
    posts = valid_posts()
    order = list(steps.QUESTIONS)
    random.Random(seed).shuffle(order)
    for page in itertools.chain(order, order):
        answer(client, page.key, posts[page.key])
        assessment = Assessment.objects.first()
        if assessment is None:
            continue
        assessment.full_clean()
        answered = [p.key for p in steps.QUESTIONS if p.key in assessment.answers]
        # Whatever the order of the posts, what is stored is a prefix of the flow.
        assert answered == [p.key for p in steps.QUESTIONS][: len(answered)]


@pytest.mark.django_db
def test_an_expired_form_says_what_to_do_and_keeps_saved_answers():
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("intake:start"))
    token = client.cookies["csrftoken"].value
    client.post(reverse("intake:start"), {"csrfmiddlewaretoken": token})
    answer(client, "about", {**valid_posts()["about"], "csrfmiddlewaretoken": token})
    del client.cookies["csrftoken"]  # e.g. the browser dropped its cookies
    response = client.post(url("phq9"), valid_posts()["phq9"])
    assert response.status_code == 403
    assert b"Please send that again" in response.content
    assert b"988" in response.content
    assert Assessment.objects.get().answers.keys() == {"about"}
