"""/faq/: grouped questions answered on the page, no JavaScript needed."""

import html as html_lib
import re

import pytest

from education.content_files import read_content
from education.models import FaqEntry
from tests.education.factories import make_category, make_faq_entry


def shipped_answer_count() -> int:
    """How many published answers the content files hold."""
    _, groups = read_content()
    return sum(e.status == "published" for g in groups for e in g.entries)


@pytest.mark.django_db
def test_every_published_question_is_answered_on_the_page(client, shipped_content):
    html = html_lib.unescape(client.get("/faq/").content.decode())
    entries = FaqEntry.objects.published()
    assert entries.count() == shipped_answer_count()
    for entry in entries:
        assert f"<summary>{entry.question}</summary>" in html


@pytest.mark.django_db
def test_answers_use_native_details_elements(client, shipped_content):
    html = client.get("/faq/").content.decode()
    details = re.findall(r"<details[^>]*>", html)
    assert len(details) == FaqEntry.objects.published().count()
    assert "<script>" not in html


@pytest.mark.django_db
def test_questions_are_grouped_in_category_order(client):
    later = make_category("later", title="Later group", order=20)
    first = make_category("first", title="First group", order=10)
    make_faq_entry("b", question="In the later group?", category=later)
    make_faq_entry("a", question="In the first group?", category=first)
    html = client.get("/faq/").content.decode()
    assert html.index("First group") < html.index("Later group")
    assert html.index("In the first group?") < html.index("In the later group?")


@pytest.mark.django_db
def test_questions_within_a_group_follow_their_order(client):
    make_faq_entry("second", question="Second question?", order=20)
    make_faq_entry("first", question="First question?", order=10)
    html = client.get("/faq/").content.decode()
    assert html.index("First question?") < html.index("Second question?")


@pytest.mark.django_db
def test_each_answer_can_be_linked_to_by_its_anchor(client):
    entry = make_faq_entry("driving", question="Can I drive?")
    html = client.get("/faq/").content.decode()
    assert entry.get_absolute_url() == "/faq/#q-driving"
    # Inside the <details>, so following the link opens the answer.
    assert re.search(
        r"<details[^>]*>\s*<summary>Can I drive\?</summary>.*?id=\"q-driving\"",
        html,
        re.S,
    )


@pytest.mark.django_db
def test_draft_questions_are_not_shown(client):
    make_faq_entry("public", question="A public question?")
    make_faq_entry("hidden", question="A draft question?", status="draft")
    html = client.get("/faq/").content.decode()
    assert "A public question?" in html
    assert "A draft question?" not in html


@pytest.mark.django_db
def test_a_group_with_only_draft_questions_is_not_shown(client):
    empty = make_category("empty", title="Nothing public yet")
    make_faq_entry("hidden", status="draft", category=empty)
    make_faq_entry("public")
    assert b"Nothing public yet" not in client.get("/faq/").content


@pytest.mark.django_db
def test_answers_are_sanitised_markdown(client):
    make_faq_entry(answer="**Yes.** <script>alert(1)</script>[x](javascript:alert(2))")
    html = client.get("/faq/").content.decode()
    assert "<strong>Yes.</strong>" in html
    assert "alert(" not in html


@pytest.mark.django_db
def test_an_empty_search_shows_a_helpful_prompt_and_every_question(
    client, shipped_content
):
    response = client.get("/faq/?q=")
    html = response.content.decode()
    assert response.status_code == 200
    assert "What would you like to know?" in html
    assert len(re.findall(r"<details[^>]*>", html)) == shipped_answer_count()


@pytest.mark.django_db
def test_a_whitespace_only_search_counts_as_empty(client, shipped_content):
    assert b"What would you like to know?" in client.get("/faq/?q=%20%09%0A").content


@pytest.mark.django_db
def test_the_faq_with_no_content_yet_still_renders(client):
    response = client.get("/faq/")
    assert response.status_code == 200
    assert b"Answers are on their way" in response.content
