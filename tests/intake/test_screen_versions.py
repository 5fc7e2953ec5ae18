"""The screen is versioned: new assessments get the current version, records
from version 1 keep it, and their answers still validate, display and export."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from intake import services
from intake.domain.screen import SCREEN_VERSION
from intake.models import Assessment, hash_token
from intake.public import summary
from intake.public.forms import FORMS
from ketacare import db_roles
from tests.intake import factories
from tests.intake.factories import VERSION_1_PAGES, build, build_version_1

pytestmark = pytest.mark.django_db


def test_the_current_screen_is_version_2():
    assert SCREEN_VERSION == 2


def test_a_new_assessment_is_answered_to_the_current_screen():
    assert build().screen_version == SCREEN_VERSION
    assert build(upto="about", submit=False).screen_version == SCREEN_VERSION


def test_a_version_1_record_keeps_its_version_and_outcome_on_a_second_submit():
    old = build_version_1()
    again = services.assessment_submit(token=old.token)
    again.refresh_from_db()
    assert (again.screen_version, again.outcome) == (1, "likely_suitable")
    assert "suicide" not in again.answers


def test_a_version_1_draft_is_asked_the_new_questions_and_moves_to_version_2():
    draft = build_version_1(status="draft", upto="medicines")
    posts = factories.valid_posts()
    form = FORMS["suicide"](posts["suicide"])
    assert form.is_valid()
    saved = services.assessment_save_step(
        token=draft.token, step="suicide", data=form.answers()
    )
    assert saved.screen_version == SCREEN_VERSION
    with pytest.raises(services.StepNotAvailable):  # home comes after medicines
        services.assessment_save_step(token=draft.token, step="goals", data={})


@pytest.mark.parametrize("key", VERSION_1_PAGES)
def test_version_1_answers_still_validate_with_the_current_forms(key):
    old = build_version_1()
    form = FORMS[key](data=old.answers[key])
    assert form.is_valid(), form.errors


def test_check_answers_of_a_version_1_record_show_what_it_asked_and_no_more():
    titles = [section.title for section in summary.check_answers(build_version_1())]
    assert "Your physical health" in titles
    assert "Your mental health history" in titles
    assert "Thoughts of suicide" not in titles
    assert "Treatment at home" not in titles


def test_check_answers_of_a_new_record_show_the_new_questions():
    sections = {s.title: s for s in summary.check_answers(build())}
    home = [str(row.label) for row in sections["Treatment at home"].rows]
    assert "Do you have sleep apnea or a lung disease?" in home
    assert len(sections["Thoughts of suicide"].rows) == 2


def test_a_version_1_result_page_still_shows_its_outcome_and_reasons(client):
    old = build_version_1(
        outcome="needs_review",
        reasons=("liver",),
        physical={**factories.valid_posts()["physical"], "liver": "yes"},
    )
    factories.give_token(client, old.token)
    text = client.get(reverse("intake:result")).content.decode()
    assert "A clinician needs to review your answers" in text
    assert "You have liver disease." in text


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_rows_that_exist_already_version_1():
    """Runs 0004 on a row made under 0003; new rows then get the model default."""
    # Migrations change the schema, which only the owner role may do.
    with db_roles.as_owner():
        executor = MigrationExecutor(connection)
        before = [("intake", "0003_staff_groups")]
        after = [("intake", "0004_screen_version")]
        try:
            executor.migrate(before)
            old_apps = executor.loader.project_state(before).apps
            OldAssessment = old_apps.get_model("intake", "Assessment")
            OldAssessment.objects.create(token_hash=hash_token("made-before"))
            executor.loader.build_graph()
            executor.migrate(after)
        finally:
            MigrationExecutor(connection).migrate(
                MigrationExecutor(connection).loader.graph.leaf_nodes()
            )
    existing = Assessment.objects.get(token_hash=hash_token("made-before"))
    assert existing.screen_version == 1
    new = Assessment.objects.create(token_hash=hash_token("made-after"))
    assert new.screen_version == SCREEN_VERSION
