"""Rules for editing the service menu (菜单): items, their materials checklist and their extra
form fields. The catalog screens and the REST API write through
services.actions_catalog, whose actions run these functions, so a menu entry is checked the
same way whatever door it comes through.

Each function raises `django.core.exceptions.ValidationError` (a dict keyed by field where it
applies) and writes nothing when a rule is broken. Every change is audited through
`AuditedModel`. Menu texts are shown to residents and sent to Open311 clients: plain text
only (core.text.refuse_html).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
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
        raise ValidationError({"materials": _("Give a list of material names.")})
    names = [m.strip() for m in materials if m.strip()]
    if len(names) > MAX_MATERIALS:
        raise ValidationError(
            {"materials": _("At most %(max)d materials.") % {"max": MAX_MATERIALS}}
        )
    too_long = [m for m in names if len(m) > MAX_MATERIAL_LENGTH]
    if too_long:
        raise ValidationError(
            {
                "materials": _("A material name has at most %(max)d characters: %(name)s")
                % {"max": MAX_MATERIAL_LENGTH, "name": too_long[0][:20] + "…"}
            }
        )
    for m in names:
        core_text.refuse_html(m, "materials")
    seen, twice = set(), []
    for m in names:
        if m in seen and m not in twice:
            twice.append(m)
        seen.add(m)
    if twice:
        raise ValidationError(
            {"materials": _("Listed twice: %(names)s.") % {"names": "、".join(twice)}}
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
        raise ValidationError({"choices": _("A choice field needs at least one choice.")})
    clean, keys = [], set()
    for c in choices:
        if not isinstance(c, dict):
            raise ValidationError({"choices": _('A choice field needs a list of {"key", "name"}.')})
        key, name = str(c.get("key", "")).strip(), str(c.get("name", "")).strip()
        if not key or not name:
            raise ValidationError({"choices": _('A choice field needs a list of {"key", "name"}.')})
        if len(key) > MAX_CHOICE_LENGTH or len(name) > MAX_CHOICE_LENGTH:
            raise ValidationError(
                {
                    "choices": _("A choice has at most %(max)d characters.")
                    % {"max": MAX_CHOICE_LENGTH}
                }
            )
        if "," in key:
            # Open311 and the API send several keys of a multiple choice comma-separated.
            raise ValidationError({"choices": _("A choice key cannot contain a comma.")})
        core_text.refuse_html(key, "choices")
        core_text.refuse_html(name, "choices")
        if key in keys:
            raise ValidationError({"choices": _("Key used twice: %(key)s.") % {"key": key}})
        keys.add(key)
        clean.append({"key": key, "name": name})
    if len(clean) > MAX_CHOICES:
        raise ValidationError({"choices": _("At most %(max)d choices.") % {"max": MAX_CHOICES}})
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


def validate_item(item: ServiceItem) -> None:
    """Rules across the item's own values (single values are checked by the model)."""
    errors = {}
    if item.active_from and item.active_until and item.active_until < item.active_from:
        errors["active_until"] = _("The end of the active period is before its start.")
    if item.delegated_approval and item.handled_at != ServiceItem.Place.STATION:
        # 下沉审批 means the community station itself approves.
        errors["delegated_approval"] = _(
            "Only an item handled at the community service station can have its approval "
            "delegated to the community."
        )
    if item.fee is not None and item.fee < 0:
        errors["fee"] = _("The fee cannot be negative.")
    for name in ("name", "description", "keywords"):
        try:
            core_text.refuse_html(getattr(item, name) or "", name)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    try:
        item.materials = clean_materials(item.materials or [])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)


def validate_field(field: ItemField) -> None:
    errors = {}
    try:
        field.choices = clean_choices(field.kind, field.choices)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    for name in ("label", "help_text"):
        try:
            core_text.refuse_html(getattr(field, name) or "", name)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)


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
    errors = {}
    for f in fields:
        try:
            validate_field(f)
        except ValidationError as exc:
            errors.update({f"{f.code}.{k}": v for k, v in exc.message_dict.items()})
    twice = duplicate_codes(f.code for f in fields)
    if twice:
        errors["fields"] = _("Field code used twice: %(codes)s.") % {"codes": "、".join(twice)}
    if errors:
        raise ValidationError(errors)
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
