import psycopg2
import pytest
from django.conf import settings
from django.db import connection


def owner_connect():
    """A connection to the test database as the role that owns the tables (the
    same role as the site's when only one is configured)."""
    credentials = settings.KETACARE_DATABASE_OWNER or settings.KETACARE_DATABASE_RUNTIME
    return psycopg2.connect(
        dbname=connection.settings_dict["NAME"],
        user=credentials["USER"],
        password=credentials["PASSWORD"] or None,
        host=credentials["HOST"] or None,
        port=credentials["PORT"] or None,
    )


@pytest.fixture
def owner_sql():
    """Run statements as the owner, committed at once (for tests that commit)."""
    owner = owner_connect()

    def run(*statements: str | tuple[str, list]) -> None:
        """Each statement is SQL, or (SQL, parameters); one transaction."""
        with owner, owner.cursor() as cursor:
            for statement in statements:
                text, params = (
                    (statement, None) if isinstance(statement, str) else statement
                )
                cursor.execute(text, params)

    yield run
    owner.close()
