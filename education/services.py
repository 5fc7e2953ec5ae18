"""Writing education content: loading the shipped files into the database, and
recording a clinician's sign-off of one version of a page or answer.

Each loaded row keeps `content_hash`, the fingerprint of what was loaded. On the
next load the row's current fingerprint tells the story: equal to the file ->
nothing to do; equal to content_hash -> nobody touched it, so the file's newer
text may replace it; anything else -> an editor changed it in the admin, and it
is kept unless the caller forces the file's version.
"""

import enum
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

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
from education.models import (
    FaqCategory,
    FaqEntry,
    FaqEntrySignoff,
    Reference,
    Signoff,
    TopicPage,
    TopicPageSignoff,
)
from education.review import add_months
from ketacare.audit import audit_record
from ketacare.models import AuditEvent

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


WRITTEN = {LoadAction.CREATED, LoadAction.UPDATED}

Row = TopicPage | FaqCategory | FaqEntry


def _decide(*, row: Row, current: str, source: str, force: bool) -> LoadAction:
    if row._state.adding:
        return LoadAction.CREATED
    if current == source:
        return LoadAction.UNCHANGED
    if force or row.content_hash == current:
        return LoadAction.UPDATED
    return LoadAction.KEPT


def _sync(
    row: Row,
    *,
    current: str,
    source: str,
    force: bool,
    write: Callable[[], None],
) -> LoadAction:
    """Decide what to do with one row (unsaved if new) and do it.

    `current` and `source` are the fingerprints of the row as it is and of the
    file; `write` copies the file's values onto the row.
    """
    action = _decide(row=row, current=current, source=source, force=force)
    if action in WRITTEN:
        write()
        row.content_hash = source
        row.full_clean()
        row.save()
    elif action is LoadAction.UNCHANGED and row.content_hash != source:
        # Identical text (e.g. an edit undone): adopt the file's fingerprint.
        type(row).objects.filter(pk=row.pk).update(content_hash=source)
    return action


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
    current = fingerprint(topic_snapshot(_topic_as_source(page))) if page else ""
    page = page or TopicPage(slug=topic.slug)

    def write() -> None:
        for field in TOPIC_FIELDS:
            setattr(page, field, getattr(topic, field))

    action = _sync(
        page,
        current=current,
        source=fingerprint(topic_snapshot(topic)),
        force=force,
        write=write,
    )
    if action in WRITTEN:
        page.references.all().delete()
        for number, ref in enumerate(topic.references, start=1):
            reference = Reference(
                page=page, number=number, citation=ref.citation, url=ref.url
            )
            reference.full_clean()
            reference.save()
    return action, page


def _load_faq_category(
    group: FaqCategorySource, *, force: bool
) -> tuple[LoadAction, FaqCategory]:
    category = FaqCategory.objects.filter(slug=group.slug).first()
    current = ""
    if category:
        as_source = FaqCategorySource(
            slug=category.slug, title=category.title, order=category.order, entries=()
        )
        current = fingerprint(faq_category_snapshot(as_source))
    category = category or FaqCategory(slug=group.slug)

    def write() -> None:
        category.title, category.order = group.title, group.order

    action = _sync(
        category,
        current=current,
        source=fingerprint(faq_category_snapshot(group)),
        force=force,
        write=write,
    )
    return action, category


def _load_faq_entry(
    item: FaqEntrySource, category: FaqCategory, *, force: bool
) -> LoadAction:
    entry = FaqEntry.objects.select_related("category").filter(slug=item.slug).first()
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
    entry = entry or FaqEntry(slug=item.slug)

    def write() -> None:
        entry.category = category
        entry.question, entry.answer = item.question, item.answer
        entry.status, entry.order = item.status, item.order

    return _sync(
        entry,
        current=current,
        source=fingerprint(faq_entry_snapshot(item, category.slug)),
        force=force,
        write=write,
    )


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
        if action in WRITTEN:
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

    if any(result.action in WRITTEN for result in results):
        transaction.on_commit(content_cache_invalidate)
    return results


class StaleVersion(Exception):
    """The text changed after the reviewer opened it; nothing was signed."""


Reviewable = TopicPage | FaqEntry


def signoff_permission(item: Reviewable | type[Reviewable]) -> str:
    """The permission that lets a clinical reviewer sign off this kind of item."""
    return f"education.signoff_{item._meta.model_name}"


def reviewer_last_details(user: AbstractBaseUser) -> tuple[str, str]:
    """The name and credentials `user` signed with last time, if ever."""
    found = [
        model.objects.filter(signed_by=user).order_by("-signed_at").first()
        for model in (TopicPageSignoff, FaqEntrySignoff)
    ]
    latest = max(filter(None, found), key=lambda s: s.signed_at, default=None)
    if latest is None:
        return user.get_full_name(), ""
    return latest.reviewer_name, latest.reviewer_credentials


@transaction.atomic
def content_signoff(
    *,
    item: Reviewable,
    user: AbstractBaseUser,
    reviewer_name: str,
    reviewer_credentials: str,
    fingerprint: str,
    request: HttpRequest | None = None,
) -> Signoff:
    """Record that `user` clinically reviewed `item` as it reads now; audited.

    `fingerprint` is the version the reviewer read (from the confirm page). If
    the text has changed since, StaleVersion is raised and nothing is signed:
    nobody signs words they have not seen. The next review falls due
    KETACARE_CONTENT_REVIEW_MONTHS after today. Public pages show the sign-off
    as soon as the transaction commits.
    """
    if not user.has_perm(signoff_permission(item)):
        raise PermissionDenied
    current = type(item).objects.with_review().get(pk=item.pk)
    if current.content_fingerprint != fingerprint:
        raise StaleVersion
    signed_at = timezone.now()
    values = {
        "signed_by": user,
        "reviewer_name": " ".join(reviewer_name.split()),
        "reviewer_credentials": " ".join(reviewer_credentials.split()),
        "signed_at": signed_at,
        "review_due": add_months(
            timezone.localdate(signed_at), settings.KETACARE_CONTENT_REVIEW_MONTHS
        ),
        "fingerprint": fingerprint,
    }
    if isinstance(item, TopicPage):
        signoff: Signoff = TopicPageSignoff(page=item, **values)
    else:
        signoff = FaqEntrySignoff(entry=item, **values)
    signoff.full_clean()
    signoff.save()
    audit_record(
        request=request,
        user=user,
        action=AuditEvent.Action.CHANGE,
        model=item._meta.label_lower,
        object_ids=[item.pk],
        detail={
            "event": "clinical sign-off",
            "signoff": signoff.pk,
            "fingerprint": fingerprint,
            "review_due": signoff.review_due.isoformat(),
        },
    )
    transaction.on_commit(content_cache_invalidate)
    return signoff
