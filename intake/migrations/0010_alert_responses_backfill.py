"""The response times of urgent alerts made before they were recorded.

Migration 0008 added `first_viewed_at` and `first_actioned_at` empty. Without
this, every urgent record of the last weeks would look unopened after a deploy:
the queue would show it waiting, and the first alert run would escalate it to
the leads. The audit trail already says when each record was first viewed
(a VIEW row) and first changed (a CHANGE row) after its flag; records nobody
has opened stay empty, as they should.

Also: the check-in timeline's "flagged urgent" entry (a new action choice).
"""

from django.db import migrations, models


def backfill(apps, schema_editor):
    StaffAlert = apps.get_model("intake", "StaffAlert")
    AuditEvent = apps.get_model("ketacare", "AuditEvent")
    for alert in StaffAlert.objects.filter(first_viewed_at__isnull=True).iterator():
        rows = AuditEvent.objects.filter(
            model="intake.assessment",
            object_ids__contains=[str(alert.assessment_id)],
            at__gte=alert.created_at,
        ).order_by("at")
        viewed = rows.filter(action="view").values_list("at", flat=True).first()
        changed = rows.filter(action="change").values_list("at", flat=True).first()
        if viewed is None and changed is None:
            continue
        alert.first_viewed_at = min(t for t in (viewed, changed) if t is not None)
        alert.first_actioned_at = changed
        alert.save(update_fields=["first_viewed_at", "first_actioned_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0009_scale_indexes"),
        ("ketacare", "0005_audit_chain_search_path"),
    ]

    operations = [
        migrations.AlterField(
            model_name="followupevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("enrolled", "Enrolled in check-ins"),
                    ("schedule_changed", "Check-in schedule changed"),
                    ("paused", "Check-ins paused"),
                    ("resumed", "Check-ins resumed"),
                    ("stopped", "Check-ins stopped"),
                    ("event_added", "Treatment event recorded"),
                    ("consented", "The person agreed to check-ins"),
                    ("unsubscribed", "The person unsubscribed from check-ins"),
                    ("invited", "Check-in invitation sent"),
                    ("urgent", "Check-in flagged urgent (PHQ-9 item 9)"),
                    ("completed", "Check-in completed"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
