"""REST endpoints of the time bank under /api/civil/timebank/…:

- `settings/`: each street's bank (enabled, storage cap); POST `settings/configure/` sets
  them (street staff);
- `accounts/`: accounts in the user's area with their balances; `accounts/{id}/transfer/`
  gives hours to a member of the owner's household; `accounts/{id}/redeem/` asks to spend
  hours on a service;
- `postings/`: every side of every movement, scoped by account; `transfers/`: movements;
- `redemptions/`: requests, `redemptions/{id}/serve/` and `…/cancel/`;
- `record/{id}/` (a street; public): requests made and served, median days to serve, by month.

A transfer or request above the balance is a 400 (`civil_tb_balance`), nothing written."""

from decimal import Decimal

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from gongzhi.civil.actions import timebank
from gongzhi.civil.models import Account, Posting, Redemption, TimeBankSettings, Transfer
from gongzhi.civil.redemption_record import monthly_record
from gongzhi.core import api_schema
from gongzhi.core.api import ScopedPrimaryKeyRelatedField
from gongzhi.core.viewsets import ScopedReadOnlyViewSet
from gongzhi.org.models import Street
from gongzhi.registry.models import Resident

HOURS = {
    "max_digits": 8,
    "decimal_places": 2,
    "min_value": Decimal("0.01"),
    "max_value": Decimal(1500),
}


class TimeBankSettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = TimeBankSettings
        fields = ["id", "street", "enabled", "cap_hours"]
        read_only_fields = fields


class TimeBankSettingsInput(serializers.Serializer):
    street = ScopedPrimaryKeyRelatedField(queryset=Street.objects.all())
    enabled = serializers.BooleanField()
    cap_hours = serializers.DecimalField(
        max_digits=8, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal(15000)
    )


class TimeBankAccountSerializer(serializers.ModelSerializer):
    owner_name = serializers.CharField(source="owner.name", read_only=True, default="")

    class Meta:
        model = Account
        fields = ["id", "street", "kind", "owner", "owner_name", "balance"]
        read_only_fields = fields


class TimeBankPostingSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="transfer.kind", read_only=True)
    at = serializers.DateTimeField(source="transfer.created_at", read_only=True)

    class Meta:
        model = Posting
        fields = ["id", "transfer", "account", "amount", "kind", "at"]
        read_only_fields = fields


class TimeBankTransferSerializer(serializers.ModelSerializer):
    class Meta:
        model = Transfer
        fields = [
            "id",
            "street",
            "kind",
            "hours",
            "memo",
            "hours_entry",
            "redemption",
            "created_at",
        ]
        read_only_fields = fields


class TimeBankRedemptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Redemption
        fields = ["id", "account", "service", "hours", "status", "created_at", "served_at"]
        read_only_fields = fields


class TimeBankTransferInput(serializers.Serializer):
    to = ScopedPrimaryKeyRelatedField(queryset=Resident.objects.all())
    hours = serializers.DecimalField(**HOURS)
    memo = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class TimeBankRedeemInput(serializers.Serializer):
    service = serializers.CharField(min_length=1, max_length=100)
    hours = serializers.DecimalField(**HOURS)


class _Permissions:
    action_permissions: dict = {}

    @property
    def required_permission(self):
        return self.action_permissions.get(getattr(self, "action", None))


class SettingsViewSet(_Permissions, ScopedReadOnlyViewSet):
    queryset = TimeBankSettings.objects.all()
    serializer_class = TimeBankSettingsSerializer
    action_permissions = {"configure": "civil.change_timebanksettings"}
    schema_examples = {"configure": [{"cap_hours": "1500.00"}]}

    @extend_schema(request=TimeBankSettingsInput, responses=TimeBankSettingsSerializer)
    @action(detail=False, methods=["post"])
    def configure(self, request):
        data = TimeBankSettingsInput(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        v = data.validated_data
        bank = timebank.do_configure_time_bank(
            request.user, v["street"], enabled=v["enabled"], cap_hours=v["cap_hours"]
        )
        return Response(TimeBankSettingsSerializer(bank).data)


_OWN_ENABLED = api_schema.state_rule([True], field="street__time_bank__enabled")
_PERSON = api_schema.state_rule([Account.Kind.PERSON], field="kind")


class AccountViewSet(_Permissions, ScopedReadOnlyViewSet):
    queryset = Account.objects.all()
    serializer_class = TimeBankAccountSerializer
    select_related = ("owner",)
    filterset_fields = ["street", "kind", "owner"]
    action_permissions = {"transfer": "civil.add_transfer", "redeem": "civil.change_redemption"}
    schema_states = {
        "transfer": [
            _PERSON,
            _OWN_ENABLED,
            # the owner's household has a member without an account yet
            api_schema.min_count("owner__household__members", 1, where={"tb_accounts": None}),
            # another member of the owner's household, without an account of their own yet
            api_schema.state_rule(
                [api_schema.PATH_RECORD], of="to", field="household__members__tb_accounts"
            ),
            api_schema.state_rule([None], of="to", field="tb_accounts"),
        ],
        "redeem": [_PERSON, _OWN_ENABLED],
    }
    # Small movements: the demo leaves every person account holding hours.
    schema_examples = {
        "transfer": [{"hours": "0.50"}],
        "redeem": [{"hours": "0.50"}],
    }

    @extend_schema(request=TimeBankTransferInput, responses={201: TimeBankTransferSerializer})
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        account = self.get_object()
        data = TimeBankTransferInput(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        v = data.validated_data
        moved = timebank.do_transfer_hours(
            request.user, account, to=v["to"], hours=v["hours"], memo=v["memo"]
        )
        return Response(TimeBankTransferSerializer(moved).data, status=201)

    @extend_schema(request=TimeBankRedeemInput, responses={201: TimeBankRedemptionSerializer})
    @action(detail=True, methods=["post"])
    def redeem(self, request, pk=None):
        account = self.get_object()
        data = TimeBankRedeemInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        redemption = timebank.do_request_redemption(
            request.user, account, service=v["service"], hours=v["hours"]
        )
        return Response(TimeBankRedemptionSerializer(redemption).data, status=201)


class PostingViewSet(ScopedReadOnlyViewSet):
    queryset = Posting.objects.all()
    serializer_class = TimeBankPostingSerializer
    filterset_fields = ["account", "transfer"]

    def get_queryset(self):
        return (
            Posting.objects.visible_to(self.request.user)
            .select_related("transfer")
            .order_by("-transfer_id", "pk")
        )

    @property
    def required_permission(self):
        return "civil.view_transfer"


class TransferViewSet(ScopedReadOnlyViewSet):
    queryset = Transfer.objects.all()
    serializer_class = TimeBankTransferSerializer
    filterset_fields = ["street", "kind"]


class RedemptionViewSet(_Permissions, ScopedReadOnlyViewSet):
    queryset = Redemption.objects.all()
    serializer_class = TimeBankRedemptionSerializer
    filterset_fields = ["account", "status"]
    action_permissions = {"serve": "civil.change_redemption", "cancel": "civil.change_redemption"}
    schema_states = {
        "serve": [api_schema.states(timebank.REDEMPTION, "serve")],
        "cancel": [api_schema.states(timebank.REDEMPTION, "cancel")],
    }

    @extend_schema(request=None, responses=TimeBankRedemptionSerializer)
    @action(detail=True, methods=["post"])
    def serve(self, request, pk=None):
        redemption = timebank.do_serve_redemption(request.user, self.get_object())
        return Response(TimeBankRedemptionSerializer(redemption).data)

    @extend_schema(request=None, responses=TimeBankRedemptionSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        redemption = timebank.do_cancel_redemption(request.user, self.get_object())
        return Response(TimeBankRedemptionSerializer(redemption).data)


class RedemptionMonthSerializer(serializers.Serializer):
    month = serializers.CharField()
    requested = serializers.IntegerField(min_value=0)
    served = serializers.IntegerField(min_value=0)
    waiting = serializers.IntegerField(min_value=0)
    median_days = serializers.FloatField(allow_null=True)


class RedemptionRecordSerializer(serializers.Serializer):
    street = serializers.CharField()
    months = RedemptionMonthSerializer(many=True)


class RedemptionRecordView(APIView):
    """The street's published redemption record (public: figures only)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    queryset = Street.objects.all()  # the record in the path (public: any street)

    @extend_schema(responses=RedemptionRecordSerializer)
    def get(self, request, id: int):
        street_obj = get_object_or_404(Street, pk=id)
        return Response(
            RedemptionRecordSerializer(
                {"street": street_obj.name, "months": monthly_record(street_obj)}
            ).data
        )
