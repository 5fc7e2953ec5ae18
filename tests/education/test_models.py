import datetime

import pytest
from django.db import IntegrityError, InternalError, connection, transaction

from education.models import FaqEntry, Reference, TopicPage, TopicPageSignoff
from education.review import ReviewState, add_months
from ketacare.models import AuditEvent
from tests.education.factories import (
    make_category,
    make_clinical_reviewer,
    make_faq_entry,
    make_topic,
    sign_off,
)


@pytest.mark.django_db
def test_models_describe_themselves_in_plain_words():
    page = make_topic(title="How long it lasts")
    assert str(page) == "How long it lasts"
    assert str(page.references.get()) == "[1] Someone et al. (2020). A journal 1:1-2."
    signoff = sign_off(page, name="Dr Jane Doe", credentials="MD")
    assert str(signoff) == f"Dr Jane Doe, MD, {signoff.signed_at:%Y-%m-%d}"
    assert str(make_category(title="Safety")) == "Safety"
    assert str(make_faq_entry(question="Is it safe?")) == "Is it safe?"


@pytest.mark.django_db
def test_new_content_starts_as_a_draft():
    page = TopicPage.objects.create(
        slug="x", title="X", meta_description="x", summary="x", body="x"
    )
    assert page.status == TopicPage.Status.DRAFT
    assert not page.is_published


@pytest.mark.django_db
def test_the_database_refuses_an_unknown_status():
    with pytest.raises(IntegrityError, match="education_topicpage_status_valid"):
        make_topic(status="live")


@pytest.mark.django_db
def test_the_database_refuses_a_second_page_with_the_same_slug():
    make_topic("same")
    with pytest.raises(IntegrityError, match="education_topicpage_slug_unique"):
        make_topic("same")


@pytest.mark.django_db
def test_the_database_refuses_duplicate_reference_numbers_on_a_page():
    page = make_topic()
    with pytest.raises(IntegrityError, match="education_reference_number_unique"):
        Reference.objects.create(page=page, number=1, citation="Another.")


@pytest.mark.django_db
def test_the_database_refuses_reference_number_zero():
    page = make_topic(citations=())
    with pytest.raises(IntegrityError, match="education_reference_number_positive"):
        Reference.objects.create(page=page, number=0, citation="Zero.")


def unsigned_row(page: TopicPage, **fields) -> TopicPageSignoff:
    values = {
        "page": page,
        "signed_by": make_clinical_reviewer(),
        "reviewer_name": "Dr Jane Doe",
        "reviewer_credentials": "MD",
        "review_due": datetime.date(2027, 1, 1),
        "fingerprint": "a" * 64,
    }
    return TopicPageSignoff.objects.create(**values | fields)


@pytest.mark.django_db
def test_the_database_refuses_a_sign_off_without_credentials():
    with pytest.raises(IntegrityError, match="name_and_credentials_set"):
        unsigned_row(make_topic(), reviewer_credentials="")


@pytest.mark.django_db
def test_the_database_refuses_a_sign_off_of_no_particular_version():
    with pytest.raises(IntegrityError, match="fingerprint_is_sha256"):
        unsigned_row(make_topic(), fingerprint="latest")


@pytest.mark.django_db
def test_a_sign_off_cannot_be_changed_by_any_path():
    signoff = sign_off(make_topic())
    with pytest.raises(InternalError, match="Cannot update"), transaction.atomic():
        TopicPageSignoff.objects.filter(pk=signoff.pk).update(reviewer_name="Other")
    signoff.refresh_from_db()
    assert signoff.reviewer_name == "Dr Jane Doe"


@pytest.mark.django_db
def test_deleting_a_page_deletes_its_sign_offs_but_not_their_audit_rows():
    page = make_topic()
    sign_off(page)
    page_id = page.pk
    page.delete()
    assert not TopicPageSignoff.objects.exists()
    assert AuditEvent.objects.for_object("education.topicpage", page_id).exists()


@pytest.mark.django_db
def test_the_content_fingerprint_is_a_sha256_of_the_clinical_text():
    page = make_topic()
    fingerprint = TopicPage.objects.with_review().get().content_fingerprint
    assert len(fingerprint) == 64
    assert int(fingerprint, 16) >= 0
    TopicPage.objects.update(status=TopicPage.Status.DRAFT, order=1)
    assert TopicPage.objects.with_review().get().content_fingerprint == fingerprint
    TopicPage.objects.filter(pk=page.pk).update(body=page.body + " ")
    assert TopicPage.objects.with_review().get().content_fingerprint != fingerprint


@pytest.mark.django_db
def test_the_fingerprint_keeps_fields_apart():
    # The same characters split differently between two fields are another text.
    make_topic("one", title="A test", summary=" topic summary")
    make_topic("two", title="A test ", summary="topic summary")
    one, two = TopicPage.objects.with_review().order_by("slug")
    assert one.content_fingerprint != two.content_fingerprint


@pytest.mark.django_db
def test_the_review_is_read_only_from_rows_loaded_with_it():
    page = make_topic()
    with pytest.raises(AttributeError, match="with_review"):
        page.review  # noqa: B018
    loaded = TopicPage.objects.with_review().get()
    assert loaded.review.state is ReviewState.NEVER


@pytest.mark.parametrize(
    ("day", "months", "due"),
    [
        (datetime.date(2026, 11, 30), 12, datetime.date(2027, 11, 30)),
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2027, 2, 28), 12, datetime.date(2028, 2, 28)),
        (datetime.date(2028, 2, 29), 12, datetime.date(2029, 2, 28)),
        (datetime.date(2026, 12, 15), 1, datetime.date(2027, 1, 15)),
        (datetime.date(2026, 8, 31), 6, datetime.date(2027, 2, 28)),
        (datetime.date(2026, 3, 10), 24, datetime.date(2028, 3, 10)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(day, months, due):
    assert add_months(day, months) == due


@pytest.mark.django_db
def test_the_database_refuses_an_empty_faq_answer():
    with pytest.raises(IntegrityError, match="slug_question_answer_set"):
        make_faq_entry(answer="")


@pytest.mark.django_db
def test_the_search_vector_is_generated_and_weighted_by_the_database():
    make_faq_entry(question="Driving?", answer="Do not drive after a session.")
    vector = FaqEntry.objects.values_list("search_vector", flat=True).get()
    assert "'drive':1A,4B" in vector
    assert "'session':7B" in vector


@pytest.mark.django_db
def test_the_search_vectors_have_gin_indexes():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%USING gin%'"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert {"education_topic_search_gin", "education_faq_search_gin"} <= names


@pytest.mark.django_db
def test_published_returns_only_published_rows():
    make_topic("public")
    make_topic("hidden", status=TopicPage.Status.DRAFT)
    assert list(TopicPage.objects.published().values_list("slug", flat=True)) == [
        "public"
    ]
