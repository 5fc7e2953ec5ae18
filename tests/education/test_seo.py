"""What search engines read: titles, descriptions, canonical URLs, Open Graph,
JSON-LD, /sitemap.xml and /robots.txt."""

import datetime
import re
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from education.content_files import read_content
from education.models import FaqEntry, TopicPage
from education.seo import json_ld
from tests.education.conftest import json_ld_blocks
from tests.education.factories import make_faq_entry, make_topic, sign_off

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap(client) -> ET.Element:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 (our own sitemap)


def head_tag(html: str, pattern: str) -> str:
    match = re.search(pattern, html)
    assert match, pattern
    return match.group(1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/", "Honest answers about ketamine therapy | KetaCare"),
        ("/learn/", "Learn about ketamine treatment | KetaCare"),
        ("/learn/test-topic/", "A test topic | KetaCare"),
        ("/faq/", "Questions people ask about ketamine treatment | KetaCare"),
    ],
)
def test_each_page_has_its_own_title_description_and_canonical_url(client, url, title):
    make_topic(meta_description="A page about a test topic.")
    html = client.get(url).content.decode()
    assert head_tag(html, r"<title>\s*(.*?)\s*</title>") == title
    description = head_tag(html, r'<meta name="description"\s+content="([^"]*)"')
    assert 20 <= len(description) <= 160
    assert head_tag(html, r'<link rel="canonical" href="([^"]*)">') == (
        "http://testserver" + url
    )


@pytest.mark.django_db
def test_a_topic_page_uses_its_meta_description(client):
    make_topic(meta_description="A page about a test topic.")
    html = client.get("/learn/test-topic/").content.decode()
    assert (
        '<meta name="description"\n          content="A page about a test topic.">'
        in (html)
    )


@pytest.mark.django_db
def test_open_graph_tags_describe_the_page(client):
    make_topic(title="A test topic", meta_description="About the test topic.")
    html = client.get("/learn/test-topic/").content.decode()
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="A test topic">' in html
    assert '<meta property="og:description" content="About the test topic.">' in html
    assert (
        '<meta property="og:url" content="http://testserver/learn/test-topic/">' in html
    )
    assert '<meta property="og:site_name" content="KetaCare">' in html


@pytest.mark.django_db
def test_the_canonical_url_drops_the_query_string(client):
    make_topic()
    html = client.get("/learn/test-topic/?utm_source=x").content.decode()
    assert '<link rel="canonical" href="http://testserver/learn/test-topic/">' in html


@pytest.mark.django_db
def test_a_topic_page_has_medical_web_page_json_ld(client):
    make_topic(title="A test topic")
    (data,) = json_ld_blocks(client.get("/learn/test-topic/").content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["name"] == "A test topic"
    assert data["url"] == "http://testserver/learn/test-topic/"
    assert data["citation"] == ["Someone et al. (2020). A journal 1:1-2."]


@pytest.mark.django_db
def test_json_ld_claims_no_review_until_a_clinician_signs_off(client):
    # The date the text was checked against its sources is not a clinical review.
    make_topic(last_reviewed=datetime.date(2026, 11, 1))
    (data,) = json_ld_blocks(client.get("/learn/test-topic/").content.decode())
    assert "reviewedBy" not in data
    assert "lastReviewed" not in data


@pytest.mark.django_db
def test_json_ld_names_the_clinician_who_signed_off_and_when(client):
    noon = datetime.datetime(2026, 11, 20, 12, tzinfo=ZoneInfo(settings.TIME_ZONE))
    with time_machine.travel(noon):
        sign_off(make_topic(), name="Dr Jane Doe", credentials="MD")
    (data,) = json_ld_blocks(client.get("/learn/test-topic/").content.decode())
    assert data["lastReviewed"] == "2026-11-20"
    assert data["reviewedBy"] == {
        "@type": "Person",
        "name": "Dr Jane Doe",
        "honorificSuffix": "MD",
    }


@pytest.mark.django_db
def test_json_ld_drops_the_review_once_the_page_changes(client):
    page = make_topic()
    sign_off(page)
    TopicPage.objects.filter(pk=page.pk).update(body="Changed text [1].")
    (data,) = json_ld_blocks(client.get("/learn/test-topic/").content.decode())
    assert "reviewedBy" not in data
    assert "lastReviewed" not in data


@pytest.mark.django_db
def test_the_faq_has_faq_page_json_ld_with_every_published_answer(
    client, shipped_content
):
    make_faq_entry("draft-one", question="A draft question?", status="draft")
    (data,) = json_ld_blocks(client.get("/faq/").content.decode())
    assert data["@type"] == "FAQPage"
    questions = [item["name"] for item in data["mainEntity"]]
    published = FaqEntry.objects.published()
    assert sorted(questions) == sorted(published.values_list("question", flat=True))
    assert "A draft question?" not in questions
    first = data["mainEntity"][0]
    assert first["@type"] == "Question"
    assert first["acceptedAnswer"]["@type"] == "Answer"
    assert first["acceptedAnswer"]["text"].startswith("<p>")


@pytest.mark.django_db
def test_json_ld_cannot_be_broken_out_of(client):
    title = '</script><script>alert("x")</script><!--'
    make_topic(title=title)
    html = client.get("/learn/test-topic/").content.decode()
    assert html.count("</script>") == html.count("<script")
    assert '<script>alert("x")' not in html
    (data,) = json_ld_blocks(html)
    assert data["name"] == title


def test_json_ld_escapes_every_character_that_could_end_the_block():
    text = json_ld({"x": "</SCRIPT> <!-- & \u2028 \u2029"})
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in text


@pytest.mark.django_db
def test_the_sitemap_lists_every_published_page_and_no_draft(client, shipped_content):
    make_topic("a-draft", status="draft")
    root = sitemap(client)
    locations = {loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)}
    expected = {
        f"http://testserver/learn/{slug}/"
        for slug in TopicPage.objects.published().values_list("slug", flat=True)
    }
    shipped = {t.slug for t in read_content()[0] if t.status == "published"}
    assert expected == {f"http://testserver/learn/{slug}/" for slug in shipped}
    assert expected <= locations
    assert "http://testserver/learn/a-draft/" not in locations
    for path in ("/", "/learn/", "/faq/", "/assessment/", "/help-now/", "/privacy/"):
        assert f"http://testserver{path}" in locations


@pytest.mark.django_db
def test_the_sitemap_gives_topic_pages_a_last_modified_date(client):
    make_topic()
    root = sitemap(client)
    (entry,) = [
        url
        for url in root.findall("s:url", SITEMAP_NS)
        if url.find("s:loc", SITEMAP_NS).text.endswith("/learn/test-topic/")
    ]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry.find("s:lastmod", SITEMAP_NS).text)


@pytest.mark.django_db
def test_robots_txt_allows_the_public_pages_and_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Allow: /" in lines
    assert "Disallow: /admin/" in lines
    # The assessment's pages need a browser session that crawlers never have:
    # they are redirected to the start page, so nothing there is blocked.
    assert not [line for line in lines if "/assessment/" in line]
    assert "Sitemap: http://testserver/sitemap.xml" in lines


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/sitemap.xml", "/robots.txt"])
def test_sitemap_and_robots_refuse_posts(client, url):
    assert client.post(url).status_code == 405
