"""Key rotation: re-encrypt every stored EncryptedTextField value that is not under the
current key (the first of GONGZHI_FIELD_KEYS). Run after putting a new key first."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction
from django.db.models import ExpressionWrapper, F, TextField

from gongzhi.core import crypto
from gongzhi.core.fields import EncryptedTextField


@dataclass
class RotationReport:
    rewritten: dict[str, int] = field(default_factory=dict)  # "app.Model.field" → rows
    failed: dict[str, list[str]] = field(default_factory=dict)  # "app.Model.field" → pks

    @property
    def total(self) -> int:
        return sum(self.rewritten.values())


def encrypted_fields():
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, EncryptedTextField) and f.model is model:
                yield model, f


def _stale_rows(model, f, kid: str):
    # The stored token as plain text: an expression with a TextField output skips the
    # field's decrypting from_db_value, so we see the key id prefix.
    raw = ExpressionWrapper(F(f.attname), output_field=TextField())
    return (
        model._base_manager.alias(_raw=raw)
        .exclude(_raw__isnull=True)
        .exclude(_raw="")
        .exclude(_raw__startswith=kid + crypto.SEPARATOR)
        .annotate(_token=raw)
    )


def rotate(batch_size: int = 500, progress: Callable[[str, int], None] | None = None):
    kid = crypto.current_key_id()
    report = RotationReport()
    for model, f in encrypted_fields():
        label = f"{model._meta.label}.{f.name}"
        last_pk = None
        while True:
            # One transaction per batch: a crash loses at most one batch of work, and
            # rows are locked (PostgreSQL) between reading and rewriting them.
            with transaction.atomic():
                rows = _stale_rows(model, f, kid).order_by("pk")
                if last_pk is not None:
                    rows = rows.filter(pk__gt=last_pk)
                batch = list(rows.select_for_update().values_list("pk", "_token")[:batch_size])
                for pk, token in batch:
                    try:
                        plain = crypto.decrypt(token)
                    except crypto.DecryptionError:
                        report.failed.setdefault(label, []).append(str(pk))
                        continue
                    # update() encrypts through get_prep_value with the current key and
                    # sends no signals (no per-row audit entry, no updated_at change).
                    model._base_manager.filter(pk=pk).update(**{f.attname: plain})
                    report.rewritten[label] = report.rewritten.get(label, 0) + 1
            if not batch:
                break
            last_pk = batch[-1][0]
            if progress:
                progress(label, report.rewritten.get(label, 0))
    return report
