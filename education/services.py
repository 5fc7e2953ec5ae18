"""Writing education content: loading the shipped files into the database.

Each loaded row keeps `content_hash`, the fingerprint of what was loaded. On the
next load the row's current fingerprint tells the story: equal to the file ->
nothing to do; equal to content_hash -> nobody touched it, so the file's newer
text may replace it; anything else -> an editor changed it in the admin, and it
is kept unless the caller forces the file's version.
"""

import enum
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from education.cache import content_cache_invalidate
from education.content_files import (
    CONTENT_DIR,
    FaqCategorySource,
    FaqEntrySource,
    ReferenceSource,
    TopicSource,
    faq_category_snapshot,
    faq_entry_snapshot,
    fingerprint,
    read_content,
    topic_snapshot,
)
from education.models import FaqCategory, FaqEntry, Reference, TopicPage

TOPIC_FIELDS = (
    "title",
    "meta_description",
    "summary",
    "body",
    "status",
    "order",
    "last_reviewed",
)


class LoadAction(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    KEPT = "kept"  # edited since it was loaded; left alone


@dataclass(frozen=True)
class LoadResult:
    kind: str
    slug: str
    action: LoadAction


def _decide(
    *, exists: bool, stored: str, current: str, source: str, force: bool
) -> LoadAction:
    if not exists:
        return LoadAction.CREATED
    if current == source:
        return LoadAction.UNCHANGED
    if force or stored == current:
        return LoadAction.UPDATED
    return LoadAction.KEPT


def _topic_as_source(page: TopicPage) -> TopicSource:
    return TopicSource(
        slug=page.slug,
        title=page.title,
        meta_description=page.meta_description,
        summary=page.summary,
        body=page.body,
        status=page.status,
        order=page.order,
        last_reviewed=page.last_reviewed,
        related=tuple(page.related.values_list("slug", flat=True)),
        references=tuple(
            ReferenceSource(citation=ref.citation, url=ref.url)
            for ref in page.references.order_by("number")
        ),
    )


def _load_topic(topic: TopicSource, *, force: bool) -> tuple[LoadAction, TopicPage]:
    page = TopicPage.objects.filter(slug=topic.slug).first()
    source = fingerprint(topic_snapshot(topic))
    current = fingerprint(topic_snapshot(_topic_as_source(page))) if page else ""
    action = _decide(
        exists=page is not None,
        stored=page.content_hash if page else "",
        current=current,
        source=source,
        force=force,
    )
    page = page or TopicPage(slug=topic.slug)
    if action in (LoadAction.CREATED, LoadAction.UPDATED):
        for field in TOPIC_FIELDS:
            setattr(page, field, getattr(topic, field))
        page.content_hash = source
        page.full_clean()
        page.save()
        page.references.all().delete()
        for number, ref in enumerate(topic.references, start=1):
            reference = Reference(
                page=page, number=number, citation=ref.citation, url=ref.url
            )
            reference.full_clean()
            reference.save()
    elif action is LoadAction.UNCHANGED and page.content_hash != source:
        TopicPage.objects.filter(pk=page.pk).update(content_hash=source)
    return action, page


def _load_faq_category(
    group: FaqCategorySource, *, force: bool
) -> tuple[LoadAction, FaqCategory]:
    category = FaqCategory.objects.filter(slug=group.slug).first()
    source = fingerprint(faq_category_snapshot(group))
    current = ""
    if category:
        current = fingerprint(
            faq_category_snapshot(
                FaqCategorySource(
                    slug=category.slug,
                    title=category.title,
                    order=category.order,
                    entries=(),
                )
            )
        )
    action = _decide(
        exists=category is not None,
        stored=category.content_hash if category else "",
        current=current,
        source=source,
        force=force,
    )
    category = category or FaqCategory(slug=group.slug)
    if action in (LoadAction.CREATED, LoadAction.UPDATED):
        category.title, category.order = group.title, group.order
        category.content_hash = source
        category.full_clean()
        category.save()
    elif action is LoadAction.UNCHANGED and category.content_hash != source:
        FaqCategory.objects.filter(pk=category.pk).update(content_hash=source)
    return action, category


def _load_faq_entry(
    item: FaqEntrySource, category: FaqCategory, *, force: bool
) -> LoadAction:
    entry = FaqEntry.objects.select_related("category").filter(slug=item.slug).first()
    source = fingerprint(faq_entry_snapshot(item, category.slug))
    current = ""
    if entry:
        as_source = FaqEntrySource(
            slug=entry.slug,
            question=entry.question,
            answer=entry.answer,
            status=entry.status,
            order=entry.order,
        )
        current = fingerprint(faq_entry_snapshot(as_source, entry.category.slug))
    action = _decide(
        exists=entry is not None,
        stored=entry.content_hash if entry else "",
        current=current,
        source=source,
        force=force,
    )
    entry = entry or FaqEntry(slug=item.slug)
    if action in (LoadAction.CREATED, LoadAction.UPDATED):
        entry.category = category
        entry.question, entry.answer = item.question, item.answer
        entry.status, entry.order = item.status, item.order
        entry.content_hash = source
        entry.full_clean()
        entry.save()
    elif action is LoadAction.UNCHANGED and entry.content_hash != source:
        FaqEntry.objects.filter(pk=entry.pk).update(content_hash=source)
    return action


@transaction.atomic
def content_load(
    *, directory: Path = CONTENT_DIR, force: bool = False
) -> list[LoadResult]:
    """Load the content files into the database; safe to run any number of times.

    Creates what is missing, refreshes rows nobody has edited since the last
    load, and keeps rows an editor changed (unless `force`). Never deletes.
    Raises content_files.ContentError, before writing anything, if a file is bad.
    """
    topics, groups = read_content(directory)
    results: list[LoadResult] = []
    written: list[tuple[TopicSource, TopicPage]] = []
    for topic in topics:
        action, page = _load_topic(topic, force=force)
        results.append(LoadResult("topic", topic.slug, action))
        if action in (LoadAction.CREATED, LoadAction.UPDATED):
            written.append((topic, page))
    # Links between pages, once every page exists.
    for topic, page in written:
        page.related.set(TopicPage.objects.filter(slug__in=topic.related))

    for group in groups:
        action, category = _load_faq_category(group, force=force)
        results.append(LoadResult("faq group", group.slug, action))
        for item in group.entries:
            action = _load_faq_entry(item, category, force=force)
            results.append(LoadResult("faq entry", item.slug, action))

    changed = {LoadAction.CREATED, LoadAction.UPDATED}
    if any(result.action in changed for result in results):
        transaction.on_commit(content_cache_invalidate)
    return results
