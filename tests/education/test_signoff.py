"""A clinician signs off one version of a page or answer: what the public page
and the admin say as the sign-off is made, outdated by an edit, and falls due."""

import dataclasses
import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache

from education import timeline
from education.cache import GENERATION_KEY
from education.models import FaqEntrySignoff, Reference, TopicPage, TopicPageSignoff
from education.review import ReviewState
from ketacare.models import AuditEvent
from tests.education.factories import make_faq_entry, make_topic, sign_off

# Dates are the clinic's: times here are on its clock.
CLINIC = ZoneInfo(settings.TIME_ZONE)
REVIEWER_GROUP = "Clinical reviewer"
EDITOR_GROUP = "Content editor"
SIGNING_DAY = datetime.datetime(2026, 11, 30, 15, 0, tzinfo=CLINIC)
SIGNED_BY = "Reviewed by <strong>Dr Jane Doe</strong>, MD, board-certified psychiatrist"
NOT_REVIEWED = "Not yet reviewed by this clinic."
CHANGED = "This page has changed since its last clinical review."


def signoff_url(item) -> str:
    return f"/admin/education/{item._meta.model_name}/{item.pk}/signoff/"


def change_url(item) -> str:
    return f"/admin/education/{item._meta.model_name}/{item.pk}/change/"


def public(client, url: str = "/learn/test-topic/") -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def signoff_form(client, item, **changes) -> dict:
    """The sign-off form as the reviewer's browser would post it."""
    form = client.get(signoff_url(item)).context["form"]
    return {
        "reviewer_name": form["reviewer_name"].value() or "Dr Jane Doe",
        "reviewer_credentials": form["reviewer_credentials"].value()
        or "MD, board-certified psychiatrist",
        "fingerprint": form["fingerprint"].value(),
        "confirm": "on",
    } | changes


@pytest.fixture
def frozen():
    with time_machine.travel(SIGNING_DAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def reviewer(make_staff_user):
    return make_staff_user("dr-doe", REVIEWER_GROUP)


@pytest.fixture
def as_reviewer(reviewer, staff_client):
    return staff_client(reviewer)


@pytest.fixture
def editor(make_staff_user):
    return make_staff_user("editor", EDITOR_GROUP)


@pytest.fixture
def as_editor(editor, staff_client):
    return staff_client(editor)


# --- The public page through the lifecycle ----------------------------------


@pytest.mark.django_db
def test_a_page_nobody_signed_off_says_it_is_not_yet_reviewed(client):
    make_topic()
    html = public(client)
    assert NOT_REVIEWED in html
    assert "Reviewed by" not in html


@pytest.mark.django_db
def test_a_signed_off_page_names_the_reviewer_the_date_and_the_next_review(
    client, frozen
):
    sign_off(make_topic())
    html = public(client)
    assert (
        f'{SIGNED_BY}, on <time datetime="2026-11-30">November 30, 2026</time>.'
    ) in html
    assert (
        'Next review due <time datetime="2027-11-30">November 30, 2027</time>.'
    ) in html
    assert NOT_REVIEWED not in html


@pytest.mark.django_db
def test_the_review_interval_comes_from_the_setting(client, frozen, settings):
    settings.KETACARE_CONTENT_REVIEW_MONTHS = 6
    signoff = sign_off(make_topic())
    assert signoff.review_due == datetime.date(2027, 5, 30)
    assert '<time datetime="2027-05-30">May 30, 2027</time>' in public(client)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "edit",
    [
        {"title": "A new title"},
        {"summary": "A new summary."},
        {"meta_description": "A new description."},
        {"body": "Relief fades after a while, or not [1]."},
    ],
)
def test_any_edit_of_the_text_withdraws_the_sign_off_from_the_page(client, edit):
    page = make_topic()
    sign_off(page)
    TopicPage.objects.filter(pk=page.pk).update(**edit)
    html = public(client)
    assert CHANGED in html
    assert "Reviewed by" not in html
    assert "Dr Jane Doe" not in html


def review_state(page: TopicPage) -> str:
    return TopicPage.objects.with_review().get(pk=page.pk).review_state


@pytest.mark.django_db
def test_a_change_to_a_figure_withdraws_the_sign_off_of_the_pages_that_show_it(
    client, monkeypatch
):
    page = make_topic(body="Relief fades [1].\n\n[[figure:duration-timeline]]")
    other = make_topic("no-figure")
    sign_off(page)
    sign_off(other)
    assert review_state(page) == review_state(other) == ReviewState.CURRENT
    assert CHANGED not in public(client)

    longer = dataclasses.replace(timeline.LANES[1], relief_until=40)
    monkeypatch.setattr(timeline, "LANES", (timeline.LANES[0], longer))
    cache.clear()

    assert review_state(page) == ReviewState.CHANGED
    assert review_state(other) == ReviewState.CURRENT
    html = public(client)
    assert CHANGED in html
    assert "Dr Jane Doe" not in html


@pytest.mark.django_db
def test_a_changed_reference_withdraws_the_sign_off(client):
    page = make_topic()
    sign_off(page)
    page.references.update(citation="Someone else (2021). Another journal 2:3-4.")
    assert CHANGED in public(client)


@pytest.mark.django_db
def test_an_added_reference_withdraws_the_sign_off(client):
    page = make_topic()
    sign_off(page)
    Reference.objects.create(page=page, number=2, citation="Added (2022). J 1:1.")
    assert CHANGED in public(client)


@pytest.mark.django_db
def test_moving_or_linking_the_page_keeps_its_sign_off(client):
    page = make_topic()
    other = make_topic("other", title="Another topic")
    sign_off(page)
    TopicPage.objects.filter(pk=page.pk).update(order=5)
    page.related.add(other)
    assert SIGNED_BY in public(client)


@pytest.mark.django_db
def test_undoing_an_edit_brings_back_only_a_sign_off_that_is_still_the_latest(
    client,
):
    page = make_topic(body="First [1].")
    sign_off(page, name="Dr First")
    TopicPage.objects.filter(pk=page.pk).update(body="Second [1].")
    sign_off(page, name="Dr Second")
    TopicPage.objects.filter(pk=page.pk).update(body="First [1].")
    # The latest sign-off is of "Second": "First" is not reviewed any more.
    html = public(client)
    assert CHANGED in html
    assert "Dr First" not in html


@pytest.mark.django_db
def test_past_the_due_date_the_page_says_the_review_is_overdue(client, frozen):
    sign_off(make_topic())
    frozen.move_to(datetime.datetime(2027, 12, 1, 9, 0, tzinfo=CLINIC))
    html = public(client)
    assert SIGNED_BY in html
    assert (
        'Its next review was due on <time datetime="2027-11-30">November 30, '
        "2027</time> and is overdue."
    ) in html
    assert "Next review due" not in html


@pytest.mark.django_db
def test_on_the_due_date_itself_the_review_is_due_not_overdue(client, frozen):
    sign_off(make_topic())
    frozen.move_to(datetime.datetime(2027, 11, 30, 23, 0, tzinfo=CLINIC))
    html = public(client)
    assert "Next review due" in html
    assert "overdue" not in html


@pytest.mark.django_db
def test_a_cached_page_turns_overdue_the_next_day(client, frozen):
    sign_off(make_topic())
    frozen.move_to(datetime.datetime(2027, 11, 30, 23, 0, tzinfo=CLINIC))
    assert "overdue" not in public(client)
    frozen.move_to(datetime.datetime(2027, 12, 1, 0, 30, tzinfo=CLINIC))
    assert "overdue" in public(client)


@pytest.mark.django_db
def test_a_new_sign_off_after_the_due_date_makes_the_review_current(client, frozen):
    page = make_topic()
    sign_off(page)
    frozen.move_to(datetime.datetime(2028, 1, 10, 9, 0, tzinfo=CLINIC))
    sign_off(page, name="Dr Jane Doe")
    html = public(client)
    assert '<time datetime="2028-01-10">January 10, 2028</time>' in html
    assert '<time datetime="2029-01-10">January 10, 2029</time>' in html
    assert "overdue" not in html


@pytest.mark.django_db
def test_the_faq_shows_each_answers_own_review(client, frozen):
    signed = make_faq_entry("signed", question="Signed?", answer="Yes.")
    make_faq_entry("unsigned", question="Unsigned?", answer="No.")
    sign_off(signed)
    html = public(client, "/faq/")
    assert html.count(SIGNED_BY) == 1
    assert html.count(NOT_REVIEWED) == 1
    assert html.index("<p>Yes.</p>") < html.index(SIGNED_BY) < html.index("<p>No.</p>")


@pytest.mark.django_db
def test_an_edited_faq_answer_no_longer_shows_its_sign_off(client):
    entry = make_faq_entry()
    sign_off(entry)
    entry.answer = "A different answer."
    entry.save()
    html = public(client, "/faq/")
    assert "This answer has changed since its last clinical review." in html
    assert "Reviewed by" not in html


@pytest.mark.django_db
def test_a_draft_preview_shows_the_review_too(as_editor):
    page = make_topic(status=TopicPage.Status.DRAFT)
    sign_off(page)
    html = as_editor.get("/learn/test-topic/").content.decode()
    assert "Draft preview" in html
    assert SIGNED_BY in html


# --- Signing off in the admin -------------------------------------------------


@pytest.mark.django_db
def test_the_sign_off_page_shows_the_exact_version_to_be_signed(as_reviewer):
    page = make_topic(body="Relief fades after **a while** [1].")
    html = as_reviewer.get(signoff_url(page)).content.decode()
    assert "<strong>a while</strong>" in html
    assert "Someone et al. (2020). A journal 1:1-2." in html
    assert page.meta_description in html
    current = TopicPage.objects.with_review().get(pk=page.pk)
    assert f'value="{current.content_fingerprint}"' in html


@pytest.mark.django_db
def test_a_reviewer_signs_off_a_topic_page(as_reviewer, reviewer, frozen):
    page = make_topic()
    response = as_reviewer.post(signoff_url(page), signoff_form(as_reviewer, page))
    assert response.status_code == 302
    assert response["Location"] == change_url(page)
    signoff = TopicPageSignoff.objects.get(page=page)
    assert signoff.signed_by == reviewer
    assert signoff.reviewer_name == "Dr Jane Doe"
    assert signoff.reviewer_credentials == "MD, board-certified psychiatrist"
    assert signoff.signed_at == SIGNING_DAY
    assert signoff.review_due == datetime.date(2027, 11, 30)
    assert signoff.fingerprint == (
        TopicPage.objects.with_review().get(pk=page.pk).content_fingerprint
    )


@pytest.mark.django_db
def test_a_reviewer_signs_off_an_faq_entry(as_reviewer, reviewer):
    entry = make_faq_entry()
    as_reviewer.post(signoff_url(entry), signoff_form(as_reviewer, entry))
    assert FaqEntrySignoff.objects.get(entry=entry).signed_by == reviewer


@pytest.mark.django_db
def test_the_form_offers_the_name_and_credentials_signed_with_last_time(
    as_reviewer, reviewer
):
    sign_off(make_topic("first"), by=reviewer, name="Dr J. Doe", credentials="MD")
    form = as_reviewer.get(signoff_url(make_faq_entry())).context["form"]
    assert form["reviewer_name"].value() == "Dr J. Doe"
    assert form["reviewer_credentials"].value() == "MD"


@pytest.mark.django_db
def test_the_reviewer_must_confirm_having_read_the_version(as_reviewer):
    page = make_topic()
    form = signoff_form(as_reviewer, page)
    del form["confirm"]
    response = as_reviewer.post(signoff_url(page), form)
    assert response.status_code == 200
    assert response.context["form"].errors["confirm"]
    assert not TopicPageSignoff.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["reviewer_name", "reviewer_credentials"])
def test_a_sign_off_needs_a_name_and_credentials(as_reviewer, field):
    page = make_topic()
    response = as_reviewer.post(
        signoff_url(page), signoff_form(as_reviewer, page, **{field: "  "})
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not TopicPageSignoff.objects.exists()


@pytest.mark.django_db
def test_a_version_edited_while_the_reviewer_read_it_is_not_signed(as_reviewer):
    page = make_topic()
    form = signoff_form(as_reviewer, page)
    TopicPage.objects.filter(pk=page.pk).update(body="Edited meanwhile [1].")
    response = as_reviewer.post(signoff_url(page), form, follow=True)
    assert not TopicPageSignoff.objects.exists()
    assert "this text changed while you were reading it" in response.content.decode()
    assert "Edited meanwhile" in response.content.decode()


@pytest.mark.django_db
def test_a_forged_fingerprint_is_refused(as_reviewer):
    page = make_topic()
    form = signoff_form(as_reviewer, page, fingerprint="not-a-fingerprint")
    assert as_reviewer.post(signoff_url(page), form).status_code == 200
    assert not TopicPageSignoff.objects.exists()


@pytest.mark.django_db
def test_each_sign_off_is_audited(as_reviewer, reviewer):
    page = make_topic()
    as_reviewer.post(
        signoff_url(page), signoff_form(as_reviewer, page), REMOTE_ADDR="203.0.113.7"
    )
    signoff = TopicPageSignoff.objects.get()
    event = AuditEvent.objects.for_object("education.topicpage", page.pk).get()
    assert event.actor == reviewer
    assert event.action == AuditEvent.Action.CHANGE
    assert event.ip_address == "203.0.113.7"
    assert event.path == signoff_url(page)
    assert event.detail == {
        "event": "clinical sign-off",
        "signoff": signoff.pk,
        "fingerprint": signoff.fingerprint,
        "review_due": signoff.review_due.isoformat(),
    }


@pytest.mark.django_db
def test_a_sign_off_shows_on_the_cached_public_page_at_once(
    client, as_reviewer, django_capture_on_commit_callbacks
):
    page = make_topic()
    assert NOT_REVIEWED in public(client)
    with django_capture_on_commit_callbacks(execute=True):
        as_reviewer.post(signoff_url(page), signoff_form(as_reviewer, page))
    assert SIGNED_BY in public(client)


@pytest.mark.django_db
def test_a_sign_off_starts_a_new_page_cache_generation(
    django_capture_on_commit_callbacks,
):
    page = make_topic()
    cache.set(GENERATION_KEY, "before")
    with django_capture_on_commit_callbacks(execute=True):
        sign_off(page)
    assert cache.get(GENERATION_KEY) != "before"


@pytest.mark.django_db
def test_a_refused_sign_off_keeps_the_page_cache(
    as_reviewer, django_capture_on_commit_callbacks
):
    page = make_topic()
    form = signoff_form(as_reviewer, page)
    TopicPage.objects.filter(pk=page.pk).update(body="Edited meanwhile [1].")
    cache.set(GENERATION_KEY, "before")
    with django_capture_on_commit_callbacks(execute=True):
        as_reviewer.post(signoff_url(page), form)
    assert cache.get(GENERATION_KEY) == "before"


@pytest.mark.django_db
def test_an_edit_in_the_admin_withdraws_the_sign_off_at_once(
    client, as_editor, django_capture_on_commit_callbacks
):
    from tests.education.test_admin import topic_form

    page = make_topic()
    sign_off(page)
    assert SIGNED_BY in public(client)
    with django_capture_on_commit_callbacks(execute=True):
        as_editor.post(change_url(page), topic_form(page, summary="Now different."))
    html = public(client)
    assert CHANGED in html
    assert "Dr Jane Doe" not in html


@pytest.mark.django_db
def test_the_change_form_offers_sign_off_to_a_reviewer_only(as_reviewer, as_editor):
    page = make_topic()
    link = f'href="{signoff_url(page)}"'
    assert link in as_reviewer.get(change_url(page)).content.decode()
    assert link not in as_editor.get(change_url(page)).content.decode()


# --- Who may sign ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("make", [make_topic, make_faq_entry])
def test_a_content_editor_cannot_sign_off(as_editor, make):
    item = make()
    assert as_editor.get(signoff_url(item)).status_code == 403
    form = {
        "reviewer_name": "Ed Itor",
        "reviewer_credentials": "MD",
        "fingerprint": "0" * 64,
        "confirm": "on",
    }
    assert as_editor.post(signoff_url(item), form).status_code == 403
    assert not TopicPageSignoff.objects.exists()
    assert not FaqEntrySignoff.objects.exists()


@pytest.mark.django_db
def test_other_staff_cannot_sign_off(make_staff_user, staff_client):
    page = make_topic()
    triage = staff_client(make_staff_user("triage", "Intake reviewer"))
    assert triage.get(signoff_url(page)).status_code == 403


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login(client):
    page = make_topic()
    response = client.post(signoff_url(page), {"confirm": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert not TopicPageSignoff.objects.exists()


@pytest.mark.django_db
def test_a_reviewer_cannot_edit_the_page(as_reviewer):
    from tests.education.test_admin import topic_form

    page = make_topic()
    response = as_reviewer.post(change_url(page), topic_form(page, title="Mine now"))
    assert response.status_code == 403
    assert TopicPage.objects.get(pk=page.pk).title == "A test topic"


@pytest.mark.django_db
def test_the_sign_off_page_refuses_other_methods(as_reviewer):
    assert as_reviewer.put(signoff_url(make_topic())).status_code == 405


@pytest.mark.django_db
def test_a_missing_page_sends_the_reviewer_back_to_the_admin(as_reviewer):
    response = as_reviewer.get("/admin/education/topicpage/999999/signoff/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@pytest.mark.django_db
def test_the_clinical_reviewer_group_may_read_and_sign_and_nothing_else():
    group = Group.objects.get(name=REVIEWER_GROUP)
    assert set(group.permissions.values_list("codename", flat=True)) == {
        "view_topicpage",
        "signoff_topicpage",
        "view_reference",
        "view_faqentry",
        "signoff_faqentry",
        "view_faqcategory",
        "view_topicpagesignoff",
        "view_faqentrysignoff",
    }


@pytest.mark.django_db
def test_the_content_editor_group_cannot_sign_off():
    codenames = set(
        Group.objects.get(name=EDITOR_GROUP).permissions.values_list(
            "codename", flat=True
        )
    )
    assert {"view_topicpagesignoff", "view_faqentrysignoff"} <= codenames
    assert not {c for c in codenames if c.startswith("signoff_")}
    assert not {c for c in codenames if c.endswith("reviewer")}


# --- The admin lists what needs review ----------------------------------------


def listed(client, model: str, **params) -> set[str]:
    response = client.get(f"/admin/education/{model}/", params)
    assert response.status_code == 200
    return {str(row) for row in response.context["cl"].result_list}


@pytest.mark.django_db
def test_the_admin_filters_pages_by_clinical_review(as_editor, frozen):
    make_topic("never", title="Never")
    changed = make_topic("changed", title="Changed")
    sign_off(changed)
    TopicPage.objects.filter(pk=changed.pk).update(body="Edited [1].")
    old = make_topic("old", title="Old")
    frozen.move_to(datetime.datetime(2025, 6, 1, tzinfo=CLINIC))
    sign_off(old)
    frozen.move_to(SIGNING_DAY)
    sign_off(make_topic("current", title="Current"))

    assert listed(as_editor, "topicpage", review="never") == {"Never"}
    assert listed(as_editor, "topicpage", review="changed") == {"Changed"}
    assert listed(as_editor, "topicpage", review="overdue") == {"Old"}
    assert listed(as_editor, "topicpage", review="current") == {"Current"}
    assert listed(as_editor, "topicpage", review="needed") == {
        "Never",
        "Changed",
        "Old",
    }


@pytest.mark.django_db
def test_the_admin_list_says_where_each_page_stands(editor, staff_client, frozen):
    never = make_topic("never", title="Never")
    current = make_topic("current", title="Current")
    sign_off(current)
    frozen.move_to(datetime.datetime(2028, 1, 1, tzinfo=CLINIC))
    response = staff_client(editor).get("/admin/education/topicpage/")
    model_admin = response.context["cl"].model_admin
    rows = {row.slug: row for row in response.context["cl"].result_list}
    assert model_admin.review_column(rows[never.slug]) == (
        "Not yet reviewed by this clinic"
    )
    assert model_admin.review_column(rows[current.slug]) == "Overdue since 11/30/2027"
    assert "Overdue since 11/30/2027" in response.content.decode()


@pytest.mark.django_db
def test_the_filter_counts_each_state(as_editor):
    make_topic("never", title="Never")
    sign_off(make_topic("current", title="Current"))
    response = as_editor.get("/admin/education/topicpage/", {"_facets": "True"})
    html = response.content.decode()
    assert "Needs review (any below) (1)" in html
    assert "Not yet reviewed by this clinic (1)" in html
    assert "Changed since its last clinical review (0)" in html
    assert "Reviewed (1)" in html


@pytest.mark.django_db
def test_the_faq_admin_filters_by_clinical_review(as_editor):
    signed = make_faq_entry("signed", question="Signed?")
    make_faq_entry("unsigned", question="Unsigned?")
    sign_off(signed)
    assert listed(as_editor, "faqentry", review="needed") == {"Unsigned?"}
    assert listed(as_editor, "faqentry", review="current") == {"Signed?"}


@pytest.mark.django_db
def test_the_change_form_shows_the_review_and_every_sign_off(
    editor, staff_client, frozen
):
    page = make_topic()
    sign_off(page, name="Dr Earlier")
    frozen.move_to(datetime.datetime(2027, 1, 5, tzinfo=CLINIC))
    sign_off(page)
    html = staff_client(editor).get(change_url(page)).content.decode()
    assert (
        "Reviewed by Dr Jane Doe, MD, board-certified psychiatrist on "
        "Jan. 5, 2027; next review due Jan. 5, 2028"
    ) in html
    assert html.index("Dr Jane Doe") < html.index("Dr Earlier")


@pytest.mark.django_db
def test_the_admin_home_counts_published_items_needing_review(as_editor):
    sign_off(make_topic("signed"))
    make_topic("unsigned-1")
    make_topic("unsigned-2")
    make_topic("draft", status=TopicPage.Status.DRAFT)
    make_faq_entry("unsigned-answer")
    html = as_editor.get("/admin/").content.decode()
    assert "3 published items need clinical review" in html
    assert "2 topic pages" in html
    assert "1 FAQ entry" in html
    assert (
        'href="/admin/education/topicpage/?review=needed&amp;status__exact=published"'
    ) in html


@pytest.mark.django_db
def test_the_admin_home_says_when_everything_is_reviewed(as_reviewer):
    sign_off(make_topic())
    html = as_reviewer.get("/admin/").content.decode()
    assert "All published pages and answers are clinically reviewed" in html


@pytest.mark.django_db
def test_the_admin_home_count_follows_the_due_date(editor, staff_client, frozen):
    sign_off(make_topic())
    html = staff_client(editor).get("/admin/").content.decode()
    assert "All published pages and answers" in html
    frozen.move_to(datetime.datetime(2027, 12, 1, tzinfo=CLINIC))
    html = staff_client(editor).get("/admin/").content.decode()
    assert "1 published item needs clinical review" in html


@pytest.mark.django_db
def test_the_admin_home_count_follows_edits(as_editor):
    page = make_topic()
    sign_off(page)
    TopicPage.objects.filter(pk=page.pk).update(title="Edited")
    html = as_editor.get("/admin/").content.decode()
    assert "1 published item needs clinical review" in html


@pytest.mark.django_db
def test_staff_who_cannot_read_content_see_no_review_count(
    make_staff_user, staff_client
):
    make_topic()
    triage = staff_client(make_staff_user("triage", "Intake reviewer"))
    assert "clinical review" not in triage.get("/admin/").content.decode()


# --- Upgrading from the medical-reviewer field ------------------------------------


@pytest.mark.django_db(transaction=True)
def test_upgrading_keeps_old_reviewer_names_in_the_audit_trail_and_signs_nothing():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from ketacare import db_roles

    before = [("education", "0002_content_editor_group")]
    # Migrations change the schema, which only the owner role may do; going back
    # also unapplies the audit chain (it depends on 0003), so return to every leaf.
    with db_roles.as_owner():
        executor = MigrationExecutor(connection)
        executor.migrate(before)
        old = executor.loader.project_state(before).apps
        reviewer = old.get_model("education", "Reviewer").objects.create(
            name="Dr Old", credentials="MD"
        )
        old.get_model("education", "TopicPage").objects.create(
            slug="legacy",
            title="Legacy",
            meta_description="x",
            summary="x",
            body="x",
            status="published",
            medical_reviewer=reviewer,
        )
        latest = MigrationExecutor(connection)
        latest.migrate(latest.loader.graph.leaf_nodes())

    page = TopicPage.objects.with_review().get(slug="legacy")
    assert page.review.state == "never"
    event = AuditEvent.objects.for_object("education.topicpage", page.pk).get()
    assert event.detail["reviewer_name"] == "Dr Old"
    assert event.detail["reviewer_credentials"] == "MD"
    assert Group.objects.get(name=REVIEWER_GROUP).permissions.count() == 8
