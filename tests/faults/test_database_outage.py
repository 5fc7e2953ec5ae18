"""The database going away: calm 503s while it is gone, normal service after."""

import pytest
from django.db import connection
from django.test import Client


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
