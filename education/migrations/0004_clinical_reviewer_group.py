"""The "Clinical reviewer" group: reads topic pages and FAQ entries and signs
them off, and changes nothing. Content editors may read the sign-offs but not
sign; the permissions of the removed medical-reviewer model go.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REVIEWER_GROUP = "Clinical reviewer"
EDITOR_GROUP = "Content editor"

REVIEWER_PERMISSIONS = [
    "view_topicpage",
    "signoff_topicpage",
    "view_reference",
    "view_faqentry",
    "signoff_faqentry",
    "view_faqcategory",
    "view_topicpagesignoff",
    "view_faqentrysignoff",
]
EDITOR_EXTRA_PERMISSIONS = ["view_topicpagesignoff", "view_faqentrysignoff"]


def _education_permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label="education", codename__in=codenames
    )


def create_groups(apps, schema_editor):
    # As in 0002: permissions of new models exist only after all migrations
    # unless they are created here.
    app_config = apps.get_app_config("education")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    reviewers, _ = Group.objects.get_or_create(name=REVIEWER_GROUP)
    reviewers.permissions.set(_education_permissions(apps, REVIEWER_PERMISSIONS))
    editors, _ = Group.objects.get_or_create(name=EDITOR_GROUP)
    editors.permissions.add(*_education_permissions(apps, EDITOR_EXTRA_PERMISSIONS))

    apps.get_model("contenttypes", "ContentType").objects.filter(
        app_label="education", model="reviewer"
    ).delete()


def delete_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=REVIEWER_GROUP).delete()
    for editors in Group.objects.filter(name=EDITOR_GROUP):
        editors.permissions.remove(
            *_education_permissions(apps, EDITOR_EXTRA_PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("education", "0003_signoffs"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
