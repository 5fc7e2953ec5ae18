"""The audit trail's hash chain: database time, and `audit_verify` catching a
changed, deleted or forged row even when the table's owner made the change."""

import re
import threading
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from ketacare.audit import audit_record
from ketacare.models import AuditEvent

pytestmark = pytest.mark.django_db
# What the owner of the table may do that the site's own role may not: lift
# the append-only trigger, or switch the chain trigger off.
IGNORE_APPEND_ONLY = (
    "SELECT set_config('pgtrigger.ignore', '{pgtrigger_audit_append_only_d956d}', true)"
)
DISABLE_CHAIN = (
    # (Foreign keys checked at once: a table with pending checks cannot be altered.)
    "SET CONSTRAINTS ALL IMMEDIATE;"
    " ALTER TABLE ketacare_auditevent DISABLE TRIGGER ketacare_audit_chain_insert"
)
ENABLE_CHAIN = (
    "ALTER TABLE ketacare_auditevent ENABLE TRIGGER ketacare_audit_chain_insert"
)
FORGE = (
    "INSERT INTO ketacare_auditevent (id, at, actor_username, action, model,"
    " object_ids, path, detail, prev_hash, chain_hash) VALUES (COALESCE(%s,"
    " nextval(pg_get_serial_sequence('ketacare_auditevent', 'id'))), now(),"
    " 'mallory', 'view', '', '{}', '', '{}', %s, %s)"
)
UPDATE = "UPDATE ketacare_auditevent SET"
WHERE = "WHERE id = %s"
DELETE = "DELETE FROM ketacare_auditevent WHERE id = %s"
tampering = pytest.mark.django_db(transaction=True)


def record(n: int = 1) -> list[AuditEvent]:
    return [
        audit_record(
            request=None,
            action=AuditEvent.Action.VIEW,
            model="intake.assessment",
            object_ids=[i],
            detail={"contact_details": False},
        )
        for i in range(n)
    ]


def verify(*args: str) -> str:
    """Run audit_verify; return what it wrote to stderr; raise if it failed."""
    err = StringIO()
    try:
        call_command("audit_verify", *args, stdout=StringIO(), stderr=err)
    except CommandError as failed:
        raise AssertionError(err.getvalue()) from failed
    return err.getvalue()


def verify_fails(*args: str) -> str:
    err = StringIO()
    with pytest.raises(CommandError, match="fails verification"):
        call_command("audit_verify", *args, stdout=StringIO(), stderr=err)
    return err.getvalue()


def sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def forge_insert(prev_hash: str, *, at: str = "2000-01-01T00:00:00Z") -> None:
    sql(
        "INSERT INTO ketacare_auditevent (at, actor_username, action, model,"
        " object_ids, path, detail, prev_hash, chain_hash)"
        " VALUES (%s, 'mallory', 'view', '', '{}', '', '{}', %s, %s)",
        [at, prev_hash, "0" * 64],
    )


def test_the_time_is_the_database_transaction_time():
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT transaction_timestamp()")
            (database_now,) = cursor.fetchone()
        (event,) = record()
    assert AuditEvent.objects.get(pk=event.pk).at == database_now
    assert event.at == database_now


def test_an_insert_cannot_choose_its_own_time():
    (head,) = record()
    forge_insert(head.chain_hash, at="2000-01-01T00:00:00Z")
    newest = AuditEvent.objects.order_by("-id").first()
    assert newest.actor_username == "mallory"
    assert newest.at.year != 2000


def test_an_intact_chain_verifies():
    record(3)
    assert verify() == ""
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert "intact: 3 row(s)" in out.getvalue()


def test_an_empty_trail_verifies():
    assert verify() == ""


def test_rows_are_linked_in_id_order():
    first, second = record(2)
    assert first.prev_hash == ""
    assert second.prev_hash == first.chain_hash
    assert len(second.chain_hash) == 64


@tampering
def test_a_changed_row_is_named(owner_sql):
    first, second, third = record(3)
    owner_sql(
        IGNORE_APPEND_ONLY,
        (
            "UPDATE ketacare_auditevent SET actor_username = 'someone' WHERE id = %s",
            [second.pk],
        ),
    )
    report = verify_fails()
    assert f"audit row {second.pk}: content does not match" in report
    assert f"row {first.pk}:" not in report
    assert f"row {third.pk}:" not in report


@tampering
def test_a_changed_time_is_caught(owner_sql):
    (event,) = record()
    owner_sql(
        IGNORE_APPEND_ONLY,
        (
            "UPDATE ketacare_auditevent SET at = at - interval '1 day' WHERE id = %s",
            [event.pk],
        ),
    )
    assert f"audit row {event.pk}: content does not match" in verify_fails()


@tampering
def test_a_deleted_row_is_named_by_the_row_after_it(owner_sql):
    first, second, third = record(3)
    owner_sql(
        IGNORE_APPEND_ONLY,
        ("DELETE FROM ketacare_auditevent WHERE id = %s", [second.pk]),
    )
    report = verify_fails()
    assert f"audit row {third.pk}: does not follow row {first.pk}" in report
    assert "content does not match" not in report


@tampering
def test_deleting_the_first_row_is_caught(owner_sql):
    first, second = record(2)
    owner_sql(
        IGNORE_APPEND_ONLY,
        ("DELETE FROM ketacare_auditevent WHERE id = %s", [first.pk]),
    )
    assert f"audit row {second.pk}: does not follow the start" in verify_fails()


@tampering
def test_a_row_forged_by_the_owner_is_named(owner_sql):
    (head,) = record()
    # The owner may switch the chain trigger off; it still lacks the key.
    owner_sql(DISABLE_CHAIN, (FORGE, [None, head.chain_hash, "0" * 64]), ENABLE_CHAIN)
    forged = AuditEvent.objects.get(actor_username="mallory")
    report = verify_fails()
    assert f"audit row {forged.pk}: content does not match" in report
    assert f"audit row {head.pk}:" not in report


@tampering
def test_a_row_forged_into_the_middle_is_named(owner_sql):
    (first,) = record()
    sql("SELECT nextval(pg_get_serial_sequence('ketacare_auditevent', 'id'))")
    (second,) = record()  # a gap in the ids, as a rolled-back write leaves
    owner_sql(
        DISABLE_CHAIN,
        (FORGE, [first.pk + 1, first.chain_hash, "0" * 64]),
        ENABLE_CHAIN,
    )
    report = verify_fails()
    assert f"audit row {first.pk + 1}: content does not match" in report
    assert f"audit row {second.pk}: does not follow row {first.pk + 1}" in report


def test_the_database_refuses_an_insert_that_breaks_the_chain():
    record(1)
    with (
        pytest.raises(DatabaseError, match="does not continue the hash chain"),
        transaction.atomic(),
    ):
        forge_insert("f" * 64)


def test_a_temporary_table_of_the_same_name_cannot_fool_the_chain_check():
    # Unqualified names find pg_temp first unless the function pins its path.
    record(1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        (schema,) = cursor.fetchone()
    sql("CREATE TEMP TABLE ketacare_auditevent (id bigint, chain_hash text)")
    sql("INSERT INTO ketacare_auditevent VALUES (0, %s)", ["f" * 64])
    with (
        pytest.raises(DatabaseError, match="does not continue the hash chain"),
        transaction.atomic(),
    ):
        sql(
            f"INSERT INTO {schema}.ketacare_auditevent (at, actor_username, action,"  # noqa: S608 (the schema comes from the database)
            " model, object_ids, path, detail, prev_hash, chain_hash)"
            " VALUES (now(), 'mallory', 'view', '', '{}', '', '{}', %s, %s)",
            ["f" * 64, "0" * 64],
        )


def test_pgtrigger_ignore_does_not_lift_the_chain_check():
    record(1)
    sql("SELECT set_config('pgtrigger.ignore', '{ketacare_audit_chain_insert}', true)")
    with (
        pytest.raises(DatabaseError, match="does not continue the hash chain"),
        transaction.atomic(),
    ):
        forge_insert("")


def test_the_database_refuses_a_row_before_the_newest():
    (head,) = record(1)
    with pytest.raises(DatabaseError, match="would come before"), transaction.atomic():
        sql(
            "INSERT INTO ketacare_auditevent (id, action, actor_username, model,"
            " object_ids, path, detail, prev_hash, chain_hash)"
            " VALUES (%s, 'view', '', '', '{}', '', '{}', %s, %s)",
            [head.pk - 100, head.chain_hash, "0" * 64],
        )


def test_a_wrong_key_fails_every_row(settings):
    events = record(2)
    settings.KETACARE_AUDIT_KEY = "another-key-" + "z" * 40
    report = verify_fails()
    for event in events:
        assert f"audit row {event.pk}: content does not match" in report


@tampering
def test_rows_removed_from_the_end_are_caught_against_the_export(
    tmp_path: Path, owner_sql
):
    _, second = record(2)
    exported = tmp_path / "audit.jsonl"
    call_command("audit_export", output=exported, stderr=StringIO())
    assert verify("--against", str(exported)) == ""
    owner_sql(
        IGNORE_APPEND_ONLY,
        ("DELETE FROM ketacare_auditevent WHERE id = %s", [second.pk]),
    )
    # The chain alone cannot see a missing last row ...
    assert verify() == ""
    # ... the exported copy can.
    report = verify_fails("--against", str(exported))
    assert f"audit row {second.pk}: is in the export but not in the database" in report


def test_the_trigger_and_the_application_take_the_same_lock():
    from importlib import import_module

    migration = import_module("ketacare.migrations.0003_audit_chain")
    locks = re.findall(r"pg_advisory_xact_lock\((\d+)\)", migration.CREATE_TRIGGER)
    assert len(locks) == 2
    assert len(set(locks)) == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_valid_chain():
    per_thread = 15
    start = threading.Barrier(3)
    failures: list[BaseException] = []

    def write() -> None:
        try:
            start.wait()
            for _ in range(per_thread):
                # A longer transaction, as a view's would be.
                with transaction.atomic():
                    record(1)
                    connection.cursor().execute("SELECT pg_sleep(0.002)")
        except BaseException as error:  # reported below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert AuditEvent.objects.count() == 3 * per_thread
    assert verify() == ""
