"""Editing content in the admin: who may, and what a save does to the public site."""

import pytest
from django.contrib.auth.models import Group

from education.models import FaqEntry, TopicPage
from tests.education.factories import make_faq_entry, make_topic

EDITOR_GROUP = "Content editor"


def inline_management(prefix: str, rows: list) -> dict:
    """What the admin renders for an inline: its management form and row ids."""
    data = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": len(rows),
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(rows):
        data[f"{prefix}-{index}-id"] = row.pk
    return data


def faq_entry_form(entry: FaqEntry, **changes) -> dict:
    """The admin change form for `entry`, as a browser would post it."""
    return {
        "category": entry.category_id,
        "question": entry.question,
        "slug": entry.slug,
        "answer": entry.answer,
        "status": entry.status,
        "order": entry.order,
        **inline_management("signoffs", list(entry.signoffs.all())),
    } | changes


def topic_form(page: TopicPage, **changes) -> dict:
    """The admin change form for `page`, as a browser would post it."""
    references = list(page.references.order_by("number"))
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "body": page.body,
        "meta_description": page.meta_description,
        "status": page.status,
        "order": page.order,
        "related": [p.pk for p in page.related.all()],
        "last_reviewed": page.last_reviewed.isoformat() if page.last_reviewed else "",
        "references-TOTAL_FORMS": len(references),
        "references-INITIAL_FORMS": len(references),
        "references-MIN_NUM_FORMS": 0,
        "references-MAX_NUM_FORMS": 1000,
        **inline_management("signoffs", list(page.signoffs.all())),
    }
    for index, reference in enumerate(references):
        prefix = f"references-{index}-"
        data |= {
            prefix + "id": reference.pk,
            prefix + "page": page.pk,
            prefix + "number": reference.number,
            prefix + "citation": reference.citation,
            prefix + "url": reference.url,
        }
    return data | changes


def change_url(page: TopicPage) -> str:
    return f"/admin/education/topicpage/{page.pk}/change/"


@pytest.fixture
def editor(make_staff_user, staff_client):
    return staff_client(make_staff_user("editor", EDITOR_GROUP))


@pytest.mark.django_db
def test_a_content_editor_can_open_a_topic_for_editing(editor):
    page = make_topic()
    response = editor.get(change_url(page))
    assert response.status_code == 200
    assert b'value="A test topic"' in response.content
    assert b"A clinician in the Clinical reviewer group signs off" in response.content


@pytest.mark.django_db
def test_a_content_editor_can_edit_a_topic(editor):
    page = make_topic()
    response = editor.post(change_url(page), topic_form(page, title="Edited title"))
    assert response.status_code == 302
    assert TopicPage.objects.get(pk=page.pk).title == "Edited title"


@pytest.mark.django_db
def test_saving_a_topic_in_the_admin_refreshes_the_cached_public_page(
    client, editor, django_capture_on_commit_callbacks
):
    page = make_topic(title="Old title")
    assert b"Old title" in client.get("/learn/test-topic/").content
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(change_url(page), topic_form(page, title="New title"))
    html = client.get("/learn/test-topic/").content
    assert b"<h1>New title</h1>" in html
    assert b"<h1>Old title</h1>" not in html


@pytest.mark.django_db
def test_editing_a_reference_inline_refreshes_the_public_page(
    client, editor, django_capture_on_commit_callbacks
):
    page = make_topic()
    client.get("/learn/test-topic/")
    form = topic_form(page, **{"references-0-citation": "A corrected citation."})
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(change_url(page), form)
    assert b"A corrected citation." in client.get("/learn/test-topic/").content


@pytest.mark.django_db
def test_unpublishing_from_the_topic_list_removes_the_public_page(
    client, editor, django_capture_on_commit_callbacks
):
    page = make_topic()
    client.get("/learn/test-topic/")
    form = {
        "form-TOTAL_FORMS": 1,
        "form-INITIAL_FORMS": 1,
        "form-0-id": page.pk,
        "form-0-status": "draft",
        "form-0-order": page.order,
        "_save": "Save",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post("/admin/education/topicpage/", form)
    assert response.status_code == 302
    assert client.get("/learn/test-topic/").status_code == 404


@pytest.mark.django_db
def test_saving_an_faq_entry_refreshes_the_cached_faq(
    client, editor, django_capture_on_commit_callbacks
):
    entry = make_faq_entry(question="Old question?")
    client.get("/faq/")
    form = faq_entry_form(entry, question="New question?")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(f"/admin/education/faqentry/{entry.pk}/change/", form)
    assert response.status_code == 302
    assert b"New question?" in client.get("/faq/").content


@pytest.mark.django_db
def test_a_content_editor_cannot_delete_a_topic(editor):
    page = make_topic()
    response = editor.post(
        f"/admin/education/topicpage/{page.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert TopicPage.objects.filter(pk=page.pk).exists()


@pytest.mark.django_db
def test_a_content_editor_cannot_delete_an_faq_entry(editor):
    entry = make_faq_entry()
    response = editor.post(
        f"/admin/education/faqentry/{entry.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert FaqEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_a_content_editor_cannot_manage_users(editor):
    assert editor.get("/admin/auth/user/").status_code == 403
    assert editor.get("/admin/auth/group/").status_code == 403


@pytest.mark.django_db
def test_a_content_editor_sees_only_education_in_the_admin(editor):
    html = editor.get("/admin/").content.decode()
    assert "/admin/education/topicpage/" in html
    assert "/admin/auth/" not in html


@pytest.mark.django_db
def test_staff_outside_the_editor_group_cannot_edit_topics(
    make_staff_user, staff_client
):
    page = make_topic()
    other = staff_client(make_staff_user("triage"))
    assert other.get(change_url(page)).status_code == 403
    response = other.post(change_url(page), topic_form(page, title="Hacked"))
    assert response.status_code == 403
    assert TopicPage.objects.get(pk=page.pk).title == "A test topic"


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    page = make_topic()
    response = client.get(change_url(page))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_the_editor_group_exists_with_education_permissions():
    group = Group.objects.get(name=EDITOR_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {
        "add_topicpage",
        "change_topicpage",
        "view_topicpage",
        "add_faqentry",
        "change_faqentry",
        "view_faqentry",
        "change_faqcategory",
        "change_reference",
        "delete_reference",
    } <= codenames
    assert "delete_topicpage" not in codenames
    assert "delete_faqentry" not in codenames


@pytest.mark.django_db
def test_the_editor_group_has_no_permission_outside_the_education_app():
    group = Group.objects.get(name=EDITOR_GROUP)
    assert group.permissions.exists()
    outside = group.permissions.exclude(content_type__app_label="education")
    assert list(outside.values_list("content_type__app_label", "codename")) == []
