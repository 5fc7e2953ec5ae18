"""Two database roles: an owner that runs migrations, and the runtime role the
site connects as.

The owner (DATABASE_OWNER_URL; the embedded server's `postgres`) owns every
table. The runtime role (DATABASE_URL; the embedded server's `ketacare_app`)
may read and write the ordinary tables, but may only SELECT and INSERT the
audit trail and the history tables. It owns nothing, so it cannot UPDATE,
DELETE or TRUNCATE those rows, drop or disable their triggers, or get past
them with `SET pgtrigger.ignore` (the triggers are not what stops it; the
missing privileges are).

`manage.py migrate` switches to the owner by itself and, after migrating,
re-applies the runtime role's privileges (`runtime_role_grant`, also
`manage.py db_roles`). Without DATABASE_OWNER_URL, a DATABASE_URL deployment
keeps one role for everything, as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, ProgrammingError, connections, transaction
from psycopg2 import sql


def split() -> bool:
    return settings.KETACARE_DATABASE_OWNER is not None


# The two roles' connection settings come from settings.py: USER, PASSWORD,
# HOST and PORT. The database NAME stays as it is (under test, the test
# database).
def _switch(credentials: dict[str, object], alias: str) -> None:
    connection = connections[alias]
    if all(connection.settings_dict.get(k) == v for k, v in credentials.items()):
        return
    if connection.in_atomic_block:
        raise RuntimeError("Cannot switch database roles inside a transaction.")
    connection.close()
    connection.settings_dict.update(credentials)


def use_owner(alias: str = DEFAULT_DB_ALIAS) -> None:
    """Reconnect `alias` as the owner (nothing to do with one role)."""
    if split():
        _switch(settings.KETACARE_DATABASE_OWNER, alias)


def use_runtime(alias: str = DEFAULT_DB_ALIAS) -> None:
    if split():
        _switch(settings.KETACARE_DATABASE_RUNTIME, alias)


def is_owner(alias: str = DEFAULT_DB_ALIAS) -> bool:
    owner = settings.KETACARE_DATABASE_OWNER or {}
    return connections[alias].settings_dict.get("USER") == owner.get("USER")


@contextmanager
def as_owner(alias: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Run the block as the owner, then return to the role used before."""
    if not split() or is_owner(alias):
        yield
        return
    use_owner(alias)
    try:
        yield
    finally:
        use_runtime(alias)


def protected_tables() -> list[str]:
    """The audit trail, every pghistory event table, and every model that says
    `append_only_table = True` (the tombstones of removed assessments)."""
    from pghistory.models import Event

    from ketacare.models import AuditEvent

    tables = {AuditEvent._meta.db_table}
    for model in apps.get_models():
        meta = model._meta
        append_only = issubclass(model, Event) or getattr(
            model, "append_only_table", False
        )
        if append_only and meta.managed and not meta.proxy:
            tables.add(meta.db_table)
    return sorted(tables)


def runtime_role_grant(alias: str = DEFAULT_DB_ALIAS) -> None:
    """Create the runtime role if it is missing and set its privileges.

    Run as the owner (idempotent). Ordinary tables: SELECT, INSERT, UPDATE,
    DELETE, now and for tables the owner creates later. Audit and history
    tables: SELECT and INSERT only.
    """
    runtime = settings.KETACARE_DATABASE_RUNTIME
    role = str(runtime["USER"])
    owner = str(settings.KETACARE_DATABASE_OWNER["USER"])
    if role == owner:
        raise ValueError("The runtime and owner database roles must differ.")
    name = sql.Identifier(role)
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
        found = cursor.fetchone()
        if found is None:
            create = sql.SQL("CREATE ROLE {} LOGIN").format(name)
            if runtime.get("PASSWORD"):
                create += sql.SQL(" PASSWORD {}").format(
                    sql.Literal(str(runtime["PASSWORD"]))
                )
            try:
                with transaction.atomic(using=alias):
                    cursor.execute(create)
            except ProgrammingError:
                # Another process may have created it a moment ago.
                cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
                if cursor.fetchone() is None:
                    raise
        elif found[0]:
            raise ValueError(f"The runtime role {role!r} must not be a superuser.")
        cursor.execute("SELECT pg_has_role(%s, current_user, 'MEMBER')", [role])
        if cursor.fetchone()[0]:
            raise ValueError(
                f"The runtime role {role!r} must not be a member of the owner role."
            )
        cursor.execute("SELECT current_schema()")
        schema = sql.Identifier(cursor.fetchone()[0])
        statements = [
            "GRANT USAGE ON SCHEMA {schema} TO {role}",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema}"
            " TO {role}",
            "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
            "ALTER DEFAULT PRIVILEGES IN SCHEMA {schema}"
            " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
            "ALTER DEFAULT PRIVILEGES IN SCHEMA {schema}"
            " GRANT USAGE, SELECT ON SEQUENCES TO {role}",
        ]
        for statement in statements:
            cursor.execute(sql.SQL(statement).format(schema=schema, role=name))
        for table in protected_tables():
            cursor.execute("SELECT to_regclass(%s)", [table])
            if cursor.fetchone()[0] is None:
                continue  # not migrated yet
            cursor.execute(
                sql.SQL(
                    "REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER"
                    " ON TABLE {table} FROM {role}"
                ).format(table=sql.Identifier(table), role=name)
            )
