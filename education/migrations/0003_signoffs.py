"""Clinical sign-offs replace the "medical reviewer" named on a topic page.

A reviewer chosen from a list was never tied to an account or to a version of
the text, so it is not carried over as a sign-off: every page starts as "not yet
reviewed by this clinic" until a clinician signs it off in the admin. Each name
and credentials that stood on a page are kept in the audit trail first.
"""

import django.db.models.deletion
import django.utils.timezone
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


def keep_reviewers_in_the_audit_trail(apps, schema_editor):
    AuditEvent = apps.get_model("ketacare", "AuditEvent")
    TopicPage = apps.get_model("education", "TopicPage")
    pages = TopicPage.objects.filter(medical_reviewer__isnull=False)
    for page in pages.select_related("medical_reviewer").order_by("pk"):
        AuditEvent.objects.create(
            action="change",
            model="education.topicpage",
            object_ids=[str(page.pk)],
            detail={
                "event": "medical reviewer removed by migration 0003_signoffs",
                "reviewer_name": page.medical_reviewer.name,
                "reviewer_credentials": page.medical_reviewer.credentials,
                "last_reviewed": (
                    page.last_reviewed.isoformat() if page.last_reviewed else None
                ),
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("education", "0002_content_editor_group"),
        ("ketacare", "0002_audit_event"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(
            keep_reviewers_in_the_audit_trail, migrations.RunPython.noop
        ),
        migrations.CreateModel(
            name="FaqEntrySignoff",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "reviewer_name",
                    models.CharField(max_length=120, verbose_name="reviewer's name"),
                ),
                (
                    "reviewer_credentials",
                    models.CharField(max_length=160, verbose_name="credentials"),
                ),
                (
                    "signed_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="signed"
                    ),
                ),
                ("review_due", models.DateField(verbose_name="next review due")),
                (
                    "fingerprint",
                    models.CharField(max_length=64, verbose_name="version signed"),
                ),
            ],
            options={
                "verbose_name": "clinical sign-off",
                "verbose_name_plural": "clinical sign-offs",
                "ordering": ["-signed_at", "-pk"],
                "get_latest_by": ["signed_at", "pk"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="TopicPageSignoff",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "reviewer_name",
                    models.CharField(max_length=120, verbose_name="reviewer's name"),
                ),
                (
                    "reviewer_credentials",
                    models.CharField(max_length=160, verbose_name="credentials"),
                ),
                (
                    "signed_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="signed"
                    ),
                ),
                ("review_due", models.DateField(verbose_name="next review due")),
                (
                    "fingerprint",
                    models.CharField(max_length=64, verbose_name="version signed"),
                ),
            ],
            options={
                "verbose_name": "clinical sign-off",
                "verbose_name_plural": "clinical sign-offs",
                "ordering": ["-signed_at", "-pk"],
                "get_latest_by": ["signed_at", "pk"],
                "abstract": False,
            },
        ),
        migrations.RemoveConstraint(
            model_name="reviewer",
            name="education_reviewer_name_and_credentials_set",
        ),
        migrations.RemoveField(
            model_name="topicpage",
            name="medical_reviewer",
        ),
        migrations.AlterModelOptions(
            name="faqentry",
            options={
                "ordering": ["category__order", "order", "question"],
                "permissions": [("signoff_faqentry", "Can sign off FAQ entries")],
                "verbose_name": "FAQ entry",
                "verbose_name_plural": "FAQ entries",
            },
        ),
        migrations.AlterModelOptions(
            name="topicpage",
            options={
                "ordering": ["order", "title"],
                "permissions": [("signoff_topicpage", "Can sign off topic pages")],
                "verbose_name": "topic page",
                "verbose_name_plural": "topic pages",
            },
        ),
        migrations.AddField(
            model_name="faqentrysignoff",
            name="entry",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="signoffs",
                to="education.faqentry",
                verbose_name="FAQ entry",
            ),
        ),
        migrations.AddField(
            model_name="faqentrysignoff",
            name="signed_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="signed by (account)",
            ),
        ),
        migrations.AddField(
            model_name="topicpagesignoff",
            name="page",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="signoffs",
                to="education.topicpage",
                verbose_name="topic page",
            ),
        ),
        migrations.AddField(
            model_name="topicpagesignoff",
            name="signed_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="signed by (account)",
            ),
        ),
        migrations.DeleteModel(
            name="Reviewer",
        ),
        migrations.AddIndex(
            model_name="faqentrysignoff",
            index=models.Index(
                fields=["entry", "signed_at"], name="education_faq_signoff"
            ),
        ),
        migrations.AddConstraint(
            model_name="faqentrysignoff",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("reviewer_name", ""), _negated=True),
                    models.Q(("reviewer_credentials", ""), _negated=True),
                ),
                name="education_faqentrysignoff_name_and_credentials_set",
            ),
        ),
        migrations.AddConstraint(
            model_name="faqentrysignoff",
            constraint=models.CheckConstraint(
                condition=models.Q(("fingerprint__regex", "^[0-9a-f]{64}$")),
                name="education_faqentrysignoff_fingerprint_is_sha256",
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="faqentrysignoff",
            trigger=pgtrigger.compiler.Trigger(
                name="signoff_append_only",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update rows from % table', TG_TABLE_NAME;",
                    hash="5a9861778aaa6b8c49c71c6b2879c776b3a21b92",
                    operation="UPDATE",
                    pgid="pgtrigger_signoff_append_only_5904e",
                    table="education_faqentrysignoff",
                    when="BEFORE",
                ),
            ),
        ),
        migrations.AddIndex(
            model_name="topicpagesignoff",
            index=models.Index(
                fields=["page", "signed_at"], name="education_page_signoff"
            ),
        ),
        migrations.AddConstraint(
            model_name="topicpagesignoff",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("reviewer_name", ""), _negated=True),
                    models.Q(("reviewer_credentials", ""), _negated=True),
                ),
                name="education_topicpagesignoff_name_and_credentials_set",
            ),
        ),
        migrations.AddConstraint(
            model_name="topicpagesignoff",
            constraint=models.CheckConstraint(
                condition=models.Q(("fingerprint__regex", "^[0-9a-f]{64}$")),
                name="education_topicpagesignoff_fingerprint_is_sha256",
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="topicpagesignoff",
            trigger=pgtrigger.compiler.Trigger(
                name="signoff_append_only",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update rows from % table', TG_TABLE_NAME;",
                    hash="c6ae49ce1a89e774eeddb4e7214c54cb305b3936",
                    operation="UPDATE",
                    pgid="pgtrigger_signoff_append_only_744bc",
                    table="education_topicpagesignoff",
                    when="BEFORE",
                ),
            ),
        ),
    ]
