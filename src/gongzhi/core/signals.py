"""Audit receivers: every AuditedModel change, and every authentication event."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from gongzhi.core import audit
from gongzhi.core.models import AuditedModel, AuditEntry


def _is_audited(sender) -> bool:
    return isinstance(sender, type) and issubclass(sender, AuditedModel)


@receiver(pre_save)
def remember_previous_state(sender, instance, raw=False, **kwargs):
    if raw or not _is_audited(sender) or instance._state.adding or instance.pk is None:
        return
    try:
        old = sender._base_manager.get(pk=instance.pk)
    except sender.DoesNotExist:
        return
    instance._audit_before = audit.snapshot(old)
    instance._audit_before_index = audit._sensitive_digest(old)


@receiver(post_save)
def log_save(sender, instance, created, raw=False, **kwargs):
    if raw or not _is_audited(sender):
        return
    after = audit.snapshot(instance)
    if created:
        audit.record(AuditEntry.Action.CREATE, instance, after=after)
        return
    before_full = getattr(instance, "_audit_before", None)
    before, after = audit.diff(before_full, after)
    # Encrypted fields: compare blind indexes to tell whether the value changed.
    old_index = getattr(instance, "_audit_before_index", {})
    for source, new in audit._sensitive_digest(instance).items():
        if before is not None and old_index.get(source) != new:
            before[source], after[source] = "[encrypted: old]", "[encrypted: new]"
    if before == {} and after == {}:
        return  # nothing changed: no entry
    audit.record(AuditEntry.Action.UPDATE, instance, before=before, after=after)


@receiver(post_delete)
def log_delete(sender, instance, **kwargs):
    if not _is_audited(sender):
        return
    audit.record(AuditEntry.Action.DELETE, instance, before=audit.snapshot(instance))


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    audit.record(AuditEntry.Action.LOGIN, user, actor=user)


@receiver(user_logged_out)
def log_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record(AuditEntry.Action.LOGOUT, user, actor=user)


@receiver(user_login_failed)
def log_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    audit.record(
        AuditEntry.Action.LOGIN_FAILED,
        extra={"username": username},
        object_repr=username,
    )
