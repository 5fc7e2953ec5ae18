"""The shipped content files: the pages patients need, and how files are read.

Checks of the text itself (citations, references, banned claims, reading level)
live in test_content_checks.py."""

import re
from pathlib import Path

import pytest

from education.content_files import (
    CONTENT_DIR,
    ContentError,
    read_content,
    read_faq_category,
    read_topic,
)

REQUIRED_TOPICS = {
    "how-long-does-it-last",
    "is-ketamine-permanent",
    "what-affects-how-long-it-lasts",
    "maintenance-and-booster-sessions",
    "safety-and-side-effects",
    "ketamine-and-therapy",
}


@pytest.fixture(scope="module")
def content():
    return read_content()


def topic(content, slug):
    return next(t for t in content[0] if t.slug == slug)


def test_every_required_topic_page_ships_published(content):
    topics, _ = content
    published = {t.slug for t in topics if t.status == "published"}
    assert published >= REQUIRED_TOPICS


def test_at_least_fifteen_faq_entries_ship_in_several_groups(content):
    _, groups = content
    assert len(groups) >= 3
    assert sum(len(group.entries) for group in groups) >= 15


def test_the_faq_covers_the_questions_patients_ask(content):
    _, groups = content
    questions = " ".join(e.question.lower() for g in groups for e in g.entries)
    for words in (
        "how long",
        "permanent",
        "maintenance",
        "stop working",
        "last longer",
        "side effects",
        "addicted",
        "insurance",
        "at-home",
        "not have ketamine",
        "drive",
    ):
        assert words in questions, words


def test_the_therapy_trials_are_cited_in_full(content):
    citations = [r.citation for r in topic(content, "ketamine-and-therapy").references]
    assert any("(2017)" in c and "86(3):162" in c for c in citations)
    assert any("(2021)" in c and "90(5):318" in c for c in citations)


def test_no_content_file_names_a_medical_reviewer():
    paths = [*CONTENT_DIR.glob("topics/*.md"), *CONTENT_DIR.glob("faq/*.md")]
    assert paths
    for path in paths:
        front_matter = path.read_text().split("\n---\n", 1)[0].lower()
        assert "reviewer" not in front_matter, path.name
        assert "reviewed_by" not in front_matter, path.name


def test_the_permanence_page_says_plainly_that_relief_is_not_permanent(content):
    page = topic(content, "is-ketamine-permanent")
    assert page.summary.startswith("No.")
    assert "not a permanent cure" in page.body


def test_the_therapy_page_states_the_evidence_level_honestly(content):
    page = topic(content, "ketamine-and-therapy")
    assert "promising" in page.summary
    assert "not settled" in page.body


def test_the_duration_page_places_the_timeline_and_the_study_figures(content):
    page = topic(content, "how-long-does-it-last")
    assert "[[figure:duration-timeline]]" in page.body
    for figure in ("2 to 4 hours", "70.8%", "18 days", "59%", "53.6%", "28.9%"):
        assert figure in page.body, figure
    # Reported whole: the worsening beside the gains, both SUSTAIN-1 subgroups,
    # the VA study's outcome beside its spacing.
    for figure in ("8.4%", "6.0%", "26.7%", "45.3%", "25.8%", "57.6%"):
        assert figure in page.body, figure
    for figure in ("26% had responded", "15% were in remission", "every 5 days"):
        assert figure in page.body, figure


def test_cost_is_discussed_in_general_terms_without_prices(content):
    _, groups = content
    text = " ".join(e.answer for g in groups for e in g.entries)
    assert not re.search(r"\$\s?\d", text)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


TOPIC = """---
slug: sample
title: Sample
meta_description: A sample page.
summary: A sample.
last_reviewed: 2026-01-02
references:
  - citation: Source one.
---
Body citing [1].
"""


def test_a_valid_topic_file_is_read(tmp_path):
    page = read_topic(write(tmp_path, "sample.md", TOPIC))
    assert page.slug == "sample"
    assert page.references[0].citation == "Source one."
    assert page.status == "published"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("Body citing [1].", "Body citing [1] and [2]."), "cites missing references"),
        (("Body citing [1].", "Body citing nothing."), "never cited"),
        (("slug: sample", "slug: Not A Slug"), "not a lowercase-hyphen slug"),
        (("title: Sample\n", ""), "'title' is required"),
        (("last_reviewed: 2026-01-02", "last_reviewed: soon"), "YYYY-MM-DD"),
        (("summary: A sample.", "summary: A sample.\nstatus: live"), "status"),
        (("---\nBody", "Body"), "not closed"),
    ],
)
def test_a_malformed_topic_file_is_refused_with_a_reason(tmp_path, change, message):
    path = write(tmp_path, "sample.md", TOPIC.replace(*change))
    with pytest.raises(ContentError, match=message):
        read_topic(path)


def test_a_faq_file_splits_into_entries_in_order(tmp_path):
    text = (
        "---\nslug: g\ntitle: G\norder: 5\n---\n"
        "## First? {#first}\n\nOne.\n\n## Second? {#second}\n\nTwo.\n"
    )
    group = read_faq_category(write(tmp_path, "g.md", text))
    assert [(e.slug, e.question, e.answer) for e in group.entries] == [
        ("first", "First?", "One.\n"),
        ("second", "Second?", "Two.\n"),
    ]
    assert group.entries[0].order < group.entries[1].order


def test_a_faq_entry_without_an_anchor_is_refused(tmp_path):
    path = write(tmp_path, "g.md", "---\nslug: g\ntitle: G\n---\n## No anchor?\n\nA.\n")
    with pytest.raises(ContentError, match="needs a"):
        read_faq_category(path)


def test_two_topics_with_one_slug_are_refused(tmp_path):
    (tmp_path / "topics").mkdir()
    write(tmp_path / "topics", "a.md", TOPIC)
    write(tmp_path / "topics", "b.md", TOPIC)
    with pytest.raises(ContentError, match="same slug"):
        read_content(tmp_path)


def test_a_related_page_that_does_not_exist_is_refused(tmp_path):
    (tmp_path / "topics").mkdir()
    related = TOPIC.replace("summary:", "related: [nope]\nsummary:")
    write(tmp_path / "topics", "a.md", related)
    with pytest.raises(ContentError, match="related pages not found"):
        read_content(tmp_path)
