"""The pages that answer what patients still ask: a session, the ways ketamine is
given and what is approved, how it is thought to work, anxiety/PTSD/pain, cost and
insurance. Each ships published and fully cited, is reachable from the home page
and the FAQ, and the FAQ search finds the entries that lead to it."""

import html as html_lib
import re

import pytest

from education.content_files import read_content

NEW_PAGES = (
    "what-happens-in-a-session",
    "ways-ketamine-is-given",
    "how-ketamine-works",
    "anxiety-ptsd-and-chronic-pain",
    "cost-and-insurance",
)
NEW_FAQ_GROUP = "sessions-options-and-cost"
# What a worried reader would type -> the FAQ entry that must come up.
SEARCHES = [
    ("insurance", "insurance-coverage"),
    ("sublingual", "sublingual-or-oral"),
    ("PTSD", "anxiety-ptsd-pain"),
    ("off-label", "off-label"),
    ("what happens in a session", "what-happens-in-a-session"),
    ("change my brain", "how-it-works"),
]
YEAR = re.compile(r"\((?:\d{1,2} \w+ )?(?:19|20)\d{2}\)")
# A DOI, or a volume with its pages ("78(7):e852-e857", "329(5994):959-964").
LOCATOR = re.compile(r"doi:10\.\d{4,}/\S+|\b\d+(?:\(\d+\))?:e?[a-z]*\d+")


@pytest.fixture(scope="module")
def content():
    return read_content()


def topic(content, slug):
    return next(page for page in content[0] if page.slug == slug)


def new_group(content):
    return next(group for group in content[1] if group.slug == NEW_FAQ_GROUP)


def visible_text(response) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.mark.parametrize("slug", NEW_PAGES)
def test_each_new_page_ships_published_and_reviewed(content, slug):
    page = topic(content, slug)
    assert page.status == "published"
    assert page.last_reviewed.isoformat() == "2026-11-30"
    # After the six pages that were there first.
    assert page.order > max(
        other.order for other in content[0] if other.slug not in NEW_PAGES
    )


@pytest.mark.parametrize("slug", NEW_PAGES)
def test_each_reference_names_its_year_and_where_to_find_it(content, slug):
    for reference in topic(content, slug).references:
        citation = reference.citation
        assert YEAR.search(citation) or "revised" in citation, citation
        # A journal article gives a DOI or volume and pages; the drug label its
        # revision; the FDA's warning its full date.
        assert (
            LOCATOR.search(citation)
            or "revised" in citation
            or "FDA safety communication" in citation
        ), citation


def test_the_new_pages_link_to_each_other_both_ways(content):
    for slug in NEW_PAGES:
        for other in set(topic(content, slug).related) & set(NEW_PAGES):
            assert slug in topic(content, other).related, f"{slug} -> {other} only"


@pytest.mark.django_db
@pytest.mark.parametrize("slug", NEW_PAGES)
def test_each_new_page_renders_with_its_references(client, shipped_content, slug):
    response = client.get(f"/learn/{slug}/")
    assert response.status_code == 200
    text = " ".join(visible_text(response).split())
    page = topic(read_content(), slug)
    assert page.title in text
    assert "References" in text
    for reference in page.references:
        assert reference.citation in text, reference.citation
    for number in range(1, len(page.references) + 1):
        assert f'href="#ref-{number}"' in response.content.decode()


@pytest.mark.django_db
def test_the_home_page_links_to_each_new_page(client, shipped_content):
    html = client.get("/").content.decode()
    for slug in NEW_PAGES:
        assert f'href="/learn/{slug}/"' in html, slug


def test_each_new_faq_entry_leads_to_a_new_page_and_every_page_is_led_to(content):
    linked = set()
    for entry in new_group(content).entries:
        targets = set(re.findall(r"\(/learn/([a-z0-9-]+)/\)", entry.answer))
        assert targets & set(NEW_PAGES), entry.slug
        linked |= targets
    assert linked >= set(NEW_PAGES)


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "anchor"), SEARCHES)
def test_the_faq_search_finds_each_new_entry(client, shipped_content, query, anchor):
    assert anchor in {entry.slug for entry in new_group(read_content()).entries}
    response = client.get("/faq/", {"q": query})
    assert response.status_code == 200
    assert f'href="/faq/#q-{anchor}"' in response.content.decode()


@pytest.mark.django_db
def test_the_new_faq_group_is_on_the_faq_page(client, shipped_content, content):
    html = html_lib.unescape(client.get("/faq/").content.decode())
    group = new_group(content)
    assert group.title in html
    for entry in group.entries:
        assert f'id="q-{entry.slug}"' in html


def test_the_session_page_says_what_at_home_care_lacks(content):
    body = topic(content, "what-happens-in-a-session").body
    assert "No clinician is in the room" in body
    assert "until the next day, after a restful sleep" in body
    assert "Someone else should take you home" in body
    # Blood pressure is measured in the clinic section only, never at home.
    at_home = body.split("## At home", 1)[1].split("\n## ", 1)[0]
    assert "measures your blood pressure" not in at_home


def test_the_routes_page_answers_the_sublingual_claim_without_making_it(content):
    body = topic(content, "ways-ketamine-is-given").body
    answer = body.split("keep working for longer than IV?", 1)[1]
    assert answer.lstrip().startswith("Some clinic websites say that it does.")
    assert "No study we know of shows this." in answer
    assert "off-label" in topic(content, "ways-ketamine-is-given").summary


def test_the_mechanism_page_promises_no_rewiring(content):
    page = topic(content, "how-ketamine-works")
    assert "No study shows that ketamine rewires the brain for good." in page.body
    assert "rats and mice" in page.summary
    # Rewiring is only ever named to be denied or called beyond the evidence.
    for paragraph in page.body.split("\n\n"):
        if re.search(r"\brewir", paragraph):
            assert re.search(r"No study|beyond the evidence", paragraph), paragraph


def test_the_cost_page_names_no_prices_and_promises_no_coverage(content):
    page = topic(content, "cost-and-insurance")
    text = page.summary + page.body
    assert not re.search(r"\$\s?\d|\bUSD\b|\bdollars?\b", text)
    # No source says what health plans usually cover: the page sends the reader
    # to their plan instead of claiming it.
    assert not re.search(
        r"\b(?:plans?|insurers?)\b[^.]*\b(?:often|usually)\b[^.]*\b(?:cover|pay)",
        text,
        re.I,
    )
    assert "Ask your plan" in text
    assert "No one can promise you coverage." in page.body
