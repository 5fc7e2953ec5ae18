"""Every page renders with the production static storage, after collectstatic.

The rest of the suite serves static files from the source folders; production
serves hashed copies listed in a manifest, and a `{% static %}` name missing from
it is a 500 there. Here the pages are rendered the production way, so a missing
file fails a test, not a deploy.
"""

import re

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from education.models import TopicPage
from intake.domain import steps
from tests.conftest import MANIFEST_STORAGE
from tests.intake.checkins.public_factories import enrol, invite, opened
from tests.intake.factories import complete, gad7, phq9, url
from tests.intake.fixtures import intake_settings  # noqa: F401  (autouse)
from tests.security.test_headers import named_patterns

STATIC_REFERENCE = re.compile(r"""(?:href|src)="(/static/[^"]+)\"""")
HASHED_NAME = re.compile(r"\.[0-9a-f]{12}\.\w+$")
A_YEAR = 365 * 24 * 3600


@pytest.fixture
def production_static(collected_static, settings):
    settings.STATIC_ROOT = collected_static
    settings.STORAGES = {**settings.STORAGES, "staticfiles": MANIFEST_STORAGE}
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    for cache in caches.all():
        cache.clear()
    return collected_static


def public_paths() -> list[str]:
    paths = [
        reverse(name)
        for name, keywords, _route in named_patterns()
        if not name.startswith(("admin:", "intake:", "check_in:"))
        and not keywords
        and name not in ("healthz", "education:robots", "education:sitemap")
    ]
    return paths + [page.get_absolute_url() for page in TopicPage.objects.published()]


def max_age(response) -> int:
    found = re.search(r"max-age=(\d+)", response.get("Cache-Control", ""))
    return int(found[1]) if found else 0


@pytest.mark.django_db
def test_every_public_page_and_assessment_page_renders_with_hashed_static_files(
    production_static, shipped_content
):
    client = Client()
    html = [client.get(path) for path in [*public_paths(), reverse("intake:start")]]
    complete(client)
    html += [client.get(url(page.key)) for page in steps.QUESTIONS]
    html.append(client.get(reverse("intake:check")))
    client.post(reverse("intake:check"))
    html.append(client.get(reverse("intake:result")))
    # A check-in, from its link to the scores page.
    _check_in, token = invite(enrol())
    person = Client()
    opened(person, token, agree=False)
    html.append(person.get(reverse("check_in:consent")))
    person.post(reverse("check_in:consent"), {"agree": "on"})
    html.append(person.get(reverse("check_in:phq9")))
    person.post(reverse("check_in:phq9"), phq9())
    html.append(person.get(reverse("check_in:gad7")))
    person.post(reverse("check_in:gad7"), {**gad7(), "had_session": "no"})
    html.append(person.get(reverse("check_in:scores")))
    assert [r.status_code for r in html] == [200] * len(html), [
        (r.request["PATH_INFO"], r.status_code) for r in html if r.status_code != 200
    ]
    references = {
        ref for r in html for ref in STATIC_REFERENCE.findall(r.content.decode())
    }
    assert references, "no page linked a static file"
    assert all(HASHED_NAME.search(ref) for ref in references), references
    for ref in references:
        response = client.get(ref)
        assert response.status_code == 200, ref
        assert max_age(response) >= A_YEAR, ref
        assert "immutable" in response["Cache-Control"], ref


@pytest.mark.django_db
def test_a_file_under_its_plain_name_is_cached_for_an_hour_at_most(production_static):
    response = Client().get("/static/css/site.css")
    assert response.status_code == 200
    assert 0 < max_age(response) <= 3600
    assert "immutable" not in response["Cache-Control"]


@pytest.mark.django_db
def test_a_template_naming_a_missing_static_file_fails_here(production_static):
    from django.template import Context, Template

    template = Template("{% load static %}{% static 'css/no-such-file.css' %}")
    with pytest.raises(ValueError, match="no-such-file"):
        template.render(Context())
