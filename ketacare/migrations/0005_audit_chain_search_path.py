"""Pin the audit chain functions' search_path.

Their SQL names the audit table without a schema. With the caller's search_path,
a role could create a temporary table of the same name that the functions would
read instead; with the path fixed to the app's schema (and pg_temp last), they
always read the real table.
"""

from django.db import migrations
from psycopg2 import sql

FUNCTIONS = ("ketacare_audit_chain_insert()", "ketacare_audit_chain_head()")


def pin(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        (schema,) = cursor.fetchone()
        for function in FUNCTIONS:
            cursor.execute(
                sql.SQL(
                    "ALTER FUNCTION {function} SET search_path = pg_catalog, {schema}, pg_temp"
                ).format(function=sql.SQL(function), schema=sql.Identifier(schema))
            )


def unpin(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for function in FUNCTIONS:
            cursor.execute(f"ALTER FUNCTION {function} RESET search_path")


class Migration(migrations.Migration):
    dependencies = [
        ("ketacare", "0004_audit_erase"),
    ]

    operations = [migrations.RunPython(pin, unpin)]
