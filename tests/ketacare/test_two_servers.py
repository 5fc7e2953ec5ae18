"""Two production servers sharing one PostgreSQL behave as one site.

Each server is a real gunicorn process on its own port. Nothing that must be
shared may live in one process's memory: the start throttle, the page cache, a
staff session with its idle limit, and an assessment in progress.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from http.client import HTTPConnection, HTTPResponse
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.cache import caches
from django.db import connection

from bench.answers import valid_posts
from education.cache import content_cache_invalidate
from education.models import TopicPage
from intake.models import Assessment
from tests.conftest import STAFF_PASSWORD, current_code, give_device
from tests.education.factories import make_topic

ROOT = Path(__file__).resolve().parents[2]
START_LIMIT = 3
IDLE_SECONDS = 4
GUNICORN = [sys.executable, "-m", "gunicorn", "--config", "ketacare/gunicorn_conf.py"]
GUNICORN += ["ketacare.wsgi"]
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')

pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The test database, as a URL the server processes can use."""
    db = connection.settings_dict
    host = quote(db["HOST"] or "localhost", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{db['USER']}@{host}{port}/{db['NAME']}"


class Server:
    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            GUNICORN,
            cwd=ROOT,
            env={**env, "KETACARE_BIND": f"127.0.0.1:{self.port}"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise
                time.sleep(0.1)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def started(django_db_setup, collected_static) -> Iterator[tuple[Server, Server]]:
    env = {
        **os.environ,
        "DJANGO_STATIC_ROOT": str(collected_static),
        "DATABASE_URL": database_url(),
        "WEB_CONCURRENCY": "1",
        "KETACARE_ACCESS_LOG": os.devnull,
        "KETACARE_START_LIMIT": str(START_LIMIT),
        "KETACARE_STAFF_IDLE_SECONDS": str(IDLE_SECONDS),
    }
    pair = (Server(env), Server(env))
    try:
        for server in pair:
            server.wait_until_up()
        yield pair
    finally:
        for server in pair:
            server.stop()


@pytest.fixture
def servers(started) -> tuple[Server, Server]:
    # The throttle's counts live in the shared cache, which outlasts a test.
    for cache in caches.all():
        cache.clear()
    return started


class Browser:
    """One person's browser: its cookies travel to whichever server answers."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(
        self, server: Server, method: str, path: str, data: dict | None = None
    ) -> tuple[HTTPResponse, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = HTTPConnection("127.0.0.1", server.port, timeout=10)
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read()
        conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response, content

    def get(self, server: Server, path: str) -> tuple[HTTPResponse, bytes]:
        return self.request(server, "GET", path)

    def post_form(
        self, server: Server, path: str, data: dict
    ) -> tuple[HTTPResponse, bytes]:
        """GET the form (for its CSRF token), then POST it, like a person would."""
        _, page = self.get(server, path)
        token = CSRF_FIELD.search(page)
        assert token, f"no CSRF token on {path}"
        return self.request(
            server, "POST", path, {**data, "csrfmiddlewaretoken": token[1].decode()}
        )


def test_the_start_throttle_counts_starts_on_both_servers(servers):
    one, two = servers
    statuses = [
        Browser().post_form(server, "/assessment/", {})[0].status
        for server in [one, two] * START_LIMIT
    ]
    assert statuses[:START_LIMIT] == [302] * START_LIMIT
    assert set(statuses[START_LIMIT:]) == {429}


def test_an_assessment_started_on_one_server_continues_on_the_other(servers):
    one, two = servers
    person = Browser()
    assert person.post_form(one, "/assessment/", {})[0].status == 302
    response, _ = person.post_form(
        two, "/assessment/about-you/", valid_posts()["about"]
    )
    assert response.status == 302
    assert response.headers["Location"] != "/assessment/"
    saved = Assessment.objects.get()
    assert saved.state == "CA"
    assert saved.answers["about"]["age"] in (34, "34")


def test_a_content_edit_shows_on_both_servers(servers):
    one, two = servers
    make_topic(title="Old title")
    reader = Browser()
    for server in servers:
        assert b"Old title" in reader.get(server, "/learn/test-topic/")[1]
    TopicPage.objects.update(title="New title")
    content_cache_invalidate()
    deadline = time.monotonic() + 5
    seen = {one.port: False, two.port: False}
    while not all(seen.values()) and time.monotonic() < deadline:
        for server in servers:
            seen[server.port] = (
                b"New title" in reader.get(server, "/learn/test-topic/")[1]
            )
        time.sleep(0.2)
    assert seen == {one.port: True, two.port: True}


def test_a_staff_session_and_its_idle_limit_hold_on_both_servers(
    servers, make_staff_user
):
    one, two = servers
    user = make_staff_user("coordinator")
    # The servers run production settings, without the suite's fast MD5 hasher.
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(STAFF_PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    device = give_device(user)
    staff = Browser()
    response, _ = staff.post_form(
        one,
        "/admin/login/?next=/admin/",
        {
            "username": "coordinator",
            "password": STAFF_PASSWORD,
            "otp_token": current_code(device),
        },
    )
    assert response.status == 302
    assert staff.get(two, "/admin/")[0].status == 200
    assert staff.get(one, "/admin/")[0].status == 200
    time.sleep(IDLE_SECONDS + 1)
    response, _ = staff.get(two, "/admin/")
    assert response.status == 302
    assert response.headers["Location"].startswith("/admin/login/")
    assert staff.get(one, "/admin/")[0].status == 302
