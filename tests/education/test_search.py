"""/faq/?q=: PostgreSQL full-text search over FAQ answers and topic pages."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from education.cache import content_cache_invalidate
from education.search import normalise_query, search_content
from tests.education.factories import make_faq_entry, make_topic


def results(client, query: str) -> str:
    response = client.get("/faq/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def result_titles(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", title)
        for title in re.findall(r"<h3>\s*<a [^>]*>(.*?)</a>", html, re.S)
    ]


@pytest.mark.django_db
def test_it_finds_faq_entries_and_topic_pages(client):
    make_faq_entry("q", question="Is relapse common?", answer="Often, yes.")
    make_topic("t", title="Planning for relapse", body="About relapse [1].")
    html = results(client, "relapse")
    assert result_titles(html) == ["Is relapse common?", "Planning for relapse"]
    assert 'href="/faq/#q-q"' in html
    assert 'href="/learn/t/"' in html
    assert "2 results for “relapse”" in html


@pytest.mark.django_db
def test_a_match_in_the_question_outranks_a_match_in_an_answer(client):
    make_faq_entry("body", question="What else?", answer="Maintenance matters.")
    make_faq_entry("title", question="What is maintenance?", answer="Later sessions.")
    assert result_titles(results(client, "maintenance")) == [
        "What is maintenance?",
        "What else?",
    ]


@pytest.mark.django_db
def test_a_short_answer_is_not_buried_under_a_long_page_repeating_the_word(client):
    make_faq_entry("short", question="Dizziness?", answer="Dizziness can happen.")
    long_body = "Dizziness happens. " + "Many other words here. " * 200 + "[1]"
    make_topic("long", title="Everything", body=long_body)
    assert result_titles(results(client, "dizziness"))[0] == "Dizziness?"


@pytest.mark.django_db
def test_english_stemming_matches_other_forms_of_a_word(client):
    make_faq_entry(question="Can symptoms return?", answer="Relapses happen.")
    assert result_titles(results(client, "relapsing")) == ["Can symptoms return?"]


@pytest.mark.django_db
def test_web_search_syntax_supports_phrases_and_exclusions(client):
    make_faq_entry("a", question="Booster sessions?", answer="Extra booster sessions.")
    make_faq_entry("b", question="Sessions and boosters?", answer="Both, apart.")
    assert (
        result_titles(results(client, '"booster sessions"'))[0] == "Booster sessions?"
    )
    assert result_titles(results(client, "booster -extra")) == [
        "Sessions and boosters?"
    ]


@pytest.mark.django_db
def test_hits_are_highlighted_with_mark(client):
    make_faq_entry(question="Driving after a session?", answer="Do not drive.")
    html = results(client, "driving")
    assert "<mark>Driving</mark> after a session?" in html
    assert "Do not <mark>drive</mark>." in html


@pytest.mark.django_db
def test_snippets_escape_stored_markup_before_marking_hits(client):
    stored = '<script>alert("x")</script> <img src=x onerror=alert(1)>'
    make_faq_entry(answer=stored + " x < y & relapse")
    html = results(client, "relapse")
    assert "<script>alert" not in html
    assert "<img" not in html
    assert "x &lt; y &amp; <mark>relapse</mark>" in html


@pytest.mark.django_db
def test_stray_highlight_delimiters_in_content_cannot_unbalance_the_markup(client):
    make_faq_entry(answer="Odd \ue001 text \ue000 about relapse \ue000")
    snippet = search_content("relapse")[0].snippet
    assert snippet.count("<mark>") == snippet.count("</mark>")
    assert "\ue000" not in snippet
    assert "\ue001" not in snippet


@pytest.mark.django_db
def test_snippets_hide_markdown_syntax(client):
    make_faq_entry(answer="See **the** [maintenance page](/learn/x/) [2] for relapse.")
    snippet = search_content("relapse")[0].snippet
    assert snippet == "See the maintenance page for <mark>relapse</mark>."


@pytest.mark.django_db
def test_drafts_are_never_found(client):
    make_faq_entry("draft", question="Secret relapse?", status="draft")
    make_topic("draft-topic", title="Secret relapse page", status="draft")
    assert b"No results for" in client.get("/faq/", {"q": "relapse"}).content


@pytest.mark.django_db
def test_no_results_suggests_other_words_and_links_the_topics(client):
    make_topic("t", title="A topic to read")
    html = results(client, "xylophone")
    assert "No results for “xylophone”" in html
    assert "Use fewer or different words" in html
    assert 'href="/learn/t/"' in html


@pytest.mark.django_db
def test_a_query_of_only_common_words_gets_the_no_results_help(client):
    make_faq_entry(question="How is it?", answer="The answer is here.")
    assert "Very common words" in results(client, "the how")


@pytest.mark.django_db
def test_the_query_is_escaped_on_the_results_page(client):
    html = results(client, '<script>alert("q")</script>')
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;q&quot;)&lt;/script&gt;" in html


@pytest.mark.django_db
def test_search_results_are_not_indexed_and_point_canonical_at_the_faq(client):
    html = results(client, "relapse")
    assert '<meta name="robots" content="noindex">' in html
    assert '<link rel="canonical" href="http://testserver/faq/">' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "relapse\x00",
        "\x00\x00\x00",
        "a" * 10_000,
        "relapse " * 2_000,
        "\u202e\u200b\ufeff relapse",
        "ketamine 💊🧠 ✨",
        "e\u0301\u0301\u0301",
        "!!! ||| &&& ::: (((",
        "'; DROP TABLE education_faqentry; --",
        "<->",
        "-",
        '"',
    ],
)
def test_hostile_queries_never_fail(client, query):
    make_faq_entry(answer="About relapse.")
    assert client.get("/faq/", {"q": query}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "raw_query_string", ["q=%00", "q=%FF%FE", "q=%ED%A0%80", "q=a&q=b", "q", "q=%"]
)
def test_malformed_query_strings_never_fail(client, raw_query_string):
    assert client.get(f"/faq/?{raw_query_string}").status_code == 200


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    # The client and the test transaction are safe to share between examples.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=300))
def test_any_text_query_gets_a_page(client, query):
    assert client.get("/faq/", {"q": query}).status_code == 200


def test_normalise_query_drops_control_characters_and_caps_the_length():
    assert normalise_query(" re\x00lapse\u200b  now \n") == "re lapse now"
    assert len(normalise_query("word " * 1000)) <= 200


@pytest.mark.django_db
def test_a_search_costs_two_queries_when_something_is_found(
    django_assert_max_num_queries,
):
    make_faq_entry(answer="About relapse.")
    with django_assert_max_num_queries(2):
        assert search_content("relapse")


@pytest.mark.django_db
def test_a_repeated_search_is_answered_from_the_cache(
    client, django_assert_max_num_queries
):
    make_faq_entry(answer="About relapse.")
    first = client.get("/faq/", {"q": "relapse"})
    with django_assert_max_num_queries(1):
        again = client.get("/faq/", {"q": "  relapse\u200b "})
    assert again.content == first.content


@pytest.mark.django_db
def test_a_cached_search_is_stale_once_content_changes(client):
    make_faq_entry(answer="About relapse.")
    client.get("/faq/", {"q": "relapse"})
    make_faq_entry("second", question="Relapse after stopping?", answer="Relapse.")
    content_cache_invalidate()
    assert "Relapse after stopping?" in result_titles(results(client, "relapse"))


@pytest.mark.django_db
def test_searches_beyond_the_limit_get_a_429_but_cached_ones_still_work(
    client, settings
):
    settings.KETACARE_SEARCH_LIMIT = 3
    make_faq_entry(answer="About relapse and maintenance.")
    for word in ("relapse", "maintenance", "xylophone"):
        assert client.get("/faq/", {"q": word}).status_code == 200
    limited = client.get("/faq/", {"q": "ketamine"})
    assert limited.status_code == 429
    assert "Please wait a moment" in limited.content.decode()
    assert 0 < int(limited["Retry-After"]) <= 60
    assert "no-store" in limited["Cache-Control"]
    # Already-cached answers cost nothing, so they stay open.
    assert client.get("/faq/", {"q": "relapse"}).status_code == 200
    # Another client has its own allowance.
    from django.test import Client

    other = Client(REMOTE_ADDR="203.0.113.44")
    assert other.get("/faq/", {"q": "ketamine"}).status_code == 200


@pytest.mark.django_db
def test_no_results_offers_searches_that_find_something(client, shipped_content):
    html = results(client, "xylophone")
    suggestions = re.findall(r'<a href="/faq/\?q=([^"]+)">', html)
    assert len(suggestions) >= 4
    for word in suggestions:
        assert "No results" not in results(client, word.replace("%20", " ")), word
