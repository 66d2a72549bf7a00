"""One rule for text, whatever the door (screen, API, import, admin, Open311, command), and
one way to write stored text out (spreadsheets, CSV, XML, JSON, PDF).

In: Unicode NFC, trimmed, no C0/C1 control character (tab and line breaks only in multi-line
fields, i.e. model TextFields), at most the field's length on every database (SQLite ignores
`max_length`). `install()` puts the rule on every project model: a validator on each text field
(so `full_clean`, ModelForms and DRF ModelSerializers refuse with a field error) and a
`pre_save` guard (so service functions that call `create()` are held to it too).

Out: `sanitize` drops control characters from a stored value (legacy rows, values written
around the rules); `cell` also neutralizes spreadsheet formulas (OWASP: a leading quote).

Phone numbers, names and HTML refusal have their one rule here too.
"""

import html
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import migrations, models
from django.db.models.signals import pre_save
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from gongzhi.core import crypto
from gongzhi.core.fields import BlindIndexField, EncryptedTextField

# C0 and C1 controls and DEL, without tab, line feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Also refused in a single-line field.
_BREAKS = re.compile(r"[\t\n\r\u2028\u2029]")
# A spreadsheet reads a cell starting with one of these as a formula (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")


# --- in ------------------------------------------------------------------------------------


def normalize(value: str, *, multiline: bool = False) -> str:
    """NFC, Windows line breaks as "\\n", trimmed. Control characters are left for `check`
    to refuse: silently dropping them would store something nobody typed."""
    value = unicodedata.normalize("NFC", value)
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.strip()


def check(value: str, *, multiline: bool = False) -> None:
    """Refuse control characters (and, in a single-line field, tabs and line breaks)."""
    found = _CONTROL.search(value) or (None if multiline else _BREAKS.search(value))
    if found:
        raise ValidationError(
            _("Remove the invisible control character %(char)s from this text."),
            code="control_character",
            params={"char": f"U+{ord(found.group()):04X}"},
        )


def check_length(value: str, max_length: int | None) -> None:
    if max_length is not None and len(value) > max_length:
        raise ValidationError(
            _("At most %(max)d characters (this has %(n)d)."),
            code="max_length",
            params={"max": max_length, "n": len(value)},
        )


def clean(value, *, multiline: bool = False, max_length: int | None = None) -> str:
    """The whole rule: normalized text, or ValidationError."""
    text = normalize("" if value is None else str(value), multiline=multiline)
    check(text, multiline=multiline)
    check_length(text, max_length)
    return text


@deconstructible
class TextValidator:
    """The rule as a field validator (lengths are left to the field's own validator)."""

    def __init__(self, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value) -> None:
        if isinstance(value, str):
            check(value, multiline=self.multiline)

    def __eq__(self, other) -> bool:
        return isinstance(other, TextValidator) and other.multiline == self.multiline


def contains_html(value: str) -> bool:
    """A tag, written plainly or entity-encoded (`&lt;script&gt;`)."""
    return bool(_TAG.search(value) or _TAG.search(html.unescape(value)))


def refuse_html(value: str, field: str | None = None) -> None:
    if value and contains_html(value):
        message = _("HTML is not allowed; send plain text.")
        error = ValidationError(message, code="html")
        # Keyed by field, the code must sit on the inner error (a dict's own code is lost).
        raise ValidationError({field: error}) if field else error


def validate_name(value: str) -> None:
    """A person's name: the text rule, and no leading formula character (a name is what
    every export carries first)."""
    check(value)
    if value[:1] in FORMULA_START:
        raise ValidationError(
            _("A name cannot start with %(char)s."), code="formula", params={"char": value[:1]}
        )


# --- phone numbers -------------------------------------------------------------------------

_PHONE_SEPARATORS = re.compile(r"[\s\-().（）]")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def normalize_phone(value) -> str:
    """The canonical form, without judging it: digits only, full-width digits folded, the
    country code (+86, 0086, 86 before a mobile number) dropped. The blind index and the
    search use this, so every door finds the same number."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _PHONE_SEPARATORS.sub("", unicodedata.normalize("NFKC", str(value)))
    for prefix in ("+86", "0086"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) == 13 and digits.startswith("861"):
        digits = digits[2:]
    return digits


def clean_phone(value) -> str:
    """A mainland mobile number (11 digits, 13x–19x) or a landline with area code (7 to 12
    digits), in canonical form; "" for none; ValidationError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    raw = str(value)
    digits = normalize_phone(raw)
    stripped = _PHONE_SEPARATORS.sub("", unicodedata.normalize("NFKC", raw)).lstrip("+")
    if not stripped.isdigit() or not 7 <= len(digits) <= 12:
        raise ValidationError(
            _("Enter a mobile number (11 digits) or a landline with area code."),
            code="phone",
        )
    if len(digits) == 11 and digits[0] == "1" and not _MOBILE.match(digits):
        raise ValidationError(_("This is not a mobile number."), code="mobile")
    return digits


# --- out -----------------------------------------------------------------------------------


def sanitize(value: str, *, multiline: bool = True) -> str:
    """A stored value made safe to write: control characters dropped (line breaks become
    spaces in a single-line output)."""
    value = _CONTROL.sub("", value)
    return value if multiline else _BREAKS.sub(" ", value)


def cell(value):
    """A value for an .xlsx or .csv cell: text sanitized, a leading formula character
    neutralized with a quote; numbers, dates and None pass unchanged."""
    if not isinstance(value, str):
        return value
    value = sanitize(str(value))
    if value[:1] in FORMULA_START:
        return "'" + value
    return value


def row(values) -> list:
    return [cell(v) for v in values]


class CsvWriter:
    """A `csv.writer` whose every cell goes through `cell`."""

    def __init__(self, writer):
        self.writer = writer

    def writerow(self, values):
        return self.writer.writerow(row(values))

    def writerows(self, rows):
        for values in rows:
            self.writerow(values)


# --- the rule on every model ---------------------------------------------------------------

_RULES: dict[type, list[tuple[str, bool, int | None, str]]] = {}


# Not names someone types: copies of a username, an uploaded file's name.
_NOT_NAMES = {"actor_name", "original_name"}
# A record of what happened is never refused (its readers sanitize on output).
_EXEMPT = {"core.auditentry"}


def is_name(name: str) -> bool:
    """Names (`name`, `*_name`: people, places, items) lead every export: no formulas."""
    return name not in _NOT_NAMES and (name == "name" or name.endswith("_name"))


def _is_name(field) -> bool:
    return not field.choices and is_name(field.name)


def _is_phone(field) -> bool:
    """Phone numbers (`phone`, `*_phone`): one canonical form, whatever the door."""
    return field.name == "phone" or field.name.endswith("_phone")


def _phone_validator(value) -> None:
    if isinstance(value, str):
        clean_phone(value)


def _text_fields(model) -> list[tuple[models.Field, bool]]:
    found: list[tuple[models.Field, bool]] = []
    for f in model._meta.concrete_fields:
        if not isinstance(f, models.CharField | models.TextField) or isinstance(f, BlindIndexField):
            continue
        if isinstance(f, models.EmailField | models.URLField | models.SlugField):
            continue
        multiline = isinstance(f, models.TextField) and not isinstance(f, EncryptedTextField)
        found.append((f, multiline))
    return found


def install(app_configs) -> None:
    """Put the rule on the text fields of the project's models (called once, at start)."""
    for config in app_configs:
        for model in config.get_models():
            if model._meta.label_lower in _EXEMPT:
                continue
            rules = []
            for f, multiline in _text_fields(model):
                # `validators` is a cached property; setting it here keeps the rule out of
                # `deconstruct()` (no migration for every text field) while full_clean,
                # ModelForms and DRF's ModelSerializer all read it.
                kind = "name" if _is_name(f) else "phone" if _is_phone(f) else ""
                extra = {"name": validate_name, "phone": _phone_validator}.get(kind)
                f.__dict__["validators"] = [*f.validators, extra or TextValidator(multiline)]
                rules.append((f.attname, multiline, f.max_length, kind))
            if rules:
                _RULES[model] = rules
    pre_save.connect(_guard, dispatch_uid="gongzhi.core.text.guard")


def install_input_fields() -> None:
    """Every text input of a form or a serializer, model-backed or not (a refusal reason, an
    amount typed as text, a search), refuses control characters with an error on its own
    field: the rule as a default validator of Django's and DRF's CharField. Line breaks and
    tabs stay allowed here (the input may be multi-line); a single-line model field still
    refuses them through its own validator."""
    from django import forms
    from rest_framework import fields

    for cls in (forms.CharField, fields.CharField):
        if not any(isinstance(v, TextValidator) for v in cls.default_validators):
            cls.default_validators = [*cls.default_validators, TextValidator(multiline=True)]


def _guard(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """Normalize and check text on every save (fixtures excepted), for writes that skip
    `full_clean`. Errors name the field, so forms and the API show them there."""
    if not raw:
        enforce(instance, update_fields)


def enforce(instance, update_fields=None) -> None:
    """The rule on one instance about to be written (for inserts that bypass `save()`)."""
    rules = _RULES.get(type(instance))
    if not rules:
        return
    errors = {}
    for attname, multiline, max_length, kind in rules:
        if update_fields is not None and attname not in update_fields:
            continue
        value = getattr(instance, attname)
        if not isinstance(value, str) or not value:
            continue
        try:
            value = clean(value, multiline=multiline, max_length=max_length)
            if kind == "name":
                validate_name(value)
            elif kind == "phone":
                value = clean_phone(value)
            setattr(instance, attname, value)
        except ValidationError as exc:
            errors[attname] = exc.error_list
    if errors:
        raise ValidationError(errors)


# --- stored rows (data migrations) ---------------------------------------------------------


def clean_stored_text(apps, app_label: str) -> int:
    """Clean the rows of one app written before the rule: control characters dropped (line
    breaks become spaces in single-line fields), NFC, trimmed. Rows are found by the database
    (a regular expression, on SQLite and PostgreSQL) and updated without signals. Encrypted
    fields are not searchable: their writers (phone, ID number) keep digits only."""

    controls = "".join(
        chr(c) for c in [*range(1, 0x20), *range(0x7F, 0xA0)] if c not in (9, 10, 13)
    )
    changed = 0
    for model in apps.get_app_config(app_label).get_models():
        for f in model._meta.concrete_fields:
            if not isinstance(f, models.CharField | models.TextField) or isinstance(
                f, BlindIndexField | EncryptedTextField
            ):
                continue
            multiline = isinstance(f, models.TextField)
            pattern = f"[{controls}{'' if multiline else chr(9) + chr(10) + chr(13)}]"
            rows = model._base_manager.filter(**{f"{f.attname}__regex": pattern})
            for pk, value in rows.values_list("pk", f.attname).iterator():
                value = normalize(sanitize(value, multiline=multiline), multiline=multiline)
                model._base_manager.filter(pk=pk).update(**{f.attname: value[: f.max_length]})
                changed += 1
    return changed


def renormalize_phones(apps, app_label: str) -> int:
    """Store every phone of one app in the canonical form (`normalize_phone`) and recompute
    the blind index made from it, so a number written as "+86 138 1234 5678" before the rule
    is found by a search for 13812345678. Encrypted, so read row by row (no SQL regex)."""

    changed = 0
    for model in apps.get_app_config(app_label).get_models():
        fields = model._meta.concrete_fields
        for f in fields:
            if not (isinstance(f, EncryptedTextField) and _is_phone(f)):
                continue
            index = next(
                (i for i in fields if isinstance(i, BlindIndexField) and i.source == f.name), None
            )
            purpose = f"{model._meta.label_lower}.{f.name}"
            names = [f.attname] + ([index.attname] if index else [])
            for row in model._base_manager.exclude(**{f.attname: ""}).only("pk", *names):
                phone = normalize_phone(getattr(row, f.attname))
                update = {f.attname: phone}
                if index:
                    update[index.attname] = crypto.blind_index(phone, purpose) if phone else ""
                if any(getattr(row, k) != v for k, v in update.items()):
                    for k, v in update.items():
                        setattr(row, k, v)
                    row.save(update_fields=list(update))
                    changed += 1
    return changed


def phone_migration(app_label: str):
    """A RunPython operation running `renormalize_phones` for `app_label`."""

    def forward(apps, schema_editor) -> None:
        renormalize_phones(apps, app_label)

    return migrations.RunPython(
        forward,
        migrations.RunPython.noop,
        elidable=True,
    )


def migration(app_label: str):
    """A RunPython operation running `clean_stored_text` for `app_label`."""

    def run(apps, schema_editor) -> None:
        clean_stored_text(apps, app_label)

    return migrations.RunPython(
        run,
        migrations.RunPython.noop,
        elidable=True,
    )
