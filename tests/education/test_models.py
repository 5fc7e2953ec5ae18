import pytest
from django.db import IntegrityError, connection

from education.models import FaqEntry, Reference, Reviewer, TopicPage
from tests.education.factories import (
    make_category,
    make_faq_entry,
    make_reviewer,
    make_topic,
)


@pytest.mark.django_db
def test_models_describe_themselves_in_plain_words():
    page = make_topic(title="How long it lasts")
    assert str(page) == "How long it lasts"
    assert str(page.references.get()) == "[1] Someone et al. (2020). A journal 1:1-2."
    assert str(make_reviewer("Test Reviewer", "MD")) == "Test Reviewer, MD"
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


@pytest.mark.django_db
def test_the_database_refuses_a_reviewer_without_credentials():
    with pytest.raises(IntegrityError, match="name_and_credentials_set"):
        Reviewer.objects.create(name="Someone", credentials="")


@pytest.mark.django_db
def test_the_database_refuses_an_empty_faq_answer():
    with pytest.raises(IntegrityError, match="slug_question_answer_set"):
        make_faq_entry(answer="")


@pytest.mark.django_db
def test_deleting_a_reviewer_leaves_the_page_unreviewed():
    reviewer = make_reviewer()
    page = make_topic(medical_reviewer=reviewer)
    reviewer.delete()
    page.refresh_from_db()
    assert page.medical_reviewer is None


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
