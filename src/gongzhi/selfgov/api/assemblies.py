"""The API of resident assemblies, their agenda items and petitions."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from gongzhi.core import api_schema
from gongzhi.core.api import RecordValueField
from gongzhi.core.viewsets import ScopedReadOnlyViewSet
from gongzhi.org.models import CommitteeMember, Community
from gongzhi.registry.choices import ResidentStatus
from gongzhi.selfgov import actions
from gongzhi.selfgov.api._common import (
    ActionPermissions,
    _created,
    _input,
    _scoped,
)
from gongzhi.selfgov.api.serializers import (
    AssemblySerializer,
    AttendanceSerializer,
    ItemSerializer,
    PetitionSerializer,
)
from gongzhi.selfgov.models import (
    AgendaItem,
    Assembly,
    CharterVersion,
    Petition,
)

# --- assemblies ------------------------------------------------------------------------------


class ConveneSerializer(serializers.Serializer):
    community = _scoped(Community)
    title = serializers.CharField()
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=Assembly.Kind.choices, default=Assembly.Kind.HOUSEHOLDS)
    place = serializers.CharField(required=False, allow_blank=True, default="")
    petition = _scoped(Petition, required=False, allow_null=True, default=None)
    members_total = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class AssemblyAttendSerializer(serializers.Serializer):
    # the person is picked from the registry by ID number; the name comes from there
    id_number = RecordValueField("registry.resident", "id_number")


class AssemblyMinutesSerializer(serializers.Serializer):
    minutes = serializers.CharField(allow_blank=True)


class AssemblyViewSet(ActionPermissions, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Resident assemblies. POST convenes one (by the committee or on an accepted petition);
    `attend` signs a member in; `minutes` records the minutes. Items: agenda-items."""

    queryset = Assembly.objects.all()
    serializer_class = AssemblySerializer
    filterset_fields = ("community", "status")
    # Convened by the committee (on a petition: its id, accepted, of the community), of all
    # adults or household representatives (the registry gives the size; a groups' assembly
    # needs 2–3 members per group, which only the community's groups tell), on a day the
    # registry counts its members (residents alive and of age then).
    schema_examples = {
        "create": [
            {"petition": None, "kind": kind, "members_total": None, "date": "2027-01-15"}
            for kind in (Assembly.Kind.ADULTS, Assembly.Kind.HOUSEHOLDS)
        ]
    }
    # Who signs in: an adult resident of the assembly's community who lives there, at an
    # assembly nobody has signed in to yet (one signs in once; `x-states`).
    schema_states = {
        "attend": [
            api_schema.state_rule([None], field="attendance"),
            api_schema.state_rule(["$id"], of="id_number", field="community__assemblies"),
            api_schema.state_rule([ResidentStatus.ACTIVE], of="id_number"),
            api_schema.before_days("birth_date", api_schema.ADULT_DAYS, of="id_number"),
        ]
    }
    action_permissions = {
        "create": "selfgov.add_assembly",
        "attend": "selfgov.change_assembly",
        "minutes": "selfgov.change_assembly",
    }

    @extend_schema(request=ConveneSerializer, responses={201: AssemblySerializer})
    def create(self, request, *args, **kwargs):
        d = _input(ConveneSerializer, request, self)
        assembly = actions.do_convene(
            request.user,
            d["community"],
            d["title"],
            d["date"],
            kind=d["kind"],
            place=d["place"],
            petition=d["petition"],
            members_total=d.get("members_total"),
        )
        return _created(AssemblySerializer, assembly, self)

    @extend_schema(request=AssemblyAttendSerializer, responses={201: AttendanceSerializer})
    @action(detail=True, methods=["post"])
    def attend(self, request, pk=None):
        assembly = self.get_object()
        d = _input(AssemblyAttendSerializer, request, self)
        attendance = actions.do_sign_in(request.user, assembly, d["id_number"])
        return _created(AttendanceSerializer, attendance, self)

    @extend_schema(request=AssemblyMinutesSerializer, responses=AssemblySerializer)
    @action(detail=True, methods=["post"])
    def minutes(self, request, pk=None):
        assembly = self.get_object()
        d = _input(AssemblyMinutesSerializer, request, self)
        assembly = actions.do_record_minutes(request.user, assembly, d["minutes"])
        return Response(AssemblySerializer(assembly, context=self.get_serializer_context()).data)


class ItemInputSerializer(serializers.Serializer):
    assembly = _scoped(Assembly)
    title = serializers.CharField()
    kind = serializers.ChoiceField(
        choices=AgendaItem.Kind.choices, default=AgendaItem.Kind.ORDINARY
    )
    member = _scoped(CommitteeMember, required=False, allow_null=True, default=None)
    candidate_name = serializers.CharField(required=False, allow_blank=True, default="")
    charter = _scoped(CharterVersion, required=False, allow_null=True, default=None)


class ItemVoteSerializer(serializers.Serializer):
    yes = serializers.IntegerField(min_value=0)
    no = serializers.IntegerField(min_value=0)
    abstain = serializers.IntegerField(min_value=0, default=0)


class AgendaItemViewSet(ActionPermissions, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Agenda items. POST adds one (resolution, recall, by-election, charter adoption);
    `vote` records the vote (refused without a quorum)."""

    queryset = AgendaItem.objects.all()
    serializer_class = ItemSerializer
    filterset_fields = ("assembly",)
    action_permissions = {"create": "selfgov.change_assembly", "vote": "selfgov.change_assembly"}
    # An item not voted on yet; its votes are no more than the members present (the
    # assembly's attendance, which only the record tells: the schema's `x-examples`).
    schema_states = {"vote": [api_schema.state_rule([AgendaItem.Outcome.PENDING], field="outcome")]}
    schema_examples = {"vote": [{"yes": 2, "no": 1, "abstain": 0}, {"yes": 1, "no": 2}]}

    @extend_schema(request=ItemInputSerializer, responses={201: ItemSerializer})
    def create(self, request, *args, **kwargs):
        d = _input(ItemInputSerializer, request, self)
        item = actions.do_add_item(
            request.user,
            d["assembly"],
            d["title"],
            d["kind"],
            member=d["member"],
            candidate_name=d["candidate_name"],
            charter=d["charter"],
        )
        return _created(ItemSerializer, item, self)

    @extend_schema(request=ItemVoteSerializer, responses=ItemSerializer)
    @action(detail=True, methods=["post"])
    def vote(self, request, pk=None):
        item = self.get_object()
        d = _input(ItemVoteSerializer, request, self)
        item = actions.do_vote_item(
            request.user, item, yes=d["yes"], no=d["no"], abstain=d["abstain"]
        )
        return Response(ItemSerializer(item, context=self.get_serializer_context()).data)


class PetitionInputSerializer(serializers.Serializer):
    community = _scoped(Community)
    basis = serializers.ChoiceField(choices=Petition.Basis.choices)
    subject = serializers.CharField()
    signatories = serializers.ListField(
        child=RecordValueField("registry.resident", "id_number"),
        help_text="ID numbers (adults, households) or residents' group numbers (groups).",
    )


class PetitionViewSet(ActionPermissions, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Petitions to convene an assembly, checked against the registry on filing."""

    queryset = Petition.objects.all()
    serializer_class = PetitionSerializer
    filterset_fields = ("community", "accepted")
    action_permissions = {"create": "selfgov.add_petition"}
    # Signed by adult residents of the community, by ID number (the examples' bases; a
    # petition of groups lists the community's group numbers instead).
    schema_examples = {"create": [{"basis": Petition.Basis.ADULTS}]}
    schema_states = {
        "create": [
            api_schema.state_rule(
                [api_schema.body_field("community")], of="signatories", field="community"
            ),
            api_schema.state_rule([ResidentStatus.ACTIVE], of="signatories"),
            api_schema.before_days("birth_date", api_schema.ADULT_DAYS, of="signatories"),
            # signed by ID number: a resident recorded without one cannot sign
            api_schema.not_in([""], of="signatories", field="id_last4"),
            # a community whose registry holds residents to sign
            api_schema.min_count(
                "residents", 10, where={"status": ResidentStatus.ACTIVE}, of="community"
            ),
        ]
    }

    @extend_schema(request=PetitionInputSerializer, responses={201: PetitionSerializer})
    def create(self, request, *args, **kwargs):
        d = _input(PetitionInputSerializer, request, self)
        petition = actions.do_file_petition(
            request.user,
            d["community"],
            d["basis"],
            d["subject"],
            **actions.signatory_lines(d["basis"], d["signatories"]),
        )
        return _created(PetitionSerializer, petition, self)
