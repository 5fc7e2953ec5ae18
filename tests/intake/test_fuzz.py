"""Hypothesis throws arbitrary POSTs at every page: never a 500, never bad data."""

import secrets

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake.domain import steps
from intake.models import Assessment
from intake.public.forms import FORMS
from intake.services import assessment_save_step
from tests.intake import factories

FIELD_NAMES = sorted(
    {name for form in FORMS.values() for name in form().fields}
    | {"website", "csrfmiddlewaretoken", "urgent", "phq9_total", "status", "token_hash"}
)
HOSTILE_TEXT = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        ["", "0", "3", "-1", "99", "yes", "none", "CA", "outside_us", "on", "\x00",
         "1e309", "9" * 5000, "x" * 100_000, "<script>", "' OR 1=1 --", "\ufeff"]
    ),
)  # fmt: skip
VALUES = st.one_of(HOSTILE_TEXT, st.lists(HOSTILE_TEXT, max_size=4))
POSTS = st.dictionaries(st.sampled_from(FIELD_NAMES), VALUES, max_size=12)
TARGETS = [page.slug for page in steps.ALL_PAGES if page is not steps.CHECK]

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _cleaned(key):
    form = FORMS[key](data=factories.valid_posts()[key])
    assert form.is_valid()
    return form.answers()


CLEANED = {page.key: _cleaned(page.key) for page in steps.QUESTIONS}


def in_progress_client(answered):
    """A browser with a token and its first `answered` steps saved (quickly)."""
    client = Client()
    factories.give_token(client, token := secrets.token_urlsafe(8))
    for page in steps.QUESTIONS[:answered]:
        assessment_save_step(token=token, step=page.key, data=CLEANED[page.key])
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("slug", TARGETS)
@SETTINGS
@given(data=POSTS, answered=st.integers(min_value=0, max_value=len(steps.QUESTIONS)))
def test_any_post_to_any_page_is_answered_without_a_server_error(slug, data, answered):
    client = in_progress_client(answered)
    response = client.post(f"/assessment/{slug}/", data)
    assert response.status_code < 500
    for assessment in Assessment.objects.all():
        # Whatever was posted, what is stored still makes sense.
        assessment.full_clean()
        assert assessment.phq9_total is None or 0 <= assessment.phq9_total <= 27
        assert assessment.gad7_total is None or 0 <= assessment.gad7_total <= 21


@pytest.mark.django_db
@SETTINGS
@given(data=POSTS, change=st.sampled_from(["", "?change=1", "?change=%00", "?x=1"]))
def test_any_post_to_start_and_check_is_answered_without_a_server_error(data, change):
    client = in_progress_client(len(steps.QUESTIONS))
    for name in ("intake:start", "intake:check"):
        assert client.post(reverse(name) + change, data).status_code < 500


@pytest.mark.django_db
@SETTINGS
@given(data=POSTS)
def test_any_post_from_a_browser_that_never_started_is_harmless(data):
    client = Client()
    for slug in TARGETS:
        assert client.post(f"/assessment/{slug}/", data).status_code < 500
    assert not Assessment.objects.exists()
