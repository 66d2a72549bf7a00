"""Shared REST API pieces: pagination, field filters, JSON errors, scoped serializers.
Permissions live in core.api_permissions, the token endpoint in core.api_views. DRF loads
this module while `rest_framework.generics` is loading: import nothing that needs it."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, filters, pagination, serializers, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.filters import BaseFilterBackend
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from gongzhi.core import audit
from gongzhi.core.models import AuditEntry

# For `@action(..., **PLAIN_LIST)`: a short derived list answered whole, as a plain JSON
# array — no pagination, no list filters — so the schema drf-spectacular derives says the
# same (tests/test_list_schema.py).
PLAIN_LIST: dict[str, object] = {"pagination_class": None, "filter_backends": []}


class Pagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


class FieldFilterBackend(BaseFilterBackend):
    """`?field=value` for each name in the view's `filterset_fields` (exact match)."""

    TRUE = {"true", "1", "yes", "t"}
    FALSE = {"false", "0", "no", "f"}

    def _field(self, model, name):
        try:
            field = model._meta.get_field(name)
        except Exception:  # a lookup across relations: leave the value as it is
            return None
        return field

    def filter_queryset(self, request, queryset, view):
        for name in getattr(view, "filterset_fields", ()):
            value = request.query_params.get(name)
            if value in (None, ""):
                continue
            field = self._field(queryset.model, name)
            if isinstance(field, models.BooleanField):
                if value.lower() in self.TRUE:
                    value = True
                elif value.lower() in self.FALSE:
                    value = False
                else:
                    raise exceptions.ValidationError({name: [_("Use true or false.")]})
            elif value.lower() == "null" and field is not None and field.null:
                name, value = f"{name}__isnull", True
            try:
                queryset = queryset.filter(**{name: value})
            except (ValueError, TypeError, DjangoValidationError):
                raise exceptions.ValidationError({name: [_("Invalid value.")]}) from None
        return queryset

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": name,
                "required": False,
                "in": "query",
                "schema": {"type": "string"},
                "description": f"Filter by {name} (exact; `null` for none where allowed).",
            }
            for name in getattr(view, "filterset_fields", ())
        ]


class SearchFilter(filters.SearchFilter):
    """DRF's search, with a refused term (a control character: core.text) reported on the
    `search` parameter like every other field error, not as a bare list."""

    def get_search_terms(self, request):
        try:
            return super().get_search_terms(request)
        except exceptions.ValidationError as exc:
            raise exceptions.ValidationError({self.search_param: exc.detail}) from None


def _django_errors(exc: DjangoValidationError) -> dict:
    """A Django ValidationError as DRF field errors, keeping each message's code."""

    def details(errors) -> list:
        return [ErrorDetail(str(next(iter(e))), code=e.code or "invalid") for e in errors]

    if hasattr(exc, "error_dict"):
        errors: dict[str, list] = {}
        for field, field_errors in exc.error_dict.items():
            key = api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field
            errors.setdefault(key, []).extend(details(field_errors))
        return errors
    return {api_settings.NON_FIELD_ERRORS_KEY: details(exc.error_list)}


def error_body(exc: exceptions.ValidationError) -> dict:
    """`{"field": [{"code": ..., "message": ...}]}`: clients match the stable code, people
    read the translated message (docs/architecture.md, "Typed errors")."""
    full = exc.get_full_details()
    if not isinstance(full, dict):
        full = {api_settings.NON_FIELD_ERRORS_KEY: full if isinstance(full, list) else [full]}
    return full


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("This record is still in use.")
    default_code = "conflict"


def exception_handler(exc, context):
    """Django's ValidationError becomes a 400 with field errors, like DRF's own; deleting a
    record still in use is a 409 naming what uses it; refusals are audited."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_errors(exc))
    elif isinstance(exc, ProtectedError | RestrictedError):
        users = sorted({str(o._meta.verbose_name) for o in list(exc.args[1])[:50]})
        exc = Conflict(
            _("This record is still used by: %(what)s. Remove or move those first.")
            % {"what": "、".join(users)}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        response.data = error_body(exc)
    if response is not None and isinstance(exc, exceptions.PermissionDenied):
        request = context["request"]
        audit.record(
            AuditEntry.Action.DENIED, extra={"path": request.path, "method": request.method}
        )
    return response


# --- serializers ---------------------------------------------------------------------------


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A related object is accepted only if the requesting user may see it: an out-of-scope
    id is refused exactly like a missing one."""

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        if queryset is not None and hasattr(queryset, "visible_to"):
            user = getattr(request, "user", None)
            queryset = queryset.visible_to(user)
        return queryset


class ScopedModelSerializer(serializers.ModelSerializer):
    serializer_related_field = ScopedPrimaryKeyRelatedField


class RuleChoiceField(serializers.ChoiceField):
    """A choice narrower than the model field's, the narrowing being an action's rule (a
    review level's role: one held at the street): the schema's enum says it, and a value
    outside it is refused with the rule's own code and message, as the action refuses it."""

    def __init__(self, choices, *, code: str, message, **kwargs):
        self.rule_code, self.rule_message = code, message
        # core.api_schema lists the rule's code in x-error-codes instead of DRF's.
        self.error_code_map = {"invalid_choice": code}
        super().__init__(choices, **kwargs)

    def fail(self, key, **kwargs):
        if key == "invalid_choice":
            raise serializers.ValidationError(str(self.rule_message), code=self.rule_code)
        super().fail(key, **kwargs)


class RecordIdField(serializers.IntegerField):
    """The id of a record the view itself looks up among those the user sees (404
    otherwise): the schema names its model (`x-model`), as for a related field."""

    def __init__(self, model: str, **kwargs):
        self.model_label = model
        super().__init__(**kwargs)


class RecordValueField(serializers.CharField):
    """Another field of a record the view looks up itself (a resident by ID number): the
    schema names the model and the field (`x-model`, `x-model-field`)."""

    def __init__(self, model: str, model_field: str, **kwargs):
        self.model_label = model
        self.model_field = model_field
        super().__init__(**kwargs)
