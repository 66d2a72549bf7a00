"""Model fields for sensitive data: encrypted at rest, found by a blind index."""

from django.db import models

from gongzhi.core import crypto


class EncryptedTextField(models.TextField):
    """Stores AES-GCM ciphertext, gives back plaintext. Not searchable: pair it with a
    BlindIndexField for exact look-up. `masker` says how the value is shown on screen."""

    def __init__(self, *args, masker=None, **kwargs):
        self.masker = masker
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("masker", None)
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return crypto.encrypt(str(value))


class BlindIndexField(models.CharField):
    """HMAC of another field's normalized value, kept up to date on save."""

    def __init__(self, *args, source: str = "", normalizer=None, **kwargs):
        self.source = source
        self.normalizer = normalizer
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs.pop("normalizer", None)
        return name, path, args, kwargs

    def purpose(self) -> str:
        return f"{self.model._meta.label_lower}.{self.source}"

    def index_of(self, value: str | None) -> str:
        if not value:
            return ""
        if self.normalizer:
            value = self.normalizer(value)
        return crypto.blind_index(value, self.purpose())

    def indexer(self, normalized: bool = False):
        """`index_of` for many values (bulk imports): key and purpose bound once. With
        `normalized`, the caller vouches that values are already in normal form (the import
        validators produce exactly that), and the normalizer is skipped."""
        index = crypto.blind_indexer(self.purpose())
        normalizer = None if normalized else self.normalizer

        def index_one(value: str | None) -> str:
            if not value:
                return ""
            return index(normalizer(value) if normalizer else value)

        return index_one

    def pre_save(self, model_instance, add):
        value = self.index_of(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


def index_lookup(model, source: str, value: str) -> dict:
    """Filter kwargs to find rows whose encrypted `source` equals `value`."""
    for f in model._meta.get_fields():
        if isinstance(f, BlindIndexField) and f.source == source:
            return {f.name: f.index_of(value)}
    raise LookupError(f"{model.__name__}.{source} has no blind index")
