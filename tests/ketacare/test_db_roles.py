"""The site's own database role cannot rewrite the audit trail or the history:
every attempt fails in the database itself, while ordinary tables still work.

These run as the role the suite runs as, which is the site's runtime role when
two are configured (the embedded server; CI's `make test-system-pg`).
"""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from intake.models import Assessment
from ketacare import db_roles
from ketacare.audit import audit_record
from ketacare.models import AuditEvent
from tests.intake.factories import build

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not db_roles.split(),
        reason="one database role configured (DATABASE_URL without DATABASE_OWNER_URL)",
    ),
]
# Each protected table and its primary key column.
KEYS = {
    "intake_assessmentevent": "pgh_id",
    "intake_assessmentnoteevent": "pgh_id",
    "intake_assessmenttombstone": "id",
    "ketacare_auditevent": "id",
}
PROTECTED = sorted(KEYS)
IGNORE_EVERY_TRIGGER = (
    "SELECT set_config('pgtrigger.ignore', (SELECT '{' || string_agg(tgname, ',')"
    " || '}' FROM pg_trigger WHERE NOT tgisinternal), true)"
)


def refused(*statements: str) -> str:
    """Run the statements in a savepoint; return the database's refusal."""

    def run() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    with pytest.raises(DatabaseError) as error:
        run()
    return str(error.value)


@pytest.fixture
def rows():
    """An audit row and history rows to aim at."""
    audit_record(request=None, action=AuditEvent.Action.VIEW, object_ids=[1])
    return build()


def test_the_suite_runs_as_the_runtime_role_not_the_owner():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, rolsuper, tableowner FROM pg_roles, pg_tables"
            " WHERE rolname = current_user AND tablename = 'ketacare_auditevent'"
        )
        user, superuser, owner = cursor.fetchone()
    assert user == settings.KETACARE_DATABASE_RUNTIME["USER"]
    assert user != owner == settings.KETACARE_DATABASE_OWNER["USER"]
    assert superuser is False


def test_the_protected_tables_are_the_audit_trail_and_every_history_table():
    assert db_roles.protected_tables() == PROTECTED


@pytest.mark.parametrize("table", PROTECTED)
def test_it_may_read_but_not_update_delete_or_truncate(rows, table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
        assert cursor.fetchone()[0] >= 0  # reading is allowed
    update = f"UPDATE {table} SET {KEYS[table]} = {KEYS[table]}"  # noqa: S608
    assert "permission denied" in refused(update)
    assert "permission denied" in refused(f"DELETE FROM {table}")  # noqa: S608
    assert "permission denied" in refused(f"TRUNCATE {table}")


@pytest.mark.parametrize("table", PROTECTED)
def test_pgtrigger_ignore_does_not_let_it_modify(rows, table):
    update = f"UPDATE {table} SET {KEYS[table]} = {KEYS[table]}"  # noqa: S608
    assert "permission denied" in refused(IGNORE_EVERY_TRIGGER, update)
    delete = f"DELETE FROM {table}"  # noqa: S608
    assert "permission denied" in refused(IGNORE_EVERY_TRIGGER, delete)


@pytest.mark.parametrize("table", PROTECTED)
def test_it_cannot_disable_or_drop_triggers(rows, table):
    assert "must be owner" in refused(f"ALTER TABLE {table} DISABLE TRIGGER ALL")
    assert "must be owner" in refused(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    assert "must be owner" in refused(
        "DROP TRIGGER ketacare_audit_chain_insert ON ketacare_auditevent"
    )
    assert "must be owner" in refused(f"ALTER TABLE {table} OWNER TO CURRENT_USER")


def test_it_cannot_turn_every_trigger_off_for_its_session():
    # Replica mode skips ordinary triggers; only a superuser may set it.
    assert "permission denied" in refused("SET session_replication_role = replica")


def test_it_cannot_make_itself_the_owner():
    owner = settings.KETACARE_DATABASE_OWNER["USER"]
    assert "permission denied" in refused(f'SET ROLE "{owner}"')


def test_it_appends_to_the_audit_trail_and_history():
    event = audit_record(request=None, action=AuditEvent.Action.LIST)
    assessment = build()
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert assessment.history.filter(pgh_label="insert").exists()


def test_ordinary_tables_still_work_for_it():
    from education.models import FaqCategory

    category = FaqCategory.objects.create(title="Roles", slug="roles", order=9)
    category.title = "Roles again"
    category.save()
    assert FaqCategory.objects.get(pk=category.pk).title == "Roles again"
    category.delete()
    assessment = build()
    assert Assessment.objects.filter(pk=assessment.pk).update(urgent=True) == 1
    assessment.delete()
    assert not Assessment.objects.filter(pk=assessment.pk).exists()
    assert not FaqCategory.objects.filter(slug="roles").exists()


@pytest.mark.django_db(transaction=True)
def test_granting_is_idempotent_and_covers_tables_made_later():
    call_command("db_roles", stdout=StringIO())
    call_command("db_roles", stdout=StringIO())
    runtime = settings.KETACARE_DATABASE_RUNTIME["USER"]
    with db_roles.as_owner(), connection.cursor() as cursor:
        cursor.execute("CREATE TABLE ketacare_roles_probe (id int)")
        try:
            cursor.execute(
                "SELECT has_table_privilege(%s, 'ketacare_roles_probe', 'DELETE'),"
                " has_table_privilege(%s, 'ketacare_auditevent', 'INSERT'),"
                " has_table_privilege(%s, 'ketacare_auditevent', 'UPDATE')",
                [runtime, runtime, runtime],
            )
            assert cursor.fetchone() == (True, True, False)
        finally:
            cursor.execute("DROP TABLE ketacare_roles_probe")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == runtime
