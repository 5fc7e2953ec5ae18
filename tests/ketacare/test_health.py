import pytest
from django.db import connection
from django.test import Client


@pytest.mark.django_db
def test_healthz_is_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert (
        "no-store" in response["Cache-Control"]
        or "max-age=0" in response["Cache-Control"]
    )


@pytest.fixture
def unreachable_database(tmp_path):
    """Point the connection at a socket directory where no server listens."""
    connection.close()
    saved = dict(connection.settings_dict)
    connection.settings_dict.update({"HOST": str(tmp_path), "PORT": "5432"})
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_when_the_database_does_not_answer(client, unreachable_database):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


@pytest.mark.django_db(transaction=True)
def test_a_page_that_needs_the_database_says_try_again(unreachable_database):
    # Loading the session needs the database; a lost database is a calm 503
    # whether a view or a middleware was the first to notice.
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "x" * 32
    response = client.get("/admin/login/")
    assert response.status_code == 503
    assert b"Please try again in a moment" in response.content
    assert response["Retry-After"] == "30"
