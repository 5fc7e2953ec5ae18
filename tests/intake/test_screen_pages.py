"""The suicide and at-home question pages: what they ask, and what they accept."""

import pytest
from django.urls import reverse

from intake.domain.screen import HOME_QUESTIONS, SUICIDE_QUESTIONS
from intake.models import Assessment
from intake.public.forms import FORMS
from tests.intake import factories
from tests.intake.factories import answer, url

PAGES = {"suicide": SUICIDE_QUESTIONS, "home": HOME_QUESTIONS}
BEFORE = {"suicide": "mental", "home": "medicines"}


@pytest.fixture
def reached(client):
    """A client that has answered every page before the one asked for."""

    def reach(key: str):
        factories.complete(client, upto=BEFORE[key])
        return client

    return reach


@pytest.mark.django_db
@pytest.mark.parametrize("key", PAGES)
def test_the_page_asks_each_question_with_yes_no_and_not_sure(reached, key):
    text = reached(key).get(url(key)).content.decode()
    for question in PAGES[key]:
        assert question.text in text
        if question.hint:
            assert question.hint in text
        for value in ("yes", "no", "not_sure"):
            assert f'name="{question.key}" value="{value}"' in text
    assert "Not sure" in text


@pytest.mark.django_db
def test_the_suicide_page_explains_why_it_asks_and_where_help_is(reached):
    text = reached("suicide").get(url("suicide")).content.decode()
    assert "These questions are personal." in text
    assert f'href="{reverse("help-now")}">get help now</a>' in text
    assert "Step 6 of 12" in text


@pytest.mark.django_db
def test_the_home_page_says_no_clinician_is_in_the_room(reached):
    text = reached("home").get(url("home")).content.decode()
    assert "no clinician is in the room" in text
    assert "Step 9 of 12" in text


@pytest.mark.django_db
@pytest.mark.parametrize("key", PAGES)
def test_an_unanswered_question_is_named_in_the_error(reached, key):
    client = reached(key)
    response = answer(client, key, {})
    assert response.status_code == 200
    text = response.content.decode()
    for question in PAGES[key]:
        assert f"Select yes, no or not sure: {question.text}" in text
    assert key not in Assessment.objects.get().answers


@pytest.mark.django_db
@pytest.mark.parametrize("key", PAGES)
@pytest.mark.parametrize("value", ["yes", "no", "not_sure"])
def test_each_answer_is_stored_as_given(reached, key, value):
    client = reached(key)
    data = {question.key: value for question in PAGES[key]}
    assert answer(client, key, data).status_code == 302
    assert Assessment.objects.get().answers[key] == data


@pytest.mark.parametrize("key", PAGES)
def test_an_answer_outside_the_options_is_refused(key):
    data = {question.key: "maybe" for question in PAGES[key]}
    assert not FORMS[key](data).is_valid()


@pytest.mark.django_db
def test_the_new_pages_cannot_be_skipped(client):
    factories.complete(client, upto="mental")
    response = answer(client, "treatment", factories.valid_posts()["treatment"])
    assert response["Location"] == url("suicide")


PLAN = {"suicide_plan": "yes", "suicide_attempt": "no"}
NO_PLAN = {"suicide_plan": "no", "suicide_attempt": "no"}
PLAN_WORDS = "thoughts of ending your life with a plan or an intention to act"


@pytest.mark.django_db
def test_a_plan_or_intent_brings_help_first_on_the_very_next_page(reached):
    client = reached("suicide")
    response = answer(client, "suicide", PLAN)
    assert response["Location"] == url("treatment")
    text = client.get(url("treatment")).content.decode()
    assert PLAN_WORDS in text
    # Getting help comes before the next questions, which follow on the page.
    assert text.index('href="tel:988"') < text.index('id="questions"')


@pytest.mark.django_db
def test_no_plan_brings_no_safety_message(reached):
    client = reached("suicide")
    answer(client, "suicide", NO_PLAN)
    text = client.get(url("treatment")).content.decode()
    assert "Support is available now" not in text


@pytest.mark.django_db
def test_changing_to_a_plan_from_check_shows_help_on_check(client):
    factories.complete(client)
    response = client.post(f"{url('suicide')}?change=1", PLAN)
    assert response["Location"] == reverse("intake:check")
    text = client.get(reverse("intake:check")).content.decode()
    assert PLAN_WORDS in text
    assert text.index("Support is available now") < text.index("About you")
