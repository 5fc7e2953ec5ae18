"""Audit rows: time from the database clock, and a keyed hash chain.

The INSERT trigger is plain SQL rather than a pgtrigger trigger on purpose:
pgtrigger's triggers step aside for `SET pgtrigger.ignore`, which any role may
set; this one does not.
"""

import django.contrib.postgres.functions
from django.db import migrations, models

APPEND_ONLY_TRIGGER = "pgtrigger_audit_append_only_d956d"

# One advisory lock key ("kcaudi") serialises every writer of the chain.
CREATE_TRIGGER = """
CREATE FUNCTION ketacare_audit_chain_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    head_id bigint;
    head_hash text;
BEGIN
    -- Re-entrant: the application already holds it; raw SQL waits its turn.
    PERFORM pg_advisory_xact_lock(118074581017705);
    NEW.at := transaction_timestamp();
    SELECT id, chain_hash INTO head_id, head_hash
        FROM ketacare_auditevent ORDER BY id DESC LIMIT 1;
    IF head_id IS NOT NULL AND NEW.id <= head_id THEN
        RAISE EXCEPTION 'audit row % would come before row %', NEW.id, head_id;
    END IF;
    IF NEW.prev_hash IS DISTINCT FROM coalesce(head_hash, '') THEN
        RAISE EXCEPTION 'audit row % does not continue the hash chain', NEW.id;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER ketacare_audit_chain_insert
    BEFORE INSERT ON ketacare_auditevent
    FOR EACH ROW EXECUTE FUNCTION ketacare_audit_chain_insert();

-- For the application: take the lock, then read the head. One round trip; a
-- VOLATILE function's second statement sees what committed while it waited.
CREATE FUNCTION ketacare_audit_chain_head(OUT at timestamptz, OUT head text)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(118074581017705);
    at := transaction_timestamp();
    SELECT chain_hash INTO head FROM ketacare_auditevent ORDER BY id DESC LIMIT 1;
END
$$;
"""

DROP_TRIGGER = """
DROP FUNCTION ketacare_audit_chain_head();
DROP TRIGGER ketacare_audit_chain_insert ON ketacare_auditevent;
DROP FUNCTION ketacare_audit_chain_insert();
"""


def seal_existing_rows(apps, schema_editor):
    from ketacare.audit_chain import SEALED_FIELDS, seal

    AuditEvent = apps.get_model("ketacare", "AuditEvent")
    rows = AuditEvent.objects.order_by("id").values("id", *SEALED_FIELDS)
    if not rows.exists():
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pgtrigger.ignore', %s, true)",
            [f"{{{APPEND_ONLY_TRIGGER}}}"],
        )
        prev_hash = ""
        for row in rows.iterator():
            chain_hash = seal(row, prev_hash)
            cursor.execute(
                "UPDATE ketacare_auditevent SET prev_hash = %s, chain_hash = %s"
                " WHERE id = %s",
                [prev_hash, chain_hash, row["id"]],
            )
            prev_hash = chain_hash
        cursor.execute("SELECT set_config('pgtrigger.ignore', '', true)")


class Migration(migrations.Migration):
    dependencies = [
        ("ketacare", "0002_audit_event"),
        # Its data migration writes audit rows the plain way; they are sealed
        # into the chain here with every other existing row.
        ("education", "0003_signoffs"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="chain_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(
                db_default=django.contrib.postgres.functions.TransactionNow(),
                db_index=True,
            ),
        ),
        migrations.RunPython(seal_existing_rows, migrations.RunPython.noop),
        migrations.RunSQL(CREATE_TRIGGER, DROP_TRIGGER),
    ]
