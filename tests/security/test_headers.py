"""Every URL in the URLconf answers with headers that grade A+ on the
Mozilla HTTP Observatory's scale, under production settings."""

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from intake.models import Assessment, hash_token
from ketacare.audit import audit_record
from ketacare.models import AuditEvent
from tests.education.factories import make_faq_entry, make_topic, sign_off
from tests.security.observatory import grade

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_KEYS = [
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_NAME",
    "CSRF_COOKIE_NAME",
    "KETACARE_TOKEN_COOKIE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
]


def production_settings() -> dict[str, object]:
    """What ketacare/settings.py computes for a production deployment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="testserver")
    code = (
        "import json; from ketacare import settings as s; "
        f"print(json.dumps({{k: getattr(s, k) for k in {PRODUCTION_KEYS!r}}}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)


PRODUCTION = production_settings()


@pytest.fixture
def production(settings):
    for key, value in PRODUCTION.items():
        setattr(settings, key, value)
    return settings


def named_patterns(
    patterns=None, namespace: str = "", prefix: str = ""
) -> Iterator[tuple[str, list[str], str]]:
    """(url name, keyword names, route) for every URL pattern."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            space = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(
                entry.url_patterns, space, prefix + str(entry.pattern)
            )
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            keywords = list(entry.pattern.regex.groupindex)
            yield f"{namespace}{entry.name or ''}", keywords, route


def admin_model(name: str):
    """The model behind an admin URL name like "admin:intake_assessment_change"."""
    for model in apps.get_models():
        label = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(label):
            return model
    return None


def sample_kwargs(name: str, keywords: list[str]) -> dict[str, str] | None:
    """Real values for a URL's parameters, from the objects the fixtures made."""
    values: dict[str, str] = {}
    for keyword in keywords:
        if keyword in ("object_id", "id", "pk") and (model := admin_model(name)):
            instance = model._default_manager.order_by("pk").first()
            if instance is None:
                return None
            values[keyword] = str(instance.pk)
        elif keyword == "app_label":
            values[keyword] = "ketacare"
        elif keyword == "slug":
            values[keyword] = "test-topic"
        elif keyword in ("token", "signed"):
            values[keyword] = "not-a-real-token"
        elif keyword == "action":
            values[keyword] = "pause"  # a follow-up action: POST only
        else:
            pytest.fail(f"{name}: give the header test a sample value for {keyword!r}")
    return values


@pytest.fixture
def every_url(make_staff_user, staff_client, db) -> list[tuple[str, str]]:
    """One object of every kind the admin shows, and every URL to look at."""
    boss = make_staff_user("boss", "Intake reviewer", superuser=True)
    staff_client(boss)  # gives the account its authenticator device
    audit_record(request=None, user=boss, action=AuditEvent.Action.VIEW)
    sign_off(make_topic())
    make_faq_entry()
    Assessment.objects.create(token_hash=hash_token("header-test"))
    Client().post(
        "/admin/login/", {"username": "boss", "password": "wrong"}, secure=True
    )
    urls = []
    for name, keywords, route in named_patterns():
        if name.endswith(":") or not name:
            # The admin's own unnamed routes only redirect to named ones.
            if route.startswith("admin/"):
                continue
            pytest.fail(f"URL {route!r} has no name")
        if name in ("admin:view_on_site",):
            continue  # redirects to the object's public page, graded there
        kwargs = sample_kwargs(name, keywords)
        if kwargs is None:
            pytest.fail(f"{name}: the fixtures made no object to view")
        urls.append((name, reverse(name, kwargs=kwargs)))
    return urls


def test_the_walk_covers_public_and_staff_pages(every_url):
    names = {name for name, _ in every_url}
    assert "healthz" in names
    assert "education:home" in names
    assert "admin:index" in names
    assert "admin:ketacare_auditevent_change" in names
    assert len(every_url) > 20


def test_every_url_grades_a_plus(production, every_url, staff_client, client):
    from django.contrib.auth.models import User

    staff = staff_client(User.objects.get(username="boss"))
    failures = []
    for name, url in every_url:
        browser = staff if name.startswith("admin:") else client
        response = browser.get(url, secure=True)
        result = grade(response)
        if result.score < 100:
            failures.append(
                f"{url} ({response.status_code}): {result.score} [{result.explain()}]"
            )
    assert not failures, "\n".join(failures)


def test_pages_with_assessment_data_are_never_stored_by_a_browser_or_proxy(
    production, every_url, staff_client, client
):
    from django.contrib.auth.models import User

    staff = staff_client(User.objects.get(username="boss"))
    sensitive = [
        (name, url) for name, url in every_url if name.startswith(("intake:", "admin:"))
    ]
    assert any(name.startswith("admin:intake_") for name, _ in sensitive)
    assert any(name.startswith("intake:") for name, _ in sensitive)
    for name, url in sensitive:
        browser = staff if name.startswith("admin:") else client
        response = browser.get(url, secure=True)
        assert "no-store" in response.get("Cache-Control", ""), (url, name)


def test_plain_http_is_redirected_to_https_on_the_same_host(production, client, db):
    response = client.get("/", secure=False)
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"


def test_hsts_is_two_years_with_subdomains_and_preload(production, client, db):
    header = client.get("/", secure=True)["Strict-Transport-Security"]
    assert header == "max-age=63072000; includeSubDomains; preload"


def test_production_cookies_are_host_only_secure_and_httponly(production):
    assert PRODUCTION["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert PRODUCTION["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    assert PRODUCTION["SESSION_COOKIE_SECURE"] is True
    assert PRODUCTION["CSRF_COOKIE_SECURE"] is True
    assert PRODUCTION["KETACARE_TOKEN_COOKIE"] == "__Host-assessment"


@pytest.mark.django_db
def test_the_assessment_cookie_meets_the_host_prefix_rules(production, client):
    # Browsers drop a __Host- cookie unless it is Secure, has path "/" and no
    # Domain: an assessment started over HTTPS must keep its token.
    response = client.post(reverse("intake:start"), secure=True)
    assert response.status_code == 302
    cookie = response.cookies["__Host-assessment"]
    assert cookie["secure"]
    assert cookie["httponly"]
    assert cookie["path"] == "/"
    assert cookie["domain"] == ""
    assert cookie["samesite"] == "Lax"


def test_the_grader_itself_fails_a_bare_response(rf):
    from django.http import HttpResponse

    bare = HttpResponse("<p>hello</p>")
    result = grade(bare)
    assert result.score < 50
    assert result.modifiers["csp-not-implemented"] == -25
    assert result.modifiers["x-frame-options-not-implemented"] == -20
