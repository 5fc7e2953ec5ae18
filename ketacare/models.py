import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.functions import TransactionNow
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet):
    def for_object(self, model_label: str, object_id: object) -> "AuditEventQuerySet":
        return self.filter(model=model_label, object_ids__contains=[str(object_id)])


class AuditEvent(models.Model):
    """Who looked at or changed protected data, what, when and from where.

    Rows are append-only: a database trigger refuses UPDATE and DELETE from any
    path (the app, the shell, raw SQL), and the site's own database role may
    only SELECT and INSERT them (ketacare/db_roles.py), so it can neither
    TRUNCATE nor lift or drop the trigger.

    Never store clinical or identifying values here: store what was touched,
    not what it said.

    Each row is sealed into a hash chain (ketacare/audit_chain.py): `chain_hash`
    is a keyed hash of the row and of the previous row's hash, so a changed,
    deleted or slipped-in row shows up in `manage.py audit_verify`. The time
    comes from the database clock: a trigger sets it on insert, whatever the
    INSERT says.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed a record")
        LIST = "list", _("Listed records")
        EXPORT = "export", _("Exported records")
        CHANGE = "change", _("Changed a record")
        ERASE = "erase", _("Erased records")
        LOGIN = "login", _("Signed in")
        LOGOUT = "logout", _("Signed out")
        LOGIN_FAILED = "login_failed", _("Failed sign-in")

    # The start of the writing transaction, by the database's clock. The
    # trigger in migration 0003 overrides any value an INSERT supplies.
    at = models.DateTimeField(db_default=TransactionNow(), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    # Kept as written at the time: the account may be renamed later.
    actor_username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    model = models.CharField(max_length=100, blank=True)
    object_ids = ArrayField(models.CharField(max_length=64), default=list, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    # Hex HMAC-SHA256 digests: the previous row's chain_hash ("" for the first
    # row), and this row's seal over its content and prev_hash.
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    chain_hash = models.CharField(max_length=64, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["model", "at"], name="audit_model_at"),
            models.Index(fields=["actor", "at"], name="audit_actor_at"),
        ]
        triggers = [
            pgtrigger.Protect(
                name="audit_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            ),
        ]

    def __str__(self) -> str:
        who = self.actor_username or "anonymous"
        return f"{self.at:%Y-%m-%d %H:%M:%S} {who} {self.action} {self.model}"
