"""Home, /learn/ and /learn/<slug>/: what the public sees, and what it must not."""

import html as html_lib
import re

import pytest
from django.contrib.auth.models import Permission

from education.models import TopicPage
from tests.education.factories import make_topic, sign_off

SHIPPED = [
    "how-long-does-it-last",
    "is-ketamine-permanent",
    "what-affects-how-long-it-lasts",
    "maintenance-and-booster-sessions",
    "safety-and-side-effects",
    "ketamine-and-therapy",
]


@pytest.mark.django_db
def test_home_says_what_ketamine_therapy_is_and_is_not(client, shipped_content):
    html = client.get("/").content.decode()
    assert "What it is" in html
    assert "What it is not" in html
    assert "Not a permanent cure" in html


@pytest.mark.django_db
def test_home_links_to_the_self_assessment_topics_and_faq(client, shipped_content):
    html = client.get("/").content.decode()
    assert '<a class="btn btn-primary btn-lg" href="/assessment/">' in html
    assert "Take the free self-assessment" in html
    assert 'href="/faq/"' in html
    for slug in SHIPPED:
        assert f'href="/learn/{slug}/"' in html


@pytest.mark.django_db
def test_home_offers_a_search_form_that_needs_no_javascript(client, shipped_content):
    html = client.get("/").content.decode()
    assert 'class="faq-search" role="search"' in html
    assert 'action="/faq/"' in html
    assert 'method="get"' in html


@pytest.mark.django_db
def test_the_topic_list_shows_every_published_page_with_its_summary(
    client, shipped_content
):
    html = html_lib.unescape(client.get("/learn/").content.decode())
    for page in TopicPage.objects.all():
        assert page.title in html
        assert page.summary in html


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SHIPPED)
def test_each_shipped_topic_page_renders_with_title_and_summary(
    client, shipped_content, slug
):
    page = TopicPage.objects.get(slug=slug)
    response = client.get(f"/learn/{slug}/")
    assert response.status_code == 200
    html = html_lib.unescape(response.content.decode())
    assert f"<h1>{page.title}</h1>" in html
    assert page.summary in html


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SHIPPED)
def test_each_topic_page_lists_numbered_references_its_text_cites(
    client, shipped_content, slug
):
    html = client.get(f"/learn/{slug}/").content.decode()
    count = TopicPage.objects.get(slug=slug).references.count()
    for number in range(1, count + 1):
        assert f'<li id="ref-{number}" value="{number}">' in html
        assert f'href="#ref-{number}"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SHIPPED)
def test_each_topic_page_links_to_related_pages_and_the_self_assessment(
    client, shipped_content, slug
):
    html = client.get(f"/learn/{slug}/").content.decode()
    assert "Related pages" in html
    for related in TopicPage.objects.get(slug=slug).related.all():
        assert f'href="/learn/{related.slug}/"' in html
    assert 'href="/assessment/"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SHIPPED)
def test_no_topic_page_uses_inline_styles_or_scripts(client, shipped_content, slug):
    html = client.get(f"/learn/{slug}/").content.decode()
    assert " style=" not in html
    scripts = re.findall(r"<script[^>]*>", html)
    assert all('src="' in tag or "application/ld+json" in tag for tag in scripts)


@pytest.mark.django_db
def test_the_duration_page_draws_the_timeline_with_a_text_alternative(
    client, shipped_content
):
    html = client.get("/learn/how-long-does-it-last/").content.decode()
    assert '<svg class="timeline__picture"' in html
    assert 'role="img"' in html
    assert 'aria-labelledby="timeline-title timeline-desc"' in html
    assert '<pattern id="timeline-fade"' in html
    for lane in ("One session", "A series of 6 sessions", "then 4 weekly sessions"):
        assert lane in html
    assert "The timeline in words" in html
    assert "Zarate and others, 2006" in html


@pytest.mark.django_db
def test_until_a_clinician_signs_off_the_page_says_it_is_not_yet_reviewed(client):
    make_topic(slug="pending")
    html = client.get("/learn/pending/").content.decode()
    assert "Not yet reviewed by this clinic." in html
    assert "Reviewed by" not in html
    assert '<time datetime="2026-11-01">November 1, 2026</time>' in html


@pytest.mark.django_db
def test_a_signed_off_page_names_the_clinician_and_their_credentials(client):
    sign_off(make_topic(slug="reviewed"), name="Test Reviewer", credentials="MD")
    html = client.get("/learn/reviewed/").content.decode()
    assert "Reviewed by <strong>Test Reviewer</strong>, MD, on" in html
    assert "Not yet reviewed" not in html


@pytest.mark.django_db
def test_a_draft_topic_is_a_404_for_the_public(client):
    make_topic(slug="secret", status=TopicPage.Status.DRAFT)
    response = client.get("/learn/secret/")
    assert response.status_code == 404
    assert b"find that page" in response.content


@pytest.mark.django_db
def test_drafts_are_not_listed_on_home_or_the_topic_list(client):
    make_topic(slug="secret", title="Unpublished thoughts", status="draft")
    make_topic(slug="public", title="Published thoughts")
    for url in ("/", "/learn/"):
        html = client.get(url).content.decode()
        assert "Published thoughts" in html
        assert "Unpublished thoughts" not in html


@pytest.mark.django_db
def test_drafts_are_not_offered_as_related_pages(client):
    draft = make_topic(slug="secret", title="Unpublished thoughts", status="draft")
    page = make_topic(slug="public")
    page.related.add(draft)
    html = client.get("/learn/public/").content.decode()
    assert "Unpublished thoughts" not in html


@pytest.mark.django_db
def test_an_editor_can_preview_a_draft_marked_noindex(client, make_staff_user):
    make_topic(slug="secret", status=TopicPage.Status.DRAFT)
    editor = make_staff_user("editor", "Content editor")
    client.force_login(editor)
    response = client.get("/learn/secret/")
    assert response.status_code == 200
    assert b"Draft preview" in response.content
    assert b'<meta name="robots" content="noindex">' in response.content
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_staff_without_content_permissions_cannot_preview_a_draft(
    client, make_staff_user
):
    make_topic(slug="secret", status=TopicPage.Status.DRAFT)
    client.force_login(make_staff_user("triage"))
    assert client.get("/learn/secret/").status_code == 404


@pytest.mark.django_db
def test_preview_permission_is_the_view_permission_on_topic_pages(
    client, make_staff_user
):
    make_topic(slug="secret", status=TopicPage.Status.DRAFT)
    user = make_staff_user("viewer")
    user.user_permissions.add(Permission.objects.get(codename="view_topicpage"))
    client.force_login(user)
    assert client.get("/learn/secret/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/learn/no-such-page/", "/learn/%00/", "/learn/a%2Fb/", "/learn/ünï/"]
)
def test_unknown_or_odd_topic_addresses_are_a_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/learn/", "/learn/test-topic/", "/faq/"])
def test_public_pages_refuse_posts(client, url):
    make_topic()
    assert client.post(url).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/learn/", "/learn/test-topic/", "/faq/"])
def test_public_pages_answer_head_requests(client, url):
    make_topic()
    assert client.head(url).status_code == 200
