"""The API of terms and elections: the election's steps, the register, candidates,
proxies, stations, results, tally sheets and the voter's own ballot."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.relations import PrimaryKeyRelatedField
from rest_framework.response import Response
from rest_framework.views import APIView

from gongzhi.core import api_schema
from gongzhi.core.api import RecordIdField, RecordValueField
from gongzhi.core.views_base import get_visible_or_404
from gongzhi.core.viewsets import ScopedReadOnlyViewSet, ScopedViewSet
from gongzhi.org.models import CommitteeMember
from gongzhi.registry.choices import ResidenceType, ResidentStatus
from gongzhi.registry.models import Resident
from gongzhi.selfgov import actions, queries
from gongzhi.selfgov.actions import MACHINE
from gongzhi.selfgov.api._common import (
    ActionPermissions,
    _created,
    _input,
    _resident,
    _scoped,
)
from gongzhi.selfgov.api.serializers import (
    CandidateSerializer,
    ElectionSerializer,
    NoticeSerializer,
    ProxySerializer,
    RegisterChangeSerializer,
    ResultSerializer,
    StationSerializer,
    TermSerializer,
    VoterSerializer,
)
from gongzhi.selfgov.models import (
    Candidate,
    Election,
    PollingStation,
    Proxy,
    RegisterChange,
    RoundResult,
    TallySheet,
    Term,
    Voter,
)

MANAGE = "selfgov.manage_election"
# An id in a body: a positive 64-bit integer (a larger one would overflow the database's
# integer, a 500, instead of "no such record"); the schema carries the range.
ID_RANGE = {"min_value": 1, "max_value": 2**63 - 1}
_VOTING = (Election.Status.VOTING, Election.Status.SECOND_ROUND)
_RULES_EXAMPLE = {
    name: Election._meta.get_field(name).default
    for name in (
        "term_years",
        "voting_age",
        "register_days_before",
        "turnout_num",
        "turnout_den",
        "majority_num",
        "majority_den",
        "second_round_num",
        "second_round_den",
        "online_voting",
    )
} | {"voting_opens": None, "voting_closes": None}
_BEFORE_VOTING = (Election.Status.REGISTER_PUBLISHED, Election.Status.CANDIDATES_PUBLISHED)
_OPEN_OBJECTION = {"kind": RegisterChange.Kind.OBJECTION, "resolution": ""}


class TermViewSet(ScopedReadOnlyViewSet):
    queryset = Term.objects.all()
    serializer_class = TermSerializer


# --- elections -------------------------------------------------------------------------------


class BallotSerializer(serializers.Serializer):
    choices = serializers.ListField(
        child=RecordIdField("selfgov.candidate", **ID_RANGE), allow_empty=True
    )


class ReceiptSerializer(serializers.Serializer):
    receipt = serializers.CharField()


class ObjectionSerializer(serializers.Serializer):
    text = serializers.CharField()
    voter = _scoped(Voter, required=False, allow_null=True)


class ObjectionResolutionSerializer(serializers.Serializer):
    objection = RecordIdField(
        "selfgov.registerchange", **ID_RANGE, help_text="Id of the objection (a register change)."
    )
    resolution = serializers.CharField(help_text="The decision on the objection.")


class DiscardSheetsSerializer(serializers.Serializer):
    station = RecordIdField(
        "selfgov.pollingstation", **ID_RANGE, help_text="Id of the polling station."
    )
    reason = serializers.CharField()


class DiscardedSerializer(serializers.Serializer):
    discarded = serializers.IntegerField()


class VotingWindowSerializer(serializers.Serializer):
    voting_opens = serializers.DateTimeField(required=False, allow_null=True)
    voting_closes = serializers.DateTimeField(required=False, allow_null=True)


class MemberPostSerializer(serializers.Serializer):
    candidate = serializers.IntegerField(**ID_RANGE)
    post = serializers.ChoiceField(choices=CommitteeMember.Post.choices)


class HandOverSerializer(serializers.Serializer):
    members = MemberPostSerializer(many=True)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class TermWarningSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class RegisterCountSerializer(serializers.Serializer):
    voters = serializers.IntegerField()


class ElectionViewSet(ActionPermissions, ScopedViewSet):
    """Elections. Create and edit (rules only while a draft); each step of the election is a
    POST action calling the same service function as the election screen."""

    queryset = Election.objects.all()
    serializer_class = ElectionSerializer
    filterset_fields = ("community", "status")
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    # The election's rules as the law and the defaults set them (a ratio is at most one; an
    # online vote has its window): the schema's `x-examples`, the other fields vary.
    schema_examples = {
        name: [_RULES_EXAMPLE] for name in ("create", "update", "partial_update")
    } | {"objection": [{"voter": None}]}
    # The states each step starts from (the schema's `x-states`; docs/api.md).
    schema_states = {
        "hand_over": [api_schema.state_rule([Election.Status.ANNOUNCED])],
        "update": [api_schema.state_rule([Election.Status.DRAFT])],
        "partial_update": [api_schema.state_rule([Election.Status.DRAFT])],
        "generate_register": [api_schema.state_rule([Election.Status.DRAFT])],
        "objection": [api_schema.state_rule(queries.OBJECTION_STATUSES)],
        # an objection of the election's, not decided yet
        "resolve_objection": [
            api_schema.state_rule(queries.OBJECTION_STATUSES),
            api_schema.min_count("register_changes", 1, where=_OPEN_OBJECTION),
            api_schema.state_rule([api_schema.PATH_RECORD], of="objection", field="election"),
            *(
                api_schema.state_rule([value], of="objection", field=name)
                for name, value in _OPEN_OBJECTION.items()
            ),
        ],
        # a station of the election's with both tally entries of the round (which disagree)
        "discard_sheets": [
            api_schema.state_rule(_VOTING),
            api_schema.min_count("stations__sheets", 2),
            api_schema.state_rule([api_schema.PATH_RECORD], of="station", field="election"),
            api_schema.min_count("sheets", 2, of="station"),
        ],
        # a register with voters on it
        "publish_register": [
            api_schema.states(MACHINE, "publish_register"),
            api_schema.min_count("voters", 1, where={"active": True}),
        ],
        **{
            name: [api_schema.states(MACHINE, step)]
            for name, step in (
                ("publish_candidates", "publish_candidates"),
                ("open_voting", "open_voting"),
                ("count", "count"),
                ("second_round", "second_round"),
                ("announce", "announce"),
            )
        },
    }
    action_permissions = {
        "generate_register": MANAGE,
        "publish_register": MANAGE,
        "objection": MANAGE,
        "resolve_objection": MANAGE,
        "discard_sheets": MANAGE,
        "publish_candidates": MANAGE,
        "open_voting": MANAGE,
        "count": MANAGE,
        "second_round": MANAGE,
        "announce": "selfgov.announce_election",
        "hand_over": MANAGE,
    }

    def save_object(self, instance, related):
        if instance.pk:
            return actions.do_update_election(self.request.user, instance)
        return actions.do_create_election(self.request.user, instance)

    def _answer(self, election):
        election.refresh_from_db()
        return Response(ElectionSerializer(election, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses=RegisterCountSerializer)
    @action(detail=True, methods=["post"], url_path="generate-register")
    def generate_register(self, request, pk=None):
        return Response({"voters": actions.do_generate_register(request.user, self.get_object())})

    @extend_schema(request=None, responses=ElectionSerializer)
    @action(detail=True, methods=["post"], url_path="publish-register")
    def publish_register(self, request, pk=None):
        return self._answer(actions.do_publish_register(request.user, self.get_object()))

    @extend_schema(request=ObjectionSerializer, responses={201: RegisterChangeSerializer})
    @action(detail=True, methods=["post"])
    def objection(self, request, pk=None):
        election = self.get_object()
        data = _input(ObjectionSerializer, request, self)
        change = actions.do_log_objection(request.user, election, data["text"], data.get("voter"))
        return _created(RegisterChangeSerializer, change, self)

    @extend_schema(request=ObjectionResolutionSerializer, responses=RegisterChangeSerializer)
    @action(detail=True, methods=["post"], url_path="resolve-objection")
    def resolve_objection(self, request, pk=None):
        """Record the decision on an objection to the register (once, until voting opens)."""
        election = self.get_object()
        data = _input(ObjectionResolutionSerializer, request, self)
        objection = election.register_changes.filter(
            kind=RegisterChange.Kind.OBJECTION, pk=data["objection"]
        ).first()
        if objection is None:
            raise ValidationError({"objection": _("No objection with that id in this election.")})
        change = actions.do_resolve_objection(request.user, objection, data["resolution"])
        return Response(
            RegisterChangeSerializer(change, context=self.get_serializer_context()).data
        )

    @extend_schema(request=DiscardSheetsSerializer, responses=DiscardedSerializer)
    @action(detail=True, methods=["post"], url_path="discard-sheets")
    def discard_sheets(self, request, pk=None):
        """Discard both tally entries of a station that disagree, with the reason (audited),
        so the paper sheet can be entered again."""
        election = self.get_object()
        data = _input(DiscardSheetsSerializer, request, self)
        station = election.stations.filter(pk=data["station"]).first()
        if station is None:
            raise ValidationError(
                {"station": _("No polling station with that id in this election.")}
            )
        n = actions.do_discard_sheets(request.user, station, election.round, reason=data["reason"])
        return Response({"discarded": n})

    @extend_schema(request=None, responses=ElectionSerializer)
    @action(detail=True, methods=["post"], url_path="publish-candidates")
    def publish_candidates(self, request, pk=None):
        return self._answer(actions.do_publish_candidates(request.user, self.get_object()))

    @extend_schema(request=None, responses=ElectionSerializer)
    @action(detail=True, methods=["post"], url_path="open-voting")
    def open_voting(self, request, pk=None):
        return self._answer(actions.do_open_voting(request.user, self.get_object()))

    @extend_schema(request=None, responses={201: ResultSerializer})
    @action(detail=True, methods=["post"])
    def count(self, request, pk=None):
        """Close the round's voting and count it (paper sheets must be reconciled)."""
        counted = actions.do_count_round(request.user, self.get_object())
        return _created(ResultSerializer, counted.result, self)

    @extend_schema(request=VotingWindowSerializer, responses=ElectionSerializer)
    @action(detail=True, methods=["post"], url_path="second-round")
    def second_round(self, request, pk=None):
        election = self.get_object()
        data = _input(VotingWindowSerializer, request, self)
        return self._answer(
            actions.do_start_second_round(
                request.user,
                election,
                opens=data.get("voting_opens"),
                closes=data.get("voting_closes"),
            )
        )

    @extend_schema(request=None, responses={201: NoticeSerializer})
    @action(detail=True, methods=["post"])
    def announce(self, request, pk=None):
        """Announce the result (a notice on the community board; the new term is created)."""
        announced = actions.do_announce(request.user, self.get_object())
        return _created(NoticeSerializer, announced.notice, self)

    @extend_schema(request=HandOverSerializer, responses=TermWarningSerializer(many=True))
    @action(detail=True, methods=["post"], url_path="hand-over")
    def hand_over(self, request, pk=None):
        """Hand over to the elected term: a post for each elected candidate. Answers org's
        warnings about the new term (e.g. no minority member)."""
        election = self.get_object()
        data = _input(HandOverSerializer, request, self)
        if election.term is None:
            raise ValidationError(_("Announce the result first."))
        winners = {c.pk: c for c in queries.elected_candidates(election)}
        posts = {m["candidate"]: m["post"] for m in data["members"]}
        if set(posts) != set(winners):
            raise ValidationError({"members": _("Give a post for each elected candidate, once.")})
        members = [
            {"name": c.voter.name, "post": posts[pk], "votes": c.votes} for pk, c in winners.items()
        ]
        warnings = actions.do_hand_over(request.user, election.term, members, notes=data["notes"])
        return Response([{"code": w.code, "message": str(w.message)} for w in warnings])


class ElectionBallotView(APIView):
    """Cast the signed-in voter's secret ballot; answers the receipt code (shown once)."""

    required_permission = "selfgov.cast_ballot"
    queryset = Election.objects.all()  # names the model (the permission matrix reads it)
    # An election voting online; the candidates marked are the election's (at most as many
    # as there are seats in the round, each once, all standing).
    schema_states = {
        "post": [
            api_schema.state_rule(_VOTING),
            api_schema.state_rule([True], field="online_voting"),
            api_schema.state_rule([api_schema.PATH_RECORD], of="choices", field="election"),
        ]
    }

    @extend_schema(request=BallotSerializer, responses={201: ReceiptSerializer})
    def post(self, request, pk):
        election = get_visible_or_404(Election, request.user, pk=pk)
        data = BallotSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        code = actions.do_cast_ballot(request.user, election, data.validated_data["choices"])
        return Response({"receipt": code}, status=status.HTTP_201_CREATED)


class AddVoterSerializer(serializers.Serializer):
    election = _scoped(Election)
    id_number = RecordValueField("registry.resident", "id_number")
    reason = serializers.CharField()
    residents_group = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="Number of the residents' group represented (elections by group representatives).",
    )


def _registry_resident_field():

    return _scoped(Resident, help_text="The applicant, a resident of the election's community.")


class RegisterApplicationSerializer(serializers.Serializer):
    election = _scoped(Election)
    resident = _registry_resident_field()
    applied_on = serializers.DateField(required=False, allow_null=True)
    home_consent = serializers.BooleanField(
        required=False, default=False, help_text="The home area's consent is recorded."
    )
    home_consent_reference = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=100
    )
    home_consent_date = serializers.DateField(required=False, allow_null=True)
    residents_group = serializers.IntegerField(required=False, allow_null=True)


class SelfgovReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class VoterViewSet(ActionPermissions, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """The voter register. POST adds a voter by hand (with the reason); `remove` takes one off."""

    queryset = Voter.objects.all()
    serializer_class = VoterSerializer
    filterset_fields = ("election", "active")
    action_permissions = {"create": MANAGE, "remove": MANAGE, "apply": MANAGE}
    # By an election of all voters or of households: no residents' group (its number is the
    # community's: no example can know it).
    schema_examples = {"create": [{"residents_group": None}], "apply": [{"residents_group": None}]}
    schema_states = {
        # a resident of the election's community who lives there, with the hukou here (one
        # registered elsewhere applies)
        "create": [
            api_schema.state_rule(queries.ADD_VOTER_STATUSES, of="election"),
            api_schema.state_rule(
                [api_schema.body_field("election")], of="id_number", field="community__elections"
            ),
            api_schema.state_rule([ResidentStatus.ACTIVE], of="id_number"),
            api_schema.state_rule(
                [ResidenceType.REGISTERED], of="id_number", field="residence_type"
            ),
            api_schema.before_days("birth_date", api_schema.ADULT_DAYS, of="id_number"),
        ],
        # a resident of the election's community whose hukou is registered elsewhere
        "apply": [
            api_schema.state_rule(queries.ADD_VOTER_STATUSES, of="election"),
            api_schema.state_rule(
                [api_schema.body_field("election")], of="resident", field="community__elections"
            ),
            api_schema.state_rule([ResidentStatus.ACTIVE], of="resident"),
            api_schema.state_rule([ResidenceType.MIGRANT], of="resident", field="residence_type"),
            api_schema.before_days("birth_date", api_schema.ADULT_DAYS, of="resident"),
        ],
        "remove": [api_schema.state_rule(queries.REMOVE_VOTER_STATUSES, field="election__status")],
    }

    @extend_schema(request=AddVoterSerializer, responses={201: VoterSerializer})
    def create(self, request, *args, **kwargs):
        data = _input(AddVoterSerializer, request, self)
        election = data["election"]
        resident = _resident(election.community, data["id_number"])
        group = None
        if data.get("residents_group") is not None:
            group = queries.group_by_number(election, data["residents_group"])
            if group is None:
                raise ValidationError(
                    {"residents_group": _("No residents' group with that number.")}
                )
        voter = actions.do_add_voter(
            request.user, election, resident, data["reason"], residents_group=group
        )
        return _created(VoterSerializer, voter, self)

    @extend_schema(request=RegisterApplicationSerializer, responses={201: VoterSerializer})
    @action(detail=False, methods=["post"])
    def apply(self, request, *args, **kwargs):
        """A resident whose hukou is registered elsewhere joins the register on their own
        application (residence condition and, where the street requires it, the home
        area's consent: selfgov.actions.do_apply_for_register)."""
        data = _input(RegisterApplicationSerializer, request, self)
        election, resident = data["election"], data["resident"]
        if resident.community_id != election.community_id:
            raise ValidationError(
                {"resident": _("This resident does not live in the election's community.")}
            )
        group = None
        if data.get("residents_group") is not None:
            group = queries.group_by_number(election, data["residents_group"])
            if group is None:
                raise ValidationError(
                    {"residents_group": _("No residents' group with that number.")}
                )
        voter = actions.do_apply_for_register(
            request.user,
            election,
            resident,
            applied_on=data.get("applied_on"),
            home_consent=data["home_consent"],
            home_consent_reference=data["home_consent_reference"],
            home_consent_date=data.get("home_consent_date"),
            residents_group=group,
        )
        return _created(VoterSerializer, voter, self)

    @extend_schema(request=SelfgovReasonSerializer, responses=VoterSerializer)
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        voter = self.get_object()
        data = _input(SelfgovReasonSerializer, request, self)
        voter = actions.do_remove_voter(request.user, voter, data["reason"])
        return Response(VoterSerializer(voter, context=self.get_serializer_context()).data)


class NominationSerializer(serializers.Serializer):
    election = _scoped(Election)
    voter = _scoped(Voter)
    self_nomination = serializers.BooleanField(default=False)
    supporters = serializers.ListField(child=serializers.IntegerField(**ID_RANGE), default=list)
    statement = serializers.CharField(required=False, allow_blank=True, default="")


class CandidateViewSet(ActionPermissions, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Candidates. POST nominates (joint, by voters' ids, or self); `withdraw` withdraws."""

    queryset = Candidate.objects.all()
    serializer_class = CandidateSerializer
    filterset_fields = ("election",)
    action_permissions = {"create": MANAGE, "withdraw": MANAGE}
    # A self-nomination (a joint one names voters' ids: no example can know them).
    schema_examples = {"create": [{"self_nomination": True, "supporters": []}]}
    schema_states = {
        "create": [
            api_schema.state_rule([Election.Status.REGISTER_PUBLISHED], of="election"),
            api_schema.state_rule(
                [Election.Status.REGISTER_PUBLISHED], of="voter", field="election__status"
            ),
            # not a candidate already
            api_schema.state_rule([None], of="voter", field="candidacies"),
        ],
        "withdraw": [api_schema.state_rule(_BEFORE_VOTING, field="election__status")],
    }

    @extend_schema(request=NominationSerializer, responses={201: CandidateSerializer})
    def create(self, request, *args, **kwargs):
        data = _input(NominationSerializer, request, self)
        election = data["election"]
        ids = data["supporters"]
        supporters = list(election.voters.filter(pk__in=ids))
        if len(supporters) != len(set(ids)):
            raise ValidationError(
                {"supporters": _("Every nominator must be on this election's register.")}
            )
        by_id = {s.pk: s for s in supporters}
        candidate = actions.do_nominate(
            request.user,
            election,
            data["voter"],
            supporters=[by_id[i] for i in ids],
            self_nomination=data["self_nomination"],
            statement=data["statement"],
        )
        return _created(CandidateSerializer, candidate, self)

    @extend_schema(request=SelfgovReasonSerializer, responses=CandidateSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        candidate = self.get_object()
        data = _input(SelfgovReasonSerializer, request, self)
        candidate = actions.do_withdraw_candidate(request.user, candidate, data["reason"])
        return Response(CandidateSerializer(candidate, context=self.get_serializer_context()).data)


class ProxyInputSerializer(serializers.Serializer):
    election = _scoped(Election)
    holder = _scoped(Voter)
    principal = _scoped(Voter)
    authorization = serializers.CharField()


class ProxyViewSet(ActionPermissions, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Proxies (委托投票): at most `max_proxies` per holder, with written authorization."""

    queryset = Proxy.objects.all()
    serializer_class = ProxySerializer
    filterset_fields = ("election", "holder")
    action_permissions = {"create": MANAGE}
    # both on the body election's register (and still on it)
    schema_states = {
        "create": [
            api_schema.state_rule((*_BEFORE_VOTING, *_VOTING), of="election"),
            *(
                rule
                for voter in ("holder", "principal")
                for rule in (
                    api_schema.state_rule(
                        [api_schema.body_field("election")], of=voter, field="election"
                    ),
                    api_schema.state_rule([True], of=voter, field="active"),
                    # neither has given their own vote by proxy
                    api_schema.state_rule([None], of=voter, field="proxies_given"),
                )
            ),
            api_schema.not_in([api_schema.body_field("holder")], of="principal"),
        ]
    }

    @extend_schema(request=ProxyInputSerializer, responses={201: ProxySerializer})
    def create(self, request, *args, **kwargs):
        data = _input(ProxyInputSerializer, request, self)
        proxy = actions.do_add_proxy(
            request.user, data["election"], data["holder"], data["principal"], data["authorization"]
        )
        return _created(ProxySerializer, proxy, self)


class StationInputSerializer(serializers.Serializer):
    election = _scoped(Election)
    name = serializers.CharField()
    kind = serializers.ChoiceField(
        choices=PollingStation.Kind.choices, default=PollingStation.Kind.STATION
    )


class StationViewSet(ActionPermissions, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    queryset = PollingStation.objects.all()
    serializer_class = StationSerializer
    filterset_fields = ("election",)
    action_permissions = {"create": MANAGE}
    schema_states = {
        "create": [
            api_schema.state_rule((Election.Status.DRAFT, *_BEFORE_VOTING, *_VOTING), of="election")
        ]
    }

    @extend_schema(request=StationInputSerializer, responses={201: StationSerializer})
    def create(self, request, *args, **kwargs):
        data = _input(StationInputSerializer, request, self)
        station = actions.do_add_station(request.user, data["election"], data["name"], data["kind"])
        return _created(StationSerializer, station, self)


class ResultViewSet(ScopedReadOnlyViewSet):
    queryset = RoundResult.objects.all()
    serializer_class = ResultSerializer
    filterset_fields = ("election",)


class TallySheetSerializer(serializers.ModelSerializer):
    station = serializers.PrimaryKeyRelatedField(queryset=PollingStation.objects.all())

    class Meta:
        model = TallySheet
        fields = ["id", "station", "round", "clerk", "ballots_returned", "invalid_ballots", "votes"]
        read_only_fields = ["round", "clerk"]


class TallySheetViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Paper tally entry: each station's sheet by two different clerks."""

    queryset = TallySheet.objects.all()
    serializer_class = TallySheetSerializer
    required_permission = {
        "GET": "selfgov.view_tallysheet",
        "HEAD": "selfgov.view_tallysheet",
        "OPTIONS": "selfgov.view_tallysheet",
        "POST": "selfgov.enter_tally",
    }
    schema_states = {
        "create": [api_schema.state_rule(_VOTING, of="station", field="election__status")]
    }
    # A station's figures are bounded by the ballots it issued, which only the record tells:
    # a sheet of no ballots returned (a box nobody used) is valid at any station.
    schema_examples = {"create": [{"ballots_returned": 0, "invalid_ballots": 0, "votes": {}}]}

    def perform_create(self, serializer):
        station = serializer.validated_data["station"]
        if not PollingStation.objects.visible_to(self.request.user).filter(pk=station.pk).exists():
            # A station out of the user's area is answered like a missing one (DRF's words).
            missing = PrimaryKeyRelatedField.default_error_messages["does_not_exist"]
            raise ValidationError(
                {"station": ValidationError(missing.format(pk_value=station.pk), "does_not_exist")}
            )
        serializer.instance = actions.do_enter_tally_sheet(
            self.request.user,
            station,
            ballots_returned=serializer.validated_data["ballots_returned"],
            invalid_ballots=serializer.validated_data.get("invalid_ballots", 0),
            votes=serializer.validated_data.get("votes", {}),
        )
