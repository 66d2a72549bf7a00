"""Audit receivers: every AuditedModel change, and every authentication event."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
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
    # Encrypted fields: compare keyed hashes to tell whether the value changed; the log
    # only says that it did ("" when there was, or is, no value).
    old_index = getattr(instance, "_audit_before_index", {})
    for name, new in audit._sensitive_digest(instance).items():
        if before is not None and old_index.get(name) != new:
            before[name] = "[encrypted: old]" if old_index.get(name) else ""
            after[name] = "[encrypted: new]" if new else ""
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


def _account(username: str):
    """The account a failed or locked log-in aimed at, if it exists: the entry then shows
    in that account's history and in its street admin's audit list."""
    if not username:
        return None
    return get_user_model()._default_manager.filter(username=username).first()


@receiver(user_login_failed)
def log_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    extra = {"username": username}
    if credentials.get("stage"):  # "otp": the password was right, the one-time code was not
        extra["stage"] = credentials["stage"]
    audit.record(
        AuditEntry.Action.LOGIN_FAILED,
        _account(username),
        extra=extra,
        object_repr=username,
    )


@receiver(user_locked_out)
def log_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    # django-axes sends this when the limit is reached and on every try while locked.
    username = str(username or "")[:150]
    audit.record(
        AuditEntry.Action.LOCKED_OUT,
        _account(username),
        extra={"username": username, "ip": ip_address},
        object_repr=username,
    )


# --- user accounts: who changed a password, a privilege or an account ---------------------
# User is not an AuditedModel (Django owns its fields), so its changes that matter are logged
# here, whatever the door (admin, screens, shell): the password (only that it changed),
# activation, staff and superuser flags, groups and direct permissions.
_USER_FIELDS = ("username", "email", "is_active", "is_staff", "is_superuser", "password")


@receiver(pre_save, sender=get_user_model())
def remember_account(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None or (update_fields and set(update_fields) == {"last_login"}):
        return
    old = sender._base_manager.filter(pk=instance.pk).values(*_USER_FIELDS).first()
    instance._account_before = old


@receiver(post_save, sender=get_user_model())
def log_account_change(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    now = {f: getattr(instance, f) for f in _USER_FIELDS}
    if created:
        now["password"] = "[set]"
        audit.record(AuditEntry.Action.CREATE, instance, after=now)
        return
    old = getattr(instance, "_account_before", None)
    if not old:
        return
    changed = [f for f in _USER_FIELDS if old[f] != now[f]]
    if not changed:
        return
    before = {f: ("[old]" if f == "password" else old[f]) for f in changed}
    after = {f: ("[changed]" if f == "password" else now[f]) for f in changed}
    audit.record(AuditEntry.Action.UPDATE, instance, before=before, after=after)
    instance._account_before = {**old, **{f: now[f] for f in changed}}


@receiver(m2m_changed, sender=get_user_model().groups.through)
@receiver(m2m_changed, sender=get_user_model().user_permissions.through)
def log_account_privileges(sender, instance, action, pk_set, model, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear") or not isinstance(
        instance, get_user_model()
    ):
        return
    field = "groups" if sender is get_user_model().groups.through else "user_permissions"
    audit.record(
        AuditEntry.Action.UPDATE,
        instance,
        after={field: {"action": action.removeprefix("post_"), "ids": sorted(pk_set or [])}},
    )
