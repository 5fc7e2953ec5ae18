"""Migration 0010 fills in the response times of urgent alerts made before
they were recorded, from the audit trail; records nobody opened stay unopened."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from intake.models import StaffAlert, hash_token
from ketacare import db_roles
from ketacare.audit import audit_record
from ketacare.models import AuditEvent

BEFORE = [("intake", "0009_scale_indexes")]
AFTER = [("intake", "0010_alert_responses_backfill")]


@pytest.mark.django_db(transaction=True)
def test_the_backfill_takes_the_first_view_and_change_from_the_audit_trail():
    with db_roles.as_owner():
        executor = MigrationExecutor(connection)
        try:
            executor.migrate(BEFORE)
            apps = executor.loader.project_state(BEFORE).apps
            Assessment = apps.get_model("intake", "Assessment")
            OldAlert = apps.get_model("intake", "StaffAlert")
            opened = Assessment.objects.create(token_hash=hash_token("opened"))
            unopened = Assessment.objects.create(token_hash=hash_token("unopened"))
            OldAlert.objects.create(assessment=opened)
            OldAlert.objects.create(assessment=unopened)
            for action in (AuditEvent.Action.VIEW, AuditEvent.Action.CHANGE):
                audit_record(
                    request=None,
                    action=action,
                    model="intake.assessment",
                    object_ids=[opened.pk],
                )
            executor.loader.build_graph()
            executor.migrate(AFTER)
        finally:
            MigrationExecutor(connection).migrate(
                MigrationExecutor(connection).loader.graph.leaf_nodes()
            )
    rows = AuditEvent.objects.filter(object_ids__contains=[str(opened.pk)])
    viewed = rows.get(action=AuditEvent.Action.VIEW).at
    changed = rows.get(action=AuditEvent.Action.CHANGE).at
    alert = StaffAlert.objects.get(assessment_id=opened.pk)
    assert (alert.first_viewed_at, alert.first_actioned_at) == (viewed, changed)
    untouched = StaffAlert.objects.get(assessment_id=unopened.pk)
    assert (untouched.first_viewed_at, untouched.first_actioned_at) == (None, None)
