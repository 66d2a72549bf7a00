"""The API of the charter, public notices and estate management."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from gongzhi.core import api_schema
from gongzhi.core.api import RuleChoiceField
from gongzhi.core.viewsets import ScopedReadOnlyViewSet, ScopedViewSet
from gongzhi.org.models import Community
from gongzhi.selfgov import actions
from gongzhi.selfgov.api._common import (
    ActionPermissions,
    _created,
    _input,
    _scoped,
)
from gongzhi.selfgov.api.serializers import (
    CharterSerializer,
    EstateManagementSerializer,
    NoticeSerializer,
)
from gongzhi.selfgov.errors import Code
from gongzhi.selfgov.models import (
    CharterVersion,
    EstateManagement,
    Notice,
)

# --- charter, notices, property -----------------------------------------------------------------


class CharterInputSerializer(serializers.Serializer):
    community = _scoped(Community)
    text = serializers.CharField()


class CharterFilingSerializer(serializers.Serializer):
    # the statuses a step leads to (none leads back to "not filed": refused as the action
    # refuses an unknown step)
    filing = RuleChoiceField(
        [c for c in CharterVersion.Filing.choices if c[0] in actions.FILING_STEP_TO],
        code=Code.FILING_STEP,
        message=gettext_lazy("Unknown filing step."),
        help_text="The filing status to move to.",
    )
    reference = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Required for filed."
    )
    note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Required for returned: why."
    )


class CharterViewSet(ActionPermissions, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Resident charter versions. POST drafts the next version (adopted by an assembly's
    charter item); `filing` moves its 备案 status (submitted, filed with the government's
    reference, returned with the reason)."""

    queryset = CharterVersion.objects.all()
    serializer_class = CharterSerializer
    filterset_fields = ("community", "filing")
    # The filing states each target status is reached from (the schema's `x-states`).
    schema_states = {
        "filing": api_schema.states_by(
            actions.FILING, "filing", {str(to): step for to, step in actions.FILING_STEP_TO.items()}
        )
    }
    # Filed with the government's reference, returned with the reason (one field depending
    # on another: the schema's `x-examples`).
    schema_examples = {
        "filing": [
            {"filing": CharterVersion.Filing.SUBMITTED},
            {"filing": CharterVersion.Filing.FILED, "reference": "民备〔2026〕12号"},
            {"filing": CharterVersion.Filing.RETURNED, "note": "材料不全，请补充会议记录"},
        ]
    }
    action_permissions = {
        "create": "selfgov.add_charterversion",
        "filing": "selfgov.change_charterversion",
    }

    @extend_schema(request=CharterInputSerializer, responses={201: CharterSerializer})
    def create(self, request, *args, **kwargs):
        d = _input(CharterInputSerializer, request, self)
        return _created(
            CharterSerializer,
            actions.do_draft_charter(request.user, d["community"], d["text"]),
            self,
        )

    @extend_schema(request=CharterFilingSerializer, responses=CharterSerializer)
    @action(detail=True, methods=["post"])
    def filing(self, request, pk=None):
        charter = self.get_object()
        d = _input(CharterFilingSerializer, request, self)
        charter = actions.do_filing_step(
            request.user,
            charter,
            actions.FILING_STEP_TO.get(d["filing"], ""),  # not filed: no step leads back there
            d["note"],
            reference=d["reference"],
        )
        return Response(CharterSerializer(charter, context=self.get_serializer_context()).data)


class NoticeViewSet(ScopedViewSet):
    queryset = Notice.objects.all()
    serializer_class = NoticeSerializer
    filterset_fields = ("community", "category")

    def save_object(self, instance, related):
        if instance.pk:
            return actions.do_update_notice(self.request.user, instance)
        return actions.do_create_notice(self.request.user, instance)

    def perform_destroy(self, instance):
        actions.do_delete_notice(self.request.user, instance)


class EstateManagementViewSet(ScopedViewSet):
    """Property management of an estate (mode, company, owners' committee, contract)."""

    queryset = EstateManagement.objects.all()
    serializer_class = EstateManagementSerializer
    # One per estate: for an estate that has none yet (the schema's `x-states`).
    schema_states = {"create": [api_schema.state_rule([None], of="estate", field="management")]}
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def save_object(self, instance, related):
        return actions.do_save_management(self.request.user, instance)
