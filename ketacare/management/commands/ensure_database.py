import psycopg2
from django.core.management.base import BaseCommand
from django.db import connection
from psycopg2 import sql

from ketacare import db_roles


class Command(BaseCommand):
    help = "Create the configured PostgreSQL database if it does not exist yet."
    # System checks connect to the database (Django 6.1 checks GeneratedField
    # support against every configured database), which does not exist yet here.
    requires_system_checks: list[str] = []

    def handle(self, *args, **options):
        with db_roles.as_owner():
            params = connection.get_connection_params()
        name = params.pop("dbname")
        params["dbname"] = "postgres"
        conn = psycopg2.connect(**params)
        conn.autocommit = True
        try:
            with conn.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
                if cursor.fetchone():
                    return
                cursor.execute(
                    sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
                )
                self.stdout.write(f"created database {name}")
        finally:
            conn.close()
