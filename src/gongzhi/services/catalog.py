"""Rules for editing the service menu (菜单): items, their materials checklist and their extra
form fields. The catalog screens and the REST API write through
services.actions_catalog, whose actions run these functions, so a menu entry is checked the
same way whatever door it comes through.

Each function raises `django.core.exceptions.ValidationError` (a dict keyed by field where it
applies, each error with its stable code from services.errors, so that the API answers
`{"field": [{"code": …}]}`) and writes nothing when a rule is broken. Every change is audited through
`AuditedModel`. Menu texts are shown to residents and sent to Open311 clients: plain text
only (core.text.refuse_html).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core import text as core_text
from gongzhi.core.errors import refuse
from gongzhi.services.errors import Code
from gongzhi.services.models import ItemField, ServiceItem

MAX_MATERIALS = 50
MAX_MATERIAL_LENGTH = 100
MAX_CHOICES = 50
MAX_CHOICE_LENGTH = 100
CHOICE_KINDS = (ItemField.Kind.CHOICE, ItemField.Kind.MULTICHOICE)


# --- the materials checklist ------------------------------------------------------------


def lines(text: str | None) -> list[str]:
    """The non-blank lines of a textarea, stripped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def clean_materials(materials) -> list[str]:
    """The checklist as a list of names: no blanks, no duplicates (a request ticks materials
    by name, so two equal names could not be told apart), no HTML, bounded."""
    if not isinstance(materials, (list, tuple)) or not all(isinstance(m, str) for m in materials):
        refuse(Code.MATERIALS_LIST, _("Give a list of material names."), field="materials")
    names = [m.strip() for m in materials if m.strip()]
    if len(names) > MAX_MATERIALS:
        refuse(
            Code.TOO_MANY_MATERIALS,
            _("At most %(max)d materials.") % {"max": MAX_MATERIALS},
            field="materials",
        )
    too_long = [m for m in names if len(m) > MAX_MATERIAL_LENGTH]
    if too_long:
        refuse(
            Code.MATERIAL_TOO_LONG,
            _("A material name has at most %(max)d characters: %(name)s")
            % {"max": MAX_MATERIAL_LENGTH, "name": too_long[0][:20] + "…"},
            field="materials",
        )
    for m in names:
        core_text.refuse_html(m, "materials")
    seen, twice = set(), []
    for m in names:
        if m in seen and m not in twice:
            twice.append(m)
        seen.add(m)
    if twice:
        refuse(
            Code.MATERIAL_TWICE,
            _("Listed twice: %(names)s.") % {"names": "、".join(twice)},
            field="materials",
        )
    return names


# --- choices of a choice field ----------------------------------------------------------


def parse_choices(text: str | None) -> list[dict]:
    """Choices typed one per line as `key=name` (a line without `=` is its own key)."""
    result = []
    for line in lines(text):
        key, sep, name = line.partition("=")
        key, name = key.strip(), name.strip()
        result.append({"key": key, "name": name if sep else key})
    return result


def choices_text(choices) -> str:
    return "\n".join(
        c["key"] if str(c["name"]) == str(c["key"]) else f"{c['key']}={c['name']}"
        for c in choices or []
    )


def clean_choices(kind: str, choices) -> list[dict]:
    """A choice or multiple-choice field needs at least one choice, each with a key and a
    name, keys unique (the request stores the key); other kinds have no choices."""
    if kind not in CHOICE_KINDS:
        return []
    if not isinstance(choices, (list, tuple)) or not choices:
        refuse(
            Code.CHOICES_REQUIRED,
            _("A choice field needs at least one choice."),
            field="choices",
        )
    shape = _('A choice field needs a list of {"key", "name"}.')
    clean, keys = [], set()
    for c in choices:
        if not isinstance(c, dict):
            refuse(Code.CHOICE_SHAPE, shape, field="choices")
        key, name = str(c.get("key", "")).strip(), str(c.get("name", "")).strip()
        if not key or not name:
            refuse(Code.CHOICE_SHAPE, shape, field="choices")
        if len(key) > MAX_CHOICE_LENGTH or len(name) > MAX_CHOICE_LENGTH:
            refuse(
                Code.CHOICE_TOO_LONG,
                _("A choice has at most %(max)d characters.") % {"max": MAX_CHOICE_LENGTH},
                field="choices",
            )
        if "," in key:
            # Open311 and the API send several keys of a multiple choice comma-separated.
            refuse(Code.CHOICE_COMMA, _("A choice key cannot contain a comma."), field="choices")
        core_text.refuse_html(key, "choices")
        core_text.refuse_html(name, "choices")
        if key in keys:
            refuse(
                Code.CHOICE_KEY_TWICE,
                _("Key used twice: %(key)s.") % {"key": key},
                field="choices",
            )
        keys.add(key)
        clean.append({"key": key, "name": name})
    if len(clean) > MAX_CHOICES:
        refuse(
            Code.TOO_MANY_CHOICES,
            _("At most %(max)d choices.") % {"max": MAX_CHOICES},
            field="choices",
        )
    return clean


# --- items and fields -------------------------------------------------------------------


# The item's own values that validate_item reads.
ITEM_RULE_FIELDS = (
    "name",
    "handled_at",
    "delegated_approval",
    "fee",
    "active_from",
    "active_until",
    "description",
    "keywords",
)


def item_as_saved(values: dict, instance: ServiceItem | None, materials) -> ServiceItem:
    """An unsaved copy of the item as an edit would leave it (a value given, else the
    instance's), for validate_item: the screens, the admin and the API check the same thing."""
    return ServiceItem(
        **{name: values.get(name, getattr(instance, name, None)) for name in ITEM_RULE_FIELDS},
        materials=materials if materials is not None else [],
    )


class _Errors:
    """Field errors gathered before refusing (a form shows them all), each keeping its code."""

    def __init__(self):
        self.by_field: dict[str, list[ValidationError]] = {}

    def add(self, field: str, code: str, message) -> None:
        self.by_field.setdefault(field, []).append(ValidationError(message, code=str(code)))

    def check(self, rule, *args, prefix: str = ""):
        """Run `rule(*args)`; keep its field errors (under `prefix`) instead of raising."""
        try:
            return rule(*args)
        except ValidationError as exc:
            by_field = getattr(exc, "error_dict", None) or {NON_FIELD_ERRORS: exc.error_list}
            for name, errors in by_field.items():
                self.by_field.setdefault(prefix + name, []).extend(errors)
            return None

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def validate_item(item: ServiceItem) -> None:
    """Rules across the item's own values (single values are checked by the model)."""
    errors = _Errors()
    if item.active_from and item.active_until and item.active_until < item.active_from:
        errors.add(
            "active_until",
            Code.ACTIVE_PERIOD,
            _("The end of the active period is before its start."),
        )
    if item.delegated_approval and item.handled_at != ServiceItem.Place.STATION:
        # 下沉审批 means the community station itself approves.
        errors.add(
            "delegated_approval",
            Code.DELEGATION_PLACE,
            _(
                "Only an item handled at the community service station can have its approval "
                "delegated to the community."
            ),
        )
    if item.fee is not None and item.fee < 0:
        errors.add("fee", Code.NEGATIVE_FEE, _("The fee cannot be negative."))
    for name in ("name", "description", "keywords"):
        errors.check(core_text.refuse_html, getattr(item, name) or "", name)
    materials = errors.check(clean_materials, item.materials or [])
    if materials is not None:
        item.materials = materials
    errors.raise_if_any()


def validate_field(field: ItemField) -> None:
    errors = _Errors()
    choices = errors.check(clean_choices, field.kind, field.choices)
    if choices is not None:
        field.choices = choices
    for name in ("label", "help_text"):
        errors.check(core_text.refuse_html, getattr(field, name) or "", name)
    errors.raise_if_any()


def duplicate_codes(codes) -> list[str]:
    seen, twice = set(), []
    for code in codes:
        if code in seen and code not in twice:
            twice.append(code)
        seen.add(code)
    return twice


@transaction.atomic
def save_item(
    item: ServiceItem, fields: list[ItemField] = (), delete: list[ItemField] = ()
) -> ServiceItem:
    """Save an item with its form fields in one go: all are checked first, then written in
    one transaction (nothing partial). `fields` are kept or added, `delete` removed."""
    validate_item(item)
    errors = _Errors()
    for f in fields:
        errors.check(validate_field, f, prefix=f"{f.code}.")
    twice = duplicate_codes(f.code for f in fields)
    if twice:
        errors.add(
            "fields",
            Code.FIELD_CODE_TWICE,
            _("Field code used twice: %(codes)s.") % {"codes": "、".join(twice)},
        )
    errors.raise_if_any()
    item.full_clean()
    item.save()
    for f in delete:
        if f.pk:
            f.delete()
    for f in fields:
        f.item = item
        f.full_clean(exclude=["item"], validate_unique=False)
        f.save()
    return item


def deactivate_item(item: ServiceItem, day: datetime.date | None = None) -> ServiceItem:
    """Take an item off the menu from `day` (default today): its active period ends the day
    before. Nothing is deleted: past requests keep their item, and the item can be offered
    again by editing its active period."""
    day = day or timezone.localdate()
    if not item.is_active(day):
        refuse(Code.NOT_ON_MENU, _("This item is not on the menu at present."))
    item.active_until = day - datetime.timedelta(days=1)
    if item.active_from and item.active_from > item.active_until:
        # It had not started yet: close the period without inventing a start.
        item.active_from = None
    item.save(update_fields=["active_until", "active_from", "updated_at"])
    return item


def reactivate_item(item: ServiceItem, day: datetime.date | None = None) -> ServiceItem:
    """Put an item back on the menu from `day` (its period stays open-ended)."""
    day = day or timezone.localdate()
    if item.is_active(day):
        refuse(Code.ON_MENU, _("This item is already on the menu."))
    item.active_until = None
    if item.active_from and item.active_from > day:
        item.active_from = day
    item.save(update_fields=["active_until", "active_from", "updated_at"])
    return item
