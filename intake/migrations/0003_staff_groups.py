"""The two intake staff groups. Nobody but a superuser sees intake data without one.

- Intake reviewer: works the queue. Sees assessments and their contact details
  (one record at a time, every look audited: contacting people is the job),
  changes the review status, adds notes, exports CSV without contact details and
  FHIR without a Patient resource.
- Intake lead: everything a reviewer may, plus assigning records to staff,
  contact details in exports, and reading the audit trail.

The "Content editor" group (education migration 0002) gets nothing from here.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REVIEWER = "Intake reviewer"
LEAD = "Intake lead"

REVIEWER_PERMISSIONS = [
    ("intake", "view_assessment"),
    ("intake", "change_assessment"),
    ("intake", "view_contact_details"),
    ("intake", "view_assessmentnote"),
    ("intake", "add_assessmentnote"),
]
LEAD_PERMISSIONS = [
    *REVIEWER_PERMISSIONS,
    ("intake", "assign_assessment"),
    ("intake", "export_contact_details"),
    ("ketacare", "view_auditevent"),
]


def _ensure_permissions(apps, app_label):
    # Permissions are normally created after all migrations have run; create
    # them now so a fresh database gets complete groups.
    config = apps.get_app_config(app_label)
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None


def create_groups(apps, schema_editor):
    for app_label in ("intake", "ketacare"):
        _ensure_permissions(apps, app_label)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ((REVIEWER, REVIEWER_PERMISSIONS), (LEAD, LEAD_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in wanted
        ]
        group.permissions.set(permissions)


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[REVIEWER, LEAD]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("ketacare", "0002_audit_event"),
        ("intake", "0002_staff_review"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
