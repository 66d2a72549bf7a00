"""OpenAPI schema post-processing: stable enum names without hand-kept lists.

drf-spectacular names an enum after its field ("status" -> StatusEnum) and warns when two
choice sets share a field name, or one choice set appears under several field names. With
many apps each adding models, a hand-kept ENUM_NAME_OVERRIDES lags behind; this hook names
exactly those ambiguous choice sets after their first model and field
(ApplicationStatusEnum, GridProposalStatusEnum, ...). Explicit overrides still win."""

import copy
from collections import defaultdict
from unittest import mock

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import RegexValidator
from django.db import models
from drf_spectacular import hooks, openapi
from drf_spectacular.plumbing import (
    ResolvedComponent,
    force_instance,
    list_hash,
    load_enum_name_overrides,
)
from rest_framework import serializers

from gongzhi.core import text
from gongzhi.core.api_permissions import RolePermission
from gongzhi.core.fields import EncryptedTextField


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


# --- the schema as strict as the validation --------------------------------------------------
#
# drf-spectacular already turns choices into enums, max_length/min_length into
# maxLength/minLength, Min/MaxValueValidator into minimum/maximum and RegexValidator into a
# pattern. What it cannot see is the project's own rules, which are plain callables: the text
# rule of core.text (no control characters; no line breaks in a single-line field; no leading
# formula character in a name), phone numbers and ID numbers. `AutoSchema` reads them from the
# serializer field's validators, from the model field behind it, and from the field naming
# convention core.text uses (`phone`, `*_phone`), so a new field is covered without an
# annotation. Write operations document their 400 body and the codes each field can raise.

# ECMA-262 character classes (JSON Schema `pattern`): core.text's control characters.
_CONTROL_CLASS = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
_BREAK_CLASS = r"\t\n\r\u2028\u2029"


def _number_part(field, whole: int, places: int, fraction: str) -> str:
    """The pattern of a decimal after its sign: its digits and fraction, or — for a symmetric
    integer range such as a latitude's ±90 — exactly the range (a string's minimum and
    maximum cannot be said in JSON Schema, so the pattern says them: 0…89 with any fraction,
    or 90 with a zero one). Ranges over 1,000 keep the plain digits."""
    low, high = field.min_value, field.max_value
    symmetric = low is not None and high is not None and (low == -high or low == 0)
    if not symmetric or high != int(high) or not 0 < high <= 1000 or not places:
        return f"\\d{{1,{whole}}}{fraction}"
    below = "|".join(str(n) for n in range(int(high)))
    return f"(?:(?:{below}){fraction}|{int(high)}(?:\\.0{{1,{places}}})?)"


def text_pattern(*, multiline: bool, name: bool = False) -> str:
    """Text as stored: no control character (nor line break in a single-line field), no
    leading or trailing white space (it is trimmed), for a name no leading formula
    character."""
    bad = _CONTROL_CLASS + ("" if multiline else _BREAK_CLASS)
    inner = f"[^{bad}]"
    edge = f"[^\\s{bad}]"
    first = f"[^\\s{bad}=+\\-@]" if name else edge
    return f"^(?:{first}(?:{inner}*{edge})?)?$"


# A mobile number (11 digits, 13x-19x) or a landline with its area code (7 to 12 digits, an
# 11-digit one not starting with 1), as core.text.clean_phone stores them.
PHONE_PATTERN = r"^(?:1[3-9]\d{9}|[02-9]\d{6,11}|1\d{6,9}|1\d{11})$"
PHONE_FORMAT = "cn-phone"
# GB 11643: 17 digits and a check digit or X; the check digit, the birth date and the area
# code are in the format, which a client validates with any GB 11643 library.
ID_NUMBER_PATTERN = r"^\d{17}[\dX]$"
ID_NUMBER_FORMAT = "prc-id-number"


def _is_id_number(name: str) -> bool:
    return name == "id_number" or name.endswith("_id_number")


def _model_field(field):
    """The model field a serializer field reads and writes, or None."""
    parent = getattr(field, "parent", None)
    model = getattr(getattr(parent, "Meta", None), "model", None)
    source = getattr(field, "source", None) or field.field_name
    if model is None or not source or "." in source or source == "*":
        return None
    try:
        return model._meta.get_field(source)
    except Exception:
        return None


def text_rule(field) -> dict:
    """The schema keywords of the project's rules for one writable serializer CharField."""

    if not isinstance(field, serializers.CharField) or isinstance(
        field,
        serializers.EmailField
        | serializers.URLField
        | serializers.SlugField
        | serializers.RegexField
        | serializers.UUIDField
        | serializers.IPAddressField,
    ):
        return {}
    model_field = _model_field(field)
    name = field.field_name or ""
    validators = [*field.validators, *(getattr(model_field, "validators", None) or [])]
    if _is_id_number(name):
        return {"pattern": ID_NUMBER_PATTERN, "format": ID_NUMBER_FORMAT}
    if text._phone_validator in validators or name == "phone" or name.endswith("_phone"):
        return {"pattern": PHONE_PATTERN, "format": PHONE_FORMAT}
    if model_field is not None and not isinstance(model_field, models.CharField | models.TextField):
        return {}
    multiline = any(isinstance(v, text.TextValidator) and v.multiline for v in validators) or (
        isinstance(model_field, models.TextField)
        and not isinstance(model_field, EncryptedTextField)
    )
    # A plain serializer field named like a name reaches a model's name field through its
    # action (e.g. a request's applicant_name), where the name rule refuses it.
    is_name = text.validate_name in validators or (model_field is None and text.is_name(name))
    return {"pattern": text_pattern(multiline=multiline, name=is_name)}


# In an `x-states` rule's `in`: the id of the signed-in user (a case the user reported), the
# id of the record in the path (a member of the path's household), and — "$.election" — the
# value of another field of the body (a voter of the body's election).
SIGNED_IN_USER = "$user"
PATH_RECORD = "$id"
BODY_FIELD = "$."


def body_field(name: str) -> str:
    """In an `x-states` rule's `in`: the value the body gives its field `name`."""
    return f"{BODY_FIELD}{name}"


def not_in(values, *, of: str, field: str = "pk") -> dict:
    """An `x-states` rule: the record's `field` is none of `values` (a proxy's principal is
    not its holder: `not_in([body_field("holder")], of="principal")`)."""
    return {"of": of, "field": field, "not_in": list(values)}


# In an `x-examples` body: the time of the call (a patrol's route point, recorded now).
NOW = "$now"


def within_days(field: str, days: int, *, of: str = "id") -> dict:
    """An `x-states` rule: the record's `field` (a time) lies within the last `days` days
    (a case closed less than 30 days ago)."""
    return {"of": of, "field": field, "within_days": days}


def before_days(field: str, days: int, *, of: str = "id") -> dict:
    """An `x-states` rule: the record's `field` (a date or time) lies at least `days` days
    ago (a resident of age: born 6,575 days — 18 years — ago or earlier)."""
    return {"of": of, "field": field, "before_days": days}


# 18 years are at most 6,575 days (five leap days): a birth date that many days ago or
# earlier is of an adult today, and on any later day.
ADULT_DAYS = 6575


def min_count(field: str, n: int, *, where: dict | None = None, of: str = "id") -> dict:
    """An `x-states` rule: the record has at least `n` related records `field` (those with
    the values of `where`: a household with two members living in it)."""
    rule = {"of": of, "field": field, "min_count": n}
    if where:
        rule["where"] = where
    return rule


def decider(*, of: str = "id") -> dict:
    """An `x-states` rule: the signed-in user decides at the record's current review level
    (an access application: the user holds the deciding role of the street's level numbered
    by the application's `level`, of the level's department if it names one)."""
    return {"of": of, "decider": SIGNED_IN_USER}


def states(machine, *steps, of: str = "id", when: dict | None = None) -> dict:
    """An `x-states` rule (docs/api.md): the record named by `of` (the path's `id`, or a body
    field) must be in a state the machine's `steps` start from; `when` limits the rule to
    bodies with those values (e.g. {"action": "accept"})."""
    values = {s for step in steps for s in machine[step].sources}
    return state_rule(values, of=of, field=machine.field, when=when)


def state_rule(values, *, of: str = "id", field: str = "status", when: dict | None = None):
    """An `x-states` rule from a set of states (a rule not written as a machine step)."""
    # null: the record has no such related record (e.g. a voter not yet a candidate)
    values = [*sorted(str(v) for v in values if v is not None), *([None] if None in values else [])]
    rule = {"of": of, "field": field, "in": values}
    if when:
        rule["when"] = when
    return rule


def states_by(machine, body_field: str, steps, *, of: str = "id") -> list[dict]:
    """One `x-states` rule per value of `body_field` that names a step (`steps`: value ->
    step name)."""
    return [states(machine, step, of=of, when={body_field: value}) for value, step in steps.items()]


# Codes a serializer field can answer with, by DRF's and the project's validators.
_CODES_BY_VALIDATOR = {
    "TextValidator": ["control_character"],
    "validate_name": ["control_character", "formula"],
    "_phone_validator": ["phone", "mobile"],
    "MaxLengthValidator": ["max_length"],
    "MinLengthValidator": ["min_length"],
    "MaxValueValidator": ["max_value"],
    "MinValueValidator": ["min_value"],
    "RegexValidator": ["invalid"],
    "ProhibitNullCharactersValidator": ["null_characters_not_allowed"],
    "ProhibitSurrogateCharactersValidator": ["surrogate_characters_not_allowed"],
}


def error_codes(field) -> list[str]:
    """The `ValidationError.code` values a writable field can answer with (the body carries
    the messages; the codes are listed so a client can tell what to check)."""

    codes = set()
    if field.required:
        codes.add("required")
    if not getattr(field, "allow_null", False):
        codes.add("null")
    if isinstance(field, serializers.CharField) and not field.allow_blank:
        codes.add("blank")
    skip = {"required", "null", "blank", "max_string_length", "overflow", "does_not_exist"}
    codes |= {c for c in field.error_messages if c not in skip}
    if isinstance(field, serializers.RelatedField | serializers.ManyRelatedField):
        codes.add("does_not_exist")
    for v in field.validators:
        key = getattr(v, "__name__", type(v).__name__)
        codes.update(_CODES_BY_VALIDATOR.get(key, []))
    # A field that answers some of DRF's refusals with a code of the project's own.
    renamed = getattr(field, "error_code_map", {})
    codes = {renamed.get(c, c) for c in codes}
    rule = text_rule(field)
    if rule.get("format") == PHONE_FORMAT:
        codes |= {"phone", "mobile"}
    elif rule.get("format") == ID_NUMBER_FORMAT:
        codes |= {"length", "format", "birth_date", "checksum"}
    elif rule:
        codes.add("control_character")
    return sorted(codes)


FIELD_ERROR = {
    "type": "object",
    "description": "One refusal: a stable code to match, a message in the request's language.",
    "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
    "required": ["code", "message"],
}
_FIELD_ERROR_REF = {"$ref": "#/components/schemas/FieldError"}
VALIDATION_ERROR = {
    "type": "object",
    "description": (
        "Field errors: each refused field (or `non_field_errors`) names a list of "
        "`{code, message}` (docs/errors.md lists the codes); a nested field (a list or an "
        "object) nests the same shape. A body that is not JSON answers `detail`."
    ),
    "properties": {
        "detail": {"type": "string"},
        "non_field_errors": {"type": "array", "items": _FIELD_ERROR_REF},
    },
    "additionalProperties": {
        "anyOf": [
            {"type": "array", "items": {"anyOf": [_FIELD_ERROR_REF, {"type": "object"}]}},
            {"type": "object"},
        ]
    },
}
ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
_WRITE = ("POST", "PUT", "PATCH")


def _is_file(prop: dict) -> bool:
    """Whether a request property is a file (or a list of files)."""
    if prop.get("type") == "array":
        prop = prop.get("items", {})
    return prop.get("type") == "string" and prop.get("format") == "binary"


def _blank(field) -> bool:
    """Whether the model field behind a serializer field allows blank."""
    model = getattr(getattr(getattr(field, "parent", None), "Meta", None), "model", None)
    if model is None or not isinstance(field.source, str) or "." in field.source:
        return False
    try:
        return model._meta.get_field(field.source).blank
    except FieldDoesNotExist:
        return False


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema with the project's rules (see above) and error answers."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        if RolePermission in self.view.permission_classes:
            # The permission RolePermission checks (docs/api.md): a role must grant it in a
            # place holding the record, else 403 or 404.
            permission = RolePermission.required_for(self.view, self.method)
            if permission:
                operation["x-permission"] = permission
        key = getattr(self.view, "action", None) or self.method.lower()
        states = getattr(self.view, "schema_states", {}).get(key)
        if states:
            operation["x-states"] = states
        unchanged = getattr(self.view, "schema_unchanged", ())
        if unchanged and self.method in ("PUT", "PATCH"):
            operation["x-unchanged"] = list(unchanged)
        examples = getattr(self.view, "schema_examples", {}).get(key)
        if examples and self.method in _WRITE:
            operation["x-examples"] = examples
        return operation

    def map_parsers(self):
        """JSON bodies only, unless the operation uploads a file: a form body cannot say
        null, so a nullable field would be documented with a value no form can carry."""
        media_types = super().map_parsers()
        if "application/json" not in media_types:
            return media_types
        serializer = force_instance(self.get_request_serializer())
        fields = getattr(serializer, "fields", {}) or {}
        if any(isinstance(f, serializers.FileField) for f in fields.values()):
            return media_types
        return ["application/json"]

    def _get_request_body(self, direction="request"):
        """A JSON body carries no file: an operation that also reads multipart documents its
        JSON body without the file fields (a JSON client cannot send a file, and any string
        is refused), and without a JSON body at all when a file is required. A form body
        cannot say null: its nullable fields are documented without null (left out, or
        empty, a nullable field is null)."""
        body = super()._get_request_body(direction)
        content = (body or {}).get("content", {})
        ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
        if len(content) < 2 or not ref:
            return body
        key = (ref.rsplit("/", 1)[1], ResolvedComponent.SCHEMA)
        component = self.registry._components.get(key)
        properties = (component.schema or {}).get("properties", {}) if component else {}
        self._form_bodies(content, key[0], component)
        files = {name for name, prop in properties.items() if _is_file(prop)}
        if not files:
            return body
        required = component.schema.get("required", [])
        if files & set(required):
            del content["application/json"]
            return body
        schema = copy.deepcopy(component.schema)
        schema["properties"] = {k: v for k, v in properties.items() if k not in files}
        name = key[0].removesuffix("Request") + "JsonRequest"
        json_component = ResolvedComponent(
            name, ResolvedComponent.SCHEMA, schema=schema, object=f"{key[0]}-json"
        )
        self.registry.register_on_missing(json_component)
        content["application/json"]["schema"] = json_component.ref
        return body

    def _form_bodies(self, content, name, component):
        """The form media types' body: the component without null (`…FormRequest`)."""
        if component is None or not component.schema:
            return
        schema = copy.deepcopy(component.schema)
        changed = False
        for prop in schema.get("properties", {}).values():
            if prop.pop("nullable", None):
                changed = True
            one_of = prop.get("oneOf")
            if one_of:
                kept = [s for s in one_of if s.get("$ref") != "#/components/schemas/NullEnum"]
                if len(kept) != len(one_of):
                    changed = True
                    prop.pop("oneOf")
                    prop.update(kept[0] if len(kept) == 1 else {"oneOf": kept})
        if not changed:
            return
        form_component = ResolvedComponent(
            name.removesuffix("Request") + "FormRequest",
            ResolvedComponent.SCHEMA,
            schema=schema,
            object=f"{name}-form",
        )
        self.registry.register_on_missing(form_component)
        for media, item in content.items():
            if media != "application/json" and item.get("schema", {}).get("$ref") == (
                f"#/components/schemas/{name}"
            ):
                item["schema"] = form_component.ref

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if (
            direction == "request"
            and not field.read_only
            and schema.get("type") == "string"
            and "enum" not in schema
            and "format" not in schema
        ):
            rule = text_rule(field)
            if any(isinstance(v, RegexValidator) for v in field.validators):
                # The field's own pattern (codes: digits only) is stricter; drf-spectacular
                # adds it after this method, where no pattern is set yet.
                rule.pop("pattern", None)
            schema.update(rule)
        if (
            direction == "request"
            and isinstance(field, serializers.DecimalField)
            and schema.get("format") == "decimal"
            and field.max_whole_digits
        ):
            # drf-spectacular's pattern also matches "", "." and "-", which DRF refuses; and a
            # minimum of 0 or more rules out the sign.
            sign = "" if field.min_value is not None and field.min_value >= 0 else "-?"
            whole, places = field.max_whole_digits, field.decimal_places
            fraction = f"(?:\\.\\d{{1,{places}}})?" if places else ""
            schema["pattern"] = f"^{sign}{_number_part(field, whole, places, fraction)}$"
        if direction == "response" and "" not in schema.get("enum", [""]) and _blank(field):
            # A read-only choice of a model field with blank=True (a decision not yet taken)
            # answers "": drf-spectacular only adds it for writable fields.
            schema["enum"] = [*schema["enum"], ""]
        related = getattr(field, "child_relation", getattr(field, "child", field))
        queryset = getattr(related, "queryset", None)
        label = getattr(related, "model_label", None)  # core.api.RecordIdField
        if queryset is not None:
            label = queryset.model._meta.label_lower
        if direction == "request" and label and not field.read_only:
            # Which records an id refers to (the API's own list of them is scoped the same).
            schema.setdefault("x-model", label)
            # A record named by another of its fields (a tag by its code).
            by = getattr(related, "slug_field", None) or getattr(related, "model_field", None)
            if by:
                schema.setdefault("x-model-field", by)
        return schema

    def _request_fields(self):
        serializer = force_instance(self.get_request_serializer())
        fields = getattr(serializer, "fields", None)
        if fields is None:
            return {}
        return {name: f for name, f in fields.items() if not f.read_only}

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}

        def add(code, description, content=error, **extra):
            responses.setdefault(code, {"description": description, "content": content, **extra})

        # Every operation: the input layer (core.hostile_input) refuses a NUL or an over-long
        # number in any query parameter before the view runs.
        codes = {}
        if self.method in _WRITE:
            codes = {name: error_codes(f) for name, f in self._request_fields().items()}
        add(
            "400",
            "Refused: the fields' messages (see ValidationError); `x-error-codes` lists the "
            "codes each field can be refused with.",
            {"application/json": {"schema": {"$ref": "#/components/schemas/ValidationError"}}},
            **({"x-error-codes": codes} if codes else {}),
        )
        add("401", "Not signed in, or the token has expired.")
        add("403", "Not allowed for the signed-in user in this place.")
        # A record named in the path, the body or a parameter (`?community=`) that does not
        # exist or is not visible, and a page past the last one.
        add("404", "No such record, or not visible to the signed-in user.")
        if self.method in _WRITE:
            add("415", "The body's media type is not one the operation reads.")
        if self.method == "DELETE":
            add("409", "Still in use by other records.")
        return responses


def postprocess_error_components(result, generator, **kwargs):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("FieldError", FIELD_ERROR)
    schemas.setdefault("ValidationError", VALIDATION_ERROR)
    schemas.setdefault("Error", ERROR)
    return result
