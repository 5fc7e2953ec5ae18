"""Check-ins for the two intake staff groups: both see a person's follow-up and
check-ins beside their assessment, and both may enrol, pause, stop and change
the schedule (the workflow of a reviewer's own case). Content editors get none."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Intake reviewer", "Intake lead")
PERMISSIONS = ("view_followup", "view_checkin", "manage_follow_up")


def grant(apps, schema_editor):
    config = apps.get_app_config("intake")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = Permission.objects.filter(
        content_type__app_label="intake", codename__in=PERMISSIONS
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*wanted)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    unwanted = Permission.objects.filter(
        content_type__app_label="intake", codename__in=PERMISSIONS
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*unwanted)


class Migration(migrations.Migration):
    dependencies = [("intake", "0006_checkins")]

    operations = [migrations.RunPython(grant, revoke)]
