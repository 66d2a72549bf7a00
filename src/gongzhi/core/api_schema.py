"""OpenAPI schema post-processing: stable enum names without hand-kept lists.

drf-spectacular names an enum after its field ("status" -> StatusEnum) and warns when two
choice sets share a field name, or one choice set appears under several field names. With
many apps each adding models, a hand-kept ENUM_NAME_OVERRIDES lags behind; this hook names
exactly those ambiguous choice sets after their first model and field
(ApplicationStatusEnum, GridProposalStatusEnum, ...). Explicit overrides still win."""

from collections import defaultdict
from unittest import mock

from django.apps import apps
from drf_spectacular import hooks
from drf_spectacular.plumbing import list_hash, load_enum_name_overrides


def _choice_hash(choices) -> str:
    values: list = []
    for value, label in choices:
        if isinstance(label, list | tuple):  # grouped choices
            values.extend((v, l_) for v, l_ in label if v not in ("", None))
        elif value not in ("", None):
            values.append((value, label))
    return list_hash(values)


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def automatic_enum_names() -> dict[str, str]:
    """hash of an ambiguous choice set -> a name made of its first model and field."""
    by_field_name = defaultdict(set)
    by_hash = defaultdict(list)
    for model in apps.get_models():
        if not model.__module__.startswith("gongzhi."):
            continue
        for field in model._meta.get_fields():
            choices = getattr(field, "choices", None)
            if not choices or not getattr(field, "concrete", False):
                continue
            digest = _choice_hash(choices)
            by_field_name[field.name].add(digest)
            by_hash[digest].append((model.__name__, field.name))
    ambiguous = {d for digests in by_field_name.values() if len(digests) > 1 for d in digests}
    ambiguous |= {d for d, uses in by_hash.items() if len({f for _m, f in uses}) > 1}
    names = {}
    for digest in ambiguous:
        model_name, field_name = by_hash[digest][0]
        names[digest] = f"{model_name}{_camel(field_name)}Enum"
    return names


def postprocess_schema_enums(result, generator, **kwargs):
    overrides = {**automatic_enum_names(), **load_enum_name_overrides()}
    with mock.patch.object(hooks, "load_enum_name_overrides", return_value=overrides):
        return hooks.postprocess_schema_enums(result, generator, **kwargs)
