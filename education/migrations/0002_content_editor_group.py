"""The "Content editor" group: edits education content and nothing else.

Editors withdraw a page or answer by setting it to draft rather than deleting it
(a deleted shipped page would come back with the next `load_content`), so they may
delete only references and reviewer records.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Content editor"

PERMISSIONS = {
    "topicpage": ("add", "change", "view"),
    "reference": ("add", "change", "delete", "view"),
    "reviewer": ("add", "change", "delete", "view"),
    "faqcategory": ("add", "change", "view"),
    "faqentry": ("add", "change", "view"),
}


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations have run; make sure
    # they exist now so a fresh database gets a complete group.
    app_config = apps.get_app_config("education")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    codenames = [
        f"{action}_{model}"
        for model, actions in PERMISSIONS.items()
        for action in actions
    ]
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="education", codename__in=codenames
        )
    )


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("education", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
