"""API keys of Open311 integrations. Only a SHA-256 hash of the key is stored: the key is
shown once, when it is created (`ApiKey.issue`)."""

import hashlib
import secrets

from django.db import connection, models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongzhi.core.models import AuditedModel
from gongzhi.org.models import Street
from gongzhi.org.scoping import ScopedManager, ScopePaths


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiKey(AuditedModel):
    name = models.CharField(_("integration"), max_length=100)
    street = models.ForeignKey(
        Street, verbose_name=_("jurisdiction (street)"), on_delete=models.CASCADE, related_name="+"
    )
    prefix = models.CharField(_("key prefix"), max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    active = models.BooleanField(pgettext_lazy("open311 service", "active"), default=True)

    audit_exclude = ("created_at", "updated_at", "key_hash")
    scope_paths = ScopePaths(street="street")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    # A service request records the key that submitted it as text (ServiceRequest.client):
    # the services app does not depend on this adapter.
    CLIENT_PREFIX = "open311:"

    @classmethod
    def client_name(cls, pk: int) -> str:
        return f"{cls.CLIENT_PREFIX}{pk}"

    @classmethod
    def of_request(cls, request) -> "ApiKey | None":
        """The key a service request was submitted with, if it still exists."""
        prefix, _sep, pk = request.client.partition(":")
        if f"{prefix}:" != cls.CLIENT_PREFIX or not pk.isdigit():
            return None
        return cls.objects.filter(pk=int(pk)).first()

    @classmethod
    def issue(cls, name: str, street: Street) -> tuple["ApiKey", str]:
        raw = secrets.token_urlsafe(24)
        key = cls.objects.create(name=name, street=street, prefix=raw[:8], key_hash=hash_key(raw))
        return key, raw

    @classmethod
    def lookup(cls, raw: str | None) -> "ApiKey | None":
        if not raw:
            return None
        return (
            cls.objects.select_related("street").filter(key_hash=hash_key(raw), active=True).first()
        )

    @classmethod
    def credentials(cls, raw: str | None) -> tuple[int, int] | None:
        """(key id, street id) of an active key, checked afresh on every call (a revoked
        key is refused at once); one indexed look-up without the ORM's query building,
        as it runs on every Open311 POST."""
        if not raw:
            return None
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {qn('id')}, {qn('street_id')} FROM {qn(cls._meta.db_table)} "
                f"WHERE {qn('key_hash')} = %s AND {qn('active')}",
                [hash_key(raw)],
            )
            row = cursor.fetchone()
        return (row[0], row[1]) if row else None
