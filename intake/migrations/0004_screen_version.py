"""The screen version on each assessment, and the outcome for symptoms or history.

Rows that exist already were answered under version 1 of the screen (before the
suicide and at-home questions), so they get 1; from then on the model's default
gives new assessments the current version.
"""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0003_staff_groups"),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name="assessment",
            name="content_changed_update",
        ),
        migrations.AddField(
            model_name="assessment",
            name="screen_version",
            field=models.PositiveSmallIntegerField(
                default=1,
                help_text="The version of the health screen the answers were given to.",
                verbose_name="screen version",
            ),
        ),
        migrations.AlterField(
            model_name="assessment",
            name="screen_version",
            field=models.PositiveSmallIntegerField(
                default=2,
                help_text="The version of the health screen the answers were given to.",
                verbose_name="screen version",
            ),
        ),
        migrations.AlterField(
            model_name="assessment",
            name="outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    (
                        "likely_suitable",
                        "Likely suitable for a consultation about ketamine",
                    ),
                    (
                        "consult_options",
                        "A consultation about treatment options (symptoms or history)",
                    ),
                    ("needs_review", "Needs a clinician's review"),
                    (
                        "not_suitable",
                        "At-home ketamine likely not suitable (a clinician confirms)",
                    ),
                ],
                max_length=24,
            ),
        ),
        migrations.AlterField(
            model_name="assessmentevent",
            name="outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    (
                        "likely_suitable",
                        "Likely suitable for a consultation about ketamine",
                    ),
                    (
                        "consult_options",
                        "A consultation about treatment options (symptoms or history)",
                    ),
                    ("needs_review", "Needs a clinician's review"),
                    (
                        "not_suitable",
                        "At-home ketamine likely not suitable (a clinician confirms)",
                    ),
                ],
                max_length=24,
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="assessment",
            trigger=pgtrigger.compiler.Trigger(
                name="content_changed_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition='WHEN (OLD."status" = \'submitted\' AND (OLD."token_hash" IS DISTINCT FROM NEW."token_hash" OR OLD."answers" IS DISTINCT FROM NEW."answers" OR OLD."state" IS DISTINCT FROM NEW."state" OR OLD."phq9_version" IS DISTINCT FROM NEW."phq9_version" OR OLD."gad7_version" IS DISTINCT FROM NEW."gad7_version" OR OLD."reasons" IS DISTINCT FROM NEW."reasons" OR OLD."screen_version" IS DISTINCT FROM NEW."screen_version" OR OLD."wants_contact" IS DISTINCT FROM NEW."wants_contact" OR OLD."contact_name" IS DISTINCT FROM NEW."contact_name" OR OLD."contact_email" IS DISTINCT FROM NEW."contact_email" OR OLD."contact_phone" IS DISTINCT FROM NEW."contact_phone" OR OLD."contact_method" IS DISTINCT FROM NEW."contact_method" OR OLD."name_index" IS DISTINCT FROM NEW."name_index" OR OLD."email_index" IS DISTINCT FROM NEW."email_index" OR OLD."phone_index" IS DISTINCT FROM NEW."phone_index" OR OLD."consented_at" IS DISTINCT FROM NEW."consented_at" OR OLD."hopes" IS DISTINCT FROM NEW."hopes"))',
                    func='INSERT INTO "intake_assessmentevent" ("assigned_to_id", "gad7_band", "gad7_total", "item9_positive", "outcome", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phq9_band", "phq9_total", "review_status", "status", "submitted_at", "urgent") VALUES (NEW."assigned_to_id", NEW."gad7_band", NEW."gad7_total", NEW."item9_positive", NEW."outcome", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'content_changed\', NEW."id", NEW."phq9_band", NEW."phq9_total", NEW."review_status", NEW."status", NEW."submitted_at", NEW."urgent"); RETURN NULL;',
                    hash="d6898bc4818912f91f7c59c8f15d89f1ef21bb19",
                    operation="UPDATE",
                    pgid="pgtrigger_content_changed_update_1e314",
                    table="intake_assessment",
                    when="AFTER",
                ),
            ),
        ),
    ]
