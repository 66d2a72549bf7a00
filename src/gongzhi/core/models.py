"""Core models: the user account and the append-only audit log."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class User(AbstractUser):
    """A log-in. What it may see and do comes from its role assignments (org.RoleAssignment)."""

    display_name = models.CharField(_("display name"), max_length=64, blank=True)
    language = models.CharField(
        _("language"), max_length=10, blank=True, choices=settings.LANGUAGES
    )
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [
            ("reveal_sensitive", _("Can reveal masked personal data (with a reason)")),
            ("export_personal", _("Can export personal data")),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    def save(self, *args, **kwargs):
        # UserManager.create_user hashes the password without set_password(): date it here.
        if self._state.adding and self.password_changed_at is None and self.has_usable_password():
            self.password_changed_at = timezone.now()
        super().save(*args, **kwargs)


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditedModel(TimeStampedModel):
    """A governance record: every create, update and delete writes an AuditEntry
    (core.signals), whatever the entry path — view, API, admin, command."""

    # Fields whose values are never copied into the audit log (only "changed").
    audit_exclude: tuple[str, ...] = ("created_at", "updated_at")

    class Meta:
        abstract = True


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("audit entries cannot be changed")

    def delete(self):
        raise PermissionError("audit entries cannot be deleted")


class AuditEntry(models.Model):
    """One append-only line of the audit log (NetBox ObjectChange, pretix LogEntry)."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        TRANSITION = "transition", _("status changed")
        REVEAL = "reveal", _("revealed personal data")
        EXPORT = "export", _("exported")
        IMPORT = "import", _("imported")
        LOGIN = "login", _("logged in")
        LOGOUT = "logout", _("logged out")
        LOGIN_FAILED = "login_failed", _("failed log-in")
        LOCKED_OUT = "locked_out", _("locked out")
        DENIED = "denied", _("permission denied")
        OTHER = "other", _("other")

    id = models.BigAutoField(primary_key=True)
    timestamp = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    # Kept as text so the entry still says who it was after the account is gone.
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=32, blank=True, db_index=True)
    source = models.CharField(_("source"), max_length=16, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices, db_index=True)
    # The use case that wrote the entry (`services.do_transition`…), from core.actions.
    verb = models.CharField(_("use case"), max_length=80, blank=True)
    content_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    extra = models.JSONField(_("details"), default=dict, blank=True)
    entry_uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-timestamp", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-timestamp"])]

    def __str__(self) -> str:
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit entries cannot be deleted")

    @property
    def changed_fields(self) -> list[str]:
        before, after = self.before or {}, self.after or {}
        return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))


class ApiToken(models.Model):
    """An API token for integrations (core.api_tokens). Only its SHA-256 digest is stored: a
    copy of the database does not hand out working tokens. It expires, and it dies with a
    password change."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # None: never expires (GONGZHI_API_TOKEN_DAYS = 0).
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.user} ({self.digest[:8]}…)"


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user, action=None):
        """A user's own notifications, nobody else's (whatever their roles)."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One in-app notification (the bell in the top bar): what was assigned to the user,
    returned, escalated (催办/督办) or is about to be overdue, with a link to it. Written only
    by `core.inbox.do_notify`; read when the user opens it (`do_mark_read`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    text = models.CharField(pgettext_lazy("notification", "text"), max_length=300)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text
