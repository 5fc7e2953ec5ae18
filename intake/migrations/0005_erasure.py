"""Erasure: tombstones of removed assessments, the erase permission for leads,
and the one way the site's database role can delete history rows.

The runtime role may only SELECT and INSERT the history tables. A removed
assessment's history goes through `intake_removed_history_delete(ids)`, a
SECURITY DEFINER function owned by the owner role, which deletes history rows
only of assessments that no longer exist AND have a tombstone. The tombstone
table is append-only to the runtime role, so every deletion of history leaves
a permanent record that the assessment was removed, when and why.
"""

import django.contrib.postgres.functions
import pgtrigger.compiler
import pgtrigger.migrations
from django.contrib.auth.management import create_permissions
from django.db import migrations, models
from psycopg2 import sql

LEAD = "Intake lead"
# The append-only triggers of intake_assessmentevent and intake_assessmentnoteevent
# (migration 0002), lifted inside the function only.
HISTORY_TRIGGERS = "{pgtrigger_append_only_081b7,pgtrigger_append_only_48b07}"

# Every name is schema-qualified and the search path fixed, with pg_temp last:
# a caller's temporary table cannot stand in for one of these.
CREATE_FUNCTION = """
CREATE FUNCTION {schema}.intake_removed_history_delete(ids bigint[])
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, {schema}, pg_temp
SET pgtrigger.ignore = ''
AS $$
DECLARE
    removed bigint[];
    deleted integer;
BEGIN
    SELECT coalesce(array_agg(t.assessment_id), '{{}}') INTO removed
        FROM {schema}.intake_assessmenttombstone t
        WHERE t.assessment_id = ANY(ids)
        AND NOT EXISTS (
            SELECT 1 FROM {schema}.intake_assessment a WHERE a.id = t.assessment_id
        );
    -- Local to this call: the SET clause above restores it on return.
    PERFORM set_config('pgtrigger.ignore', {triggers}, true);
    DELETE FROM {schema}.intake_assessmentnoteevent WHERE assessment_id = ANY(removed);
    DELETE FROM {schema}.intake_assessmentevent WHERE pgh_obj_id = ANY(removed);
    GET DIAGNOSTICS deleted = ROW_COUNT;
    RETURN deleted;
END
$$;
"""


def _schema(schema_editor) -> sql.Identifier:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        return sql.Identifier(cursor.fetchone()[0])


def create_function(apps, schema_editor):
    statement = sql.SQL(CREATE_FUNCTION).format(
        schema=_schema(schema_editor), triggers=sql.Literal(HISTORY_TRIGGERS)
    )
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(statement.as_string(cursor.connection))


def drop_function(apps, schema_editor):
    statement = sql.SQL(
        "DROP FUNCTION {schema}.intake_removed_history_delete(bigint[])"
    )
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            statement.format(schema=_schema(schema_editor)).as_string(cursor.connection)
        )


def give_leads_erase(apps, schema_editor):
    config = apps.get_app_config("intake")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    erase = Permission.objects.get(
        content_type__app_label="intake", codename="erase_assessment"
    )
    for group in Group.objects.filter(name=LEAD):
        group.permissions.add(erase)


def take_erase_back(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="intake", codename="erase_assessment"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0004_screen_version"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.CreateModel(
            name="AssessmentTombstone",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("assessment_id", models.BigIntegerField(unique=True)),
                ("started_on", models.DateField()),
                (
                    "removed_at",
                    models.DateTimeField(
                        db_default=django.contrib.postgres.functions.TransactionNow()
                    ),
                ),
                (
                    "reason",
                    models.CharField(
                        choices=[
                            ("retention", "Retention period ended"),
                            ("request", "Erased on request"),
                        ],
                        max_length=16,
                    ),
                ),
            ],
            options={
                "ordering": ["-removed_at", "-assessment_id"],
            },
        ),
        migrations.AlterModelOptions(
            name="assessment",
            options={
                "ordering": ["-created_at"],
                "permissions": [
                    ("view_contact_details", "Can see contact details"),
                    ("export_contact_details", "Can export contact details"),
                    ("assign_assessment", "Can assign assessments to staff"),
                    ("erase_assessment", "Can erase an assessment on request"),
                ],
            },
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="assessmenttombstone",
            trigger=pgtrigger.compiler.Trigger(
                name="tombstone_append_only",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="0b3899dd7e1c84b5d2d8a6549d9101a7d191cd2c",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_tombstone_append_only_2c801",
                    table="intake_assessmenttombstone",
                    when="BEFORE",
                ),
            ),
        ),
        migrations.RunPython(create_function, drop_function),
        migrations.RunPython(give_leads_erase, take_erase_back),
    ]
