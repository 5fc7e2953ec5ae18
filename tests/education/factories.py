"""Small builders for education rows; defaults are published and valid."""

import datetime

from django.contrib.auth.models import Group, User

from education.models import FaqCategory, FaqEntry, Reference, Signoff, TopicPage
from education.services import content_signoff

CLINICAL_REVIEWER_GROUP = "Clinical reviewer"


def make_topic(
    slug: str = "test-topic",
    *,
    title: str = "A test topic",
    body: str = "Relief fades after a while [1].",
    status: str = TopicPage.Status.PUBLISHED,
    citations: tuple[str, ...] = ("Someone et al. (2020). A journal 1:1-2.",),
    **fields,
) -> TopicPage:
    page = TopicPage.objects.create(
        slug=slug,
        title=title,
        meta_description=fields.pop("meta_description", f"About {title}."),
        summary=fields.pop("summary", f"A summary of {title}."),
        body=body,
        status=status,
        last_reviewed=fields.pop("last_reviewed", datetime.date(2026, 11, 1)),
        **fields,
    )
    for number, citation in enumerate(citations, start=1):
        Reference.objects.create(page=page, number=number, citation=citation)
    return page


def make_category(slug: str = "general", *, title: str = "General", order: int = 10):
    return FaqCategory.objects.get_or_create(
        slug=slug, defaults={"title": title, "order": order}
    )[0]


def make_faq_entry(
    slug: str = "test-question",
    *,
    question: str = "A test question?",
    answer: str = "A test answer.",
    status: str = FaqEntry.Status.PUBLISHED,
    category: FaqCategory | None = None,
    order: int = 10,
) -> FaqEntry:
    return FaqEntry.objects.create(
        slug=slug,
        question=question,
        answer=answer,
        status=status,
        order=order,
        category=category or make_category(),
    )


def make_clinical_reviewer(username: str = "dr-doe") -> User:
    """A staff account in the Clinical reviewer group (made on first use)."""
    user, created = User.objects.get_or_create(
        username=username, defaults={"is_staff": True}
    )
    if created:
        user.groups.add(Group.objects.get(name=CLINICAL_REVIEWER_GROUP))
    return user


def sign_off(
    item: TopicPage | FaqEntry,
    *,
    by: User | None = None,
    name: str = "Dr Jane Doe",
    credentials: str = "MD, board-certified psychiatrist",
) -> Signoff:
    """Sign off `item` as it reads now, as the admin's sign-off page does."""
    current = type(item).objects.with_review().get(pk=item.pk)
    return content_signoff(
        item=item,
        user=by or make_clinical_reviewer(),
        reviewer_name=name,
        reviewer_credentials=credentials,
        fingerprint=current.content_fingerprint,
    )
