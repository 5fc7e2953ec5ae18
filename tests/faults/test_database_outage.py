"""The database going away: calm 503s while it is gone, normal service after."""

import pytest
from django.db import connection
from django.test import Client

from tests.intake.fixtures import intake_settings  # noqa: F401  (autouse)


@pytest.mark.django_db(transaction=True)
def test_healthz_follows_the_real_server_down_and_up(database_outage):
    client = Client(raise_request_exception=False)
    assert client.get("/healthz").status_code == 200
    with database_outage():
        down = client.get("/healthz")
        assert down.status_code == 503
        assert down.json() == {"status": "unavailable", "database": "down"}
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_pages_say_try_again_while_the_database_is_down(database_outage):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "s" * 32
    with database_outage():
        response = client.get("/admin/login/")
        assert response.status_code == 503
        assert b"Please try again in a moment" in response.content
        assert b"988" in response.content
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


@pytest.mark.django_db(transaction=True)
def test_the_assessment_resumes_with_its_answers_after_the_server_comes_back(
    database_outage,
):
    from bench.answers import valid_posts
    from intake.models import Assessment
    from tests.intake.factories import answer, start, url

    client = Client(raise_request_exception=False)
    posts = valid_posts()
    start(client)
    for key in ("about", "phq9", "gad7"):
        assert answer(client, key, posts[key]).status_code == 302

    with database_outage():
        lost = answer(client, "physical", posts["physical"])
        assert lost.status_code == 503
        assert b"Nothing you have already saved is lost" in lost.content
        assert "no-store" in lost["Cache-Control"]
        assert client.get("/healthz").status_code == 503

    assert client.get("/healthz").status_code == 200
    saved = Assessment.objects.get()
    assert set(saved.answers) == {"about", "phq9", "gad7"}
    # The same browser picks up at the page that failed, then carries on.
    assert client.get(url("medicines"))["Location"] == url("physical")
    assert answer(client, "physical", posts["physical"]).status_code == 302
    saved.refresh_from_db()
    assert "physical" in saved.answers
