"""Public pages are cheap (at most three SQL queries) and cached in the shared
cache until content changes."""

import gzip

import pytest

from education import cache as page_cache
from education.cache import content_cache_invalidate
from education.models import FaqEntry, TopicPage
from tests.education.factories import make_faq_entry, make_topic

PAGES = ["/", "/learn/", "/learn/how-long-does-it-last/", "/faq/", "/sitemap.xml"]
LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_building_a_page_takes_at_most_three_queries(
    client, settings, shipped_content, django_assert_max_num_queries, url
):
    # A cache outside the database, so only the page's own queries are counted.
    settings.CACHES = LOCAL_CACHE
    with django_assert_max_num_queries(3):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_a_cached_page_takes_one_query_from_the_shared_cache(
    client, shipped_content, django_assert_num_queries, url
):
    first = client.get(url)
    with django_assert_num_queries(1):
        second = client.get(url)
    assert second.status_code == 200
    assert second.content == first.content


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/learn/how-long-does-it-last/"])
def test_a_cached_page_is_served_compressed_once_not_per_request(
    client, shipped_content, url
):
    plain = client.get(url).content
    hit = client.get(url, headers={"accept-encoding": "gzip, br"})
    assert hit["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in hit["Vary"]
    assert gzip.decompress(hit.content) == plain
    # The stored bytes are served as they are: identical on every hit.
    again = client.get(url, headers={"accept-encoding": "gzip"})
    assert again.content == hit.content
    assert client.get(url).content == plain


@pytest.mark.django_db
def test_a_cached_page_keeps_its_content_type(client, shipped_content):
    client.get("/sitemap.xml")
    assert client.get("/sitemap.xml")["Content-Type"].startswith("application/xml")


@pytest.mark.django_db
def test_a_page_stays_cached_until_content_changes(client):
    page = make_topic(title="Old title")
    assert b"Old title" in client.get("/learn/test-topic/").content
    TopicPage.objects.filter(pk=page.pk).update(title="New title")
    assert b"Old title" in client.get("/learn/test-topic/").content
    content_cache_invalidate()
    assert b"New title" in client.get("/learn/test-topic/").content


@pytest.mark.django_db
def test_invalidating_refreshes_every_page_at_once(client):
    make_faq_entry(question="Old question?")
    make_topic(title="Old title")
    for url in ("/", "/learn/", "/faq/"):
        client.get(url)
    TopicPage.objects.update(title="New title")
    FaqEntry.objects.update(question="New question?")
    content_cache_invalidate()
    assert b"New title" in client.get("/").content
    assert b"New title" in client.get("/learn/").content
    assert b"New question?" in client.get("/faq/").content


@pytest.mark.django_db
def test_a_missing_page_is_not_cached(client):
    assert client.get("/learn/test-topic/").status_code == 404
    make_topic()
    assert client.get("/learn/test-topic/").status_code == 200


@pytest.mark.django_db
def test_a_page_unpublished_after_caching_disappears_once_invalidated(client):
    page = make_topic()
    client.get("/learn/test-topic/")
    TopicPage.objects.filter(pk=page.pk).update(status=TopicPage.Status.DRAFT)
    content_cache_invalidate()
    assert client.get("/learn/test-topic/").status_code == 404


@pytest.mark.django_db
def test_search_results_are_cached_until_the_content_changes(client):
    client.get("/faq/", {"q": "relapse"})
    make_faq_entry(answer="About relapse.")
    assert b"<mark>relapse</mark>" not in client.get("/faq/", {"q": "relapse"}).content
    content_cache_invalidate()
    assert b"<mark>relapse</mark>" in client.get("/faq/", {"q": "relapse"}).content


@pytest.mark.django_db
def test_each_host_gets_its_own_cached_page(client):
    make_topic()
    client.get("/learn/test-topic/")
    html = client.get("/learn/test-topic/", HTTP_HOST="localhost").content.decode()
    assert '<link rel="canonical" href="http://localhost/learn/test-topic/">' in html


@pytest.mark.django_db
def test_a_logged_in_editor_gets_the_same_public_page(client, make_staff_user):
    make_topic()
    anonymous = client.get("/learn/test-topic/").content
    client.force_login(make_staff_user("editor", "Content editor"))
    assert client.get("/learn/test-topic/").content == anonymous


@pytest.mark.django_db
def test_a_new_release_does_not_serve_pages_cached_by_the_old_one(client, monkeypatch):
    page = make_topic(title="Old title")
    client.get("/learn/test-topic/")
    TopicPage.objects.filter(pk=page.pk).update(title="New title")
    monkeypatch.setattr(page_cache, "code_version", lambda: "next-release")
    assert b"New title" in client.get("/learn/test-topic/").content


def test_the_release_fingerprint_covers_templates_and_static_files(tmp_path, settings):
    page_cache.code_version.cache_clear()
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    template = tmp_path / "page.html"
    template.write_text("one")
    before = page_cache.code_version()
    page_cache.code_version.cache_clear()
    template.write_text("two")
    try:
        assert page_cache.code_version() != before
    finally:
        page_cache.code_version.cache_clear()


@pytest.mark.django_db
def test_a_page_served_moments_ago_costs_no_query(client, django_assert_num_queries):
    make_topic()
    client.get("/learn/test-topic/")
    client.get("/learn/test-topic/")
    with django_assert_num_queries(0):
        assert client.get("/learn/test-topic/").status_code == 200


@pytest.mark.django_db
def test_an_edit_saved_by_another_worker_shows_within_two_seconds(client, monkeypatch):
    make_topic(title="Old title")
    for _ in range(3):
        assert b"Old title" in client.get("/learn/test-topic/").content
    # Another worker saves: the shared generation changes, this process's
    # copy does not hear of it...
    TopicPage.objects.update(title="New title")
    page_cache.cache.set(page_cache.GENERATION_KEY, "from-another-worker", None)
    assert b"Old title" in client.get("/learn/test-topic/").content
    # ...until it checks the shared cache again, at most two seconds later.
    recent = page_cache.RecentPages
    later = recent.clock() + recent.CONFIRM_SECONDS + 0.1
    monkeypatch.setattr(recent, "clock", staticmethod(lambda: later))
    assert b"New title" in client.get("/learn/test-topic/").content


@pytest.mark.django_db
def test_an_edit_in_this_process_shows_at_once(client):
    make_topic(title="Old title")
    for _ in range(3):
        client.get("/learn/test-topic/")
    TopicPage.objects.update(title="New title")
    content_cache_invalidate()
    assert b"New title" in client.get("/learn/test-topic/").content
