"""What the selfgov API views share: the permission of each action, input and
created answers, scoped fields, a resident by ID number."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response

from gongzhi.core.api import ScopedPrimaryKeyRelatedField
from gongzhi.core.fields import index_lookup
from gongzhi.registry.models import Resident


class ActionPermissions:
    """Each write names the permission of the screen that does the same (`action_permissions`
    by viewset action); reads fall back to the model's view permission."""

    action_permissions: dict[str, str] = {}

    @property
    def required_permission(self):
        return self.action_permissions.get(getattr(self, "action", None))


def _created(serializer_class, instance, view):
    return Response(
        serializer_class(instance, context=view.get_serializer_context()).data,
        status=status.HTTP_201_CREATED,
    )


def _input(serializer_class, request, view):
    data = serializer_class(data=request.data, context=view.get_serializer_context())
    data.is_valid(raise_exception=True)
    return data.validated_data


def _scoped(model, **kwargs):
    return ScopedPrimaryKeyRelatedField(queryset=model.objects.all(), **kwargs)


def _resident(community, id_number: str, field: str = "id_number"):
    """The resident of `community` with this ID number (searched by its blind index)."""
    resident = (
        Resident.objects.filter(
            community=community, **index_lookup(Resident, "id_number", id_number.strip())
        ).first()
        if id_number.strip()
        else None
    )
    if resident is None:
        raise ValidationError({field: _("No resident of this community with that ID number.")})
    return resident
