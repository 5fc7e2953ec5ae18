"""The assessment's requests stay cheap: a fixed, small number of SQL statements."""

import pytest
from django.urls import reverse

from intake.domain import steps
from tests.intake.factories import answer, complete, url, valid_posts


@pytest.mark.django_db
def test_saving_a_step_takes_four_statements(client, django_assert_num_queries):
    complete(client, upto="about")
    posts = valid_posts()
    # BEGIN-bracketed: locked read, update. No session: the token is a cookie.
    with django_assert_num_queries(4):
        response = answer(client, "phq9", posts["phq9"])
    assert response.status_code == 302


@pytest.mark.django_db
def test_every_later_step_saves_in_four_statements(
    client, django_assert_max_num_queries
):
    # Whatever a step writes (scores, contact details, free text), it reads no
    # column lazily: no extra query per step.
    complete(client, upto="about")
    posts = valid_posts()
    for page in steps.QUESTIONS[1:]:
        with django_assert_max_num_queries(4):
            response = answer(client, page.key, posts[page.key])
        assert response.status_code == 302, page.key


@pytest.mark.django_db
def test_showing_a_question_takes_one_statement(client, django_assert_num_queries):
    complete(client, upto="about")
    with django_assert_num_queries(1):
        response = client.get(url("phq9"))
    assert response.status_code == 200


@pytest.mark.django_db
def test_submitting_and_reading_the_result_stay_small(
    client, django_assert_max_num_queries
):
    complete(client)
    with django_assert_max_num_queries(6):
        assert client.post(reverse("intake:check")).status_code == 302
    with django_assert_max_num_queries(2):
        assert client.get(reverse("intake:result")).status_code == 200
