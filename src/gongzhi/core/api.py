"""Shared REST API pieces: role permissions, pagination, field filters, JSON errors."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, pagination
from rest_framework.filters import BaseFilterBackend
from rest_framework.views import exception_handler as drf_exception_handler


class Pagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


class FieldFilterBackend(BaseFilterBackend):
    """`?field=value` for each name in the view's `filterset_fields` (exact match)."""

    def filter_queryset(self, request, queryset, view):
        for name in getattr(view, "filterset_fields", ()):
            value = request.query_params.get(name)
            if value not in (None, ""):
                try:
                    queryset = queryset.filter(**{name: value})
                except (ValueError, DjangoValidationError):
                    raise exceptions.ValidationError({name: ["Invalid value."]}) from None
        return queryset

    def get_schema_operation_parameters(self, view):
        return [
            {"name": name, "required": False, "in": "query", "schema": {"type": "string"},
             "description": f"Filter by {name} (exact)."}
            for name in getattr(view, "filterset_fields", ())
        ]


def exception_handler(exc, context):
    """Django's ValidationError becomes a 400 with field errors, like DRF's own."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.PermissionDenied):
        from gongzhi.core import audit
        from gongzhi.core.models import AuditEntry

        audit.record(AuditEntry.Action.DENIED, extra={"path": context["request"].path,
                                                       "method": context["request"].method})
    return response
