"""The audit trail's hash chain: database time, and `audit_verify` catching a
changed, deleted or forged row even when the table's owner made the change."""

import threading
from io import StringIO
from pathlib import Path

import pgtrigger
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from ketacare import audit_chain
from ketacare.audit import audit_record
from ketacare.models import AuditEvent

pytestmark = pytest.mark.django_db
APPEND_ONLY = "ketacare.AuditEvent:audit_append_only"


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


def disable_chain_trigger() -> None:
    """What the table's owner may do (until the end of the test's transaction)."""
    sql("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks
    sql("ALTER TABLE ketacare_auditevent DISABLE TRIGGER ketacare_audit_chain_insert")


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


def test_a_changed_row_is_named():
    first, second, third = record(3)
    with pgtrigger.ignore(APPEND_ONLY):
        sql(
            "UPDATE ketacare_auditevent SET actor_username = 'someone' WHERE id = %s",
            [second.pk],
        )
    report = verify_fails()
    assert f"audit row {second.pk}: content does not match" in report
    assert f"row {first.pk}:" not in report
    assert f"row {third.pk}:" not in report


def test_a_changed_time_is_caught():
    (event,) = record()
    with pgtrigger.ignore(APPEND_ONLY):
        sql(
            "UPDATE ketacare_auditevent SET at = at - interval '1 day' WHERE id = %s",
            [event.pk],
        )
    assert f"audit row {event.pk}: content does not match" in verify_fails()


def test_a_deleted_row_is_named_by_the_row_after_it():
    first, second, third = record(3)
    with pgtrigger.ignore(APPEND_ONLY):
        sql("DELETE FROM ketacare_auditevent WHERE id = %s", [second.pk])
    report = verify_fails()
    assert f"audit row {third.pk}: does not follow row {first.pk}" in report
    assert "content does not match" not in report


def test_deleting_the_first_row_is_caught():
    first, second = record(2)
    with pgtrigger.ignore(APPEND_ONLY):
        sql("DELETE FROM ketacare_auditevent WHERE id = %s", [first.pk])
    assert f"audit row {second.pk}: does not follow the start" in verify_fails()


def test_a_row_forged_by_the_owner_is_named():
    (head,) = record()
    # The owner may switch the chain trigger off; it still lacks the key.
    disable_chain_trigger()
    forge_insert(head.chain_hash)
    forged = AuditEvent.objects.get(actor_username="mallory")
    report = verify_fails()
    assert f"audit row {forged.pk}: content does not match" in report
    assert f"audit row {head.pk}:" not in report


def test_a_row_forged_into_the_middle_is_named():
    (first,) = record()
    sql("SELECT nextval(pg_get_serial_sequence('ketacare_auditevent', 'id'))")
    (second,) = record()  # a gap in the ids, as a rolled-back write leaves
    disable_chain_trigger()
    sql(
        "INSERT INTO ketacare_auditevent (id, actor_username, action, model,"
        " object_ids, path, detail, prev_hash, chain_hash)"
        " VALUES (%s, 'mallory', 'view', '', '{}', '', '{}', %s, %s)",
        [first.pk + 1, first.chain_hash, "0" * 64],
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


def test_rows_removed_from_the_end_are_caught_against_the_export(tmp_path: Path):
    _, second = record(2)
    exported = tmp_path / "audit.jsonl"
    call_command("audit_export", output=exported, stderr=StringIO())
    assert verify("--against", str(exported)) == ""
    with pgtrigger.ignore(APPEND_ONLY):
        sql("DELETE FROM ketacare_auditevent WHERE id = %s", [second.pk])
    # The chain alone cannot see a missing last row ...
    assert verify() == ""
    # ... the exported copy can.
    report = verify_fails("--against", str(exported))
    assert f"audit row {second.pk}: is in the export but not in the database" in report


def test_the_trigger_and_the_application_share_the_lock():
    from importlib import import_module

    migration = import_module("ketacare.migrations.0003_audit_chain")
    assert f"pg_advisory_xact_lock({audit_chain.CHAIN_LOCK})" in (
        migration.CREATE_TRIGGER
    )


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
