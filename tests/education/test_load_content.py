"""`manage.py load_content`: idempotent, and never overwrites an editor's change."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from education.cache import GENERATION_KEY
from education.content_files import read_content
from education.models import (
    FaqCategory,
    FaqEntry,
    FaqEntrySignoff,
    Reference,
    TopicPage,
    TopicPageSignoff,
)
from education.review import ReviewState
from education.services import LoadAction, content_load
from tests.education.factories import sign_off

TOPIC = """---
slug: sample
title: Sample page
meta_description: A sample page.
summary: A sample.
order: 5
last_reviewed: 2026-01-02
related: [other]
references:
  - citation: Source one.
  - citation: Source two.
---
Body citing [1] and [2].
"""
OTHER = TOPIC.replace("slug: sample", "slug: other").replace("related: [other]", "")
FAQ = """---
slug: basics
title: Basics
order: 1
---
## Is this a question? {#a-question}

Yes, it is.
"""


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    (tmp_path / "topics").mkdir()
    (tmp_path / "faq").mkdir()
    (tmp_path / "topics" / "sample.md").write_text(TOPIC)
    (tmp_path / "topics" / "other.md").write_text(OTHER)
    (tmp_path / "faq" / "10-basics.md").write_text(FAQ)
    return tmp_path


def actions(results) -> dict[str, LoadAction]:
    return {result.slug: result.action for result in results}


def run(*args: str) -> str:
    out = StringIO()
    call_command("load_content", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_first_load_creates_every_item(content_dir):
    results = content_load(directory=content_dir)
    assert set(actions(results).values()) == {LoadAction.CREATED}
    page = TopicPage.objects.get(slug="sample")
    assert page.title == "Sample page"
    assert page.status == TopicPage.Status.PUBLISHED
    assert list(page.references.values_list("number", "citation")) == [
        (1, "Source one."),
        (2, "Source two."),
    ]
    assert list(page.related.values_list("slug", flat=True)) == ["other"]
    entry = FaqEntry.objects.get(slug="a-question")
    assert entry.category.slug == "basics"
    assert entry.answer == "Yes, it is.\n"


@pytest.mark.django_db
def test_loading_again_changes_nothing_and_duplicates_nothing(content_dir):
    content_load(directory=content_dir)
    results = content_load(directory=content_dir)
    assert set(actions(results).values()) == {LoadAction.UNCHANGED}
    assert TopicPage.objects.count() == 2
    assert Reference.objects.count() == 4
    assert FaqCategory.objects.count() == 1
    assert FaqEntry.objects.count() == 1


@pytest.mark.django_db
def test_a_changed_file_updates_a_row_nobody_edited(content_dir):
    content_load(directory=content_dir)
    (content_dir / "topics" / "sample.md").write_text(
        TOPIC.replace("Body citing", "New body citing")
    )
    results = content_load(directory=content_dir)
    assert actions(results)["sample"] is LoadAction.UPDATED
    assert TopicPage.objects.get(slug="sample").body.startswith("New body")
    assert Reference.objects.filter(page__slug="sample").count() == 2


@pytest.mark.django_db
def test_an_editors_change_is_kept_when_the_file_changes(content_dir):
    content_load(directory=content_dir)
    TopicPage.objects.filter(slug="sample").update(title="Edited by staff")
    (content_dir / "topics" / "sample.md").write_text(
        TOPIC.replace("Sample page", "File title")
    )
    results = content_load(directory=content_dir)
    assert actions(results)["sample"] is LoadAction.KEPT
    assert TopicPage.objects.get(slug="sample").title == "Edited by staff"


@pytest.mark.django_db
def test_an_editors_change_to_the_references_is_kept(content_dir):
    content_load(directory=content_dir)
    Reference.objects.filter(page__slug="sample", number=2).delete()
    results = content_load(directory=content_dir)
    assert actions(results)["sample"] is LoadAction.KEPT
    assert Reference.objects.filter(page__slug="sample").count() == 1


@pytest.mark.django_db
def test_an_editors_change_to_an_faq_answer_is_kept(content_dir):
    content_load(directory=content_dir)
    FaqEntry.objects.filter(slug="a-question").update(answer="Edited answer.")
    results = content_load(directory=content_dir)
    assert actions(results)["a-question"] is LoadAction.KEPT
    assert FaqEntry.objects.get(slug="a-question").answer == "Edited answer."


@pytest.mark.django_db
def test_force_overwrites_an_editors_change(content_dir):
    content_load(directory=content_dir)
    TopicPage.objects.filter(slug="sample").update(title="Edited by staff")
    results = content_load(directory=content_dir, force=True)
    assert actions(results)["sample"] is LoadAction.UPDATED
    assert TopicPage.objects.get(slug="sample").title == "Sample page"


@pytest.mark.django_db
def test_a_row_an_editor_created_before_the_first_load_is_kept(content_dir):
    TopicPage.objects.create(
        slug="sample",
        title="Written in the admin",
        meta_description="x",
        summary="x",
        body="x",
    )
    results = content_load(directory=content_dir)
    assert actions(results)["sample"] is LoadAction.KEPT
    assert TopicPage.objects.get(slug="sample").title == "Written in the admin"


@pytest.mark.django_db
def test_an_edit_back_to_the_file_text_counts_as_unchanged(content_dir):
    content_load(directory=content_dir)
    TopicPage.objects.filter(slug="sample").update(title="Edited by staff")
    TopicPage.objects.filter(slug="sample").update(title="Sample page")
    results = content_load(directory=content_dir)
    assert actions(results)["sample"] is LoadAction.UNCHANGED


@pytest.mark.django_db
def test_rows_missing_from_the_files_are_never_deleted(content_dir):
    content_load(directory=content_dir)
    (content_dir / "topics" / "other.md").unlink()
    (content_dir / "topics" / "sample.md").write_text(
        TOPIC.replace("related: [other]", "")
    )
    content_load(directory=content_dir)
    assert TopicPage.objects.filter(slug="other").exists()


@pytest.mark.django_db
def test_a_bad_file_stops_the_load_before_anything_is_written(content_dir):
    (content_dir / "topics" / "broken.md").write_text(TOPIC.replace("---\n", "", 1))
    with pytest.raises(CommandError, match=r"broken\.md"):
        run("--directory", str(content_dir))
    assert not TopicPage.objects.exists()


@pytest.mark.django_db
def test_the_command_prints_what_it_created_kept_and_counted(content_dir):
    first = run("--directory", str(content_dir))
    assert "created   topic     sample" in first
    assert "4 created, 0 updated, 0 unchanged, 0 kept" in first
    TopicPage.objects.filter(slug="sample").update(title="Edited by staff")
    second = run("--directory", str(content_dir))
    assert "kept      topic     sample  (edited in the admin; --force" in second
    assert "0 created, 0 updated, 3 unchanged, 1 kept" in second


@pytest.mark.django_db
def test_the_command_loads_the_shipped_content_idempotently():
    run()
    counts = (TopicPage.objects.count(), FaqEntry.objects.count())
    output = run()
    assert (TopicPage.objects.count(), FaqEntry.objects.count()) == counts
    topics, groups = read_content()
    assert counts == (len(topics), sum(len(group.entries) for group in groups))
    assert "0 created, 0 updated" in output


@pytest.mark.django_db
def test_a_load_that_changes_content_makes_cached_pages_stale(
    content_dir, django_capture_on_commit_callbacks
):
    cache.set(GENERATION_KEY, "before")
    with django_capture_on_commit_callbacks(execute=True):
        content_load(directory=content_dir)
    assert cache.get(GENERATION_KEY) != "before"


@pytest.mark.django_db
def test_a_load_that_changes_nothing_keeps_the_cache(
    content_dir, django_capture_on_commit_callbacks
):
    content_load(directory=content_dir)
    cache.set(GENERATION_KEY, "before")
    with django_capture_on_commit_callbacks(execute=True):
        content_load(directory=content_dir)
    assert cache.get(GENERATION_KEY) == "before"


def review_state(slug: str) -> ReviewState:
    return ReviewState(TopicPage.objects.with_review().get(slug=slug).review_state)


@pytest.mark.django_db
def test_shipped_content_loads_as_not_yet_reviewed_by_this_clinic(client):
    run()
    assert not TopicPageSignoff.objects.exists()
    assert not FaqEntrySignoff.objects.exists()
    states = set(TopicPage.objects.with_review().values_list("review_state", flat=True))
    states |= set(FaqEntry.objects.with_review().values_list("review_state", flat=True))
    assert states == {ReviewState.NEVER}
    page = TopicPage.objects.published().first()
    html = client.get(page.get_absolute_url()).content.decode()
    assert "Not yet reviewed by this clinic." in html
    assert "Reviewed by" not in html


@pytest.mark.django_db
def test_the_command_says_how_much_is_not_signed_off(content_dir):
    output = run("--directory", str(content_dir))
    assert (
        "Not clinically reviewed by this clinic (never signed off, changed since, "
        "or overdue): 2 of 2 topic pages; 1 of 1 FAQ entries."
    ) in output
    sign_off(TopicPage.objects.get(slug="sample"))
    output = run("--directory", str(content_dir))
    assert "overdue): 1 of 2 topic pages; 1 of 1 FAQ entries." in output


@pytest.mark.django_db
def test_a_sign_off_leaves_the_load_rules_alone(content_dir):
    content_load(directory=content_dir)
    sign_off(TopicPage.objects.get(slug="sample"))
    results = content_load(directory=content_dir)
    assert actions(results)["sample"] is LoadAction.UNCHANGED
    assert review_state("sample") is ReviewState.CURRENT


@pytest.mark.django_db
def test_a_load_that_rewrites_a_signed_page_marks_it_changed_since_review(
    content_dir,
):
    content_load(directory=content_dir)
    sign_off(TopicPage.objects.get(slug="sample"))
    (content_dir / "topics" / "sample.md").write_text(
        TOPIC.replace("Body citing", "New body citing")
    )
    results = content_load(directory=content_dir)
    assert actions(results)["sample"] is LoadAction.UPDATED
    assert review_state("sample") is ReviewState.CHANGED
    # The history stays: a load never deletes a sign-off.
    assert TopicPageSignoff.objects.filter(page__slug="sample").count() == 1


@pytest.mark.django_db
def test_a_kept_edit_keeps_the_sign_off_of_that_edit(content_dir):
    content_load(directory=content_dir)
    TopicPage.objects.filter(slug="sample").update(title="Edited by staff")
    sign_off(TopicPage.objects.get(slug="sample"))
    (content_dir / "topics" / "sample.md").write_text(
        TOPIC.replace("Sample page", "File title")
    )
    results = content_load(directory=content_dir)
    assert actions(results)["sample"] is LoadAction.KEPT
    assert review_state("sample") is ReviewState.CURRENT
