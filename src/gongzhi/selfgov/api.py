"""REST API of self-government under /api/selfgov/…: terms, elections (with their register,
candidates, stations and results), assemblies, petitions, charters, notices and estate
management — all scoped by `visible_to` (out of scope: 404). Voting by API only for the
paper tally entry (`tally-sheets`, two clerks) and for an authenticated voter's own secret
ballot (`elections/{id}/ballot/`, answering the receipt code)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from gongzhi.core.api import ScopedModelSerializer, ScopedPrimaryKeyRelatedField
from gongzhi.core.fields import index_lookup
from gongzhi.core.views_base import get_visible_or_404
from gongzhi.core.viewsets import ScopedReadOnlyViewSet, ScopedViewSet
from gongzhi.org.models import CommitteeMember, Community
from gongzhi.registry.models import Resident
from gongzhi.selfgov import assemblies, ballots, elections, notices, tally, terms
from gongzhi.selfgov.models import (
    AgendaItem,
    Assembly,
    Attendance,
    Candidate,
    CharterVersion,
    Election,
    EstateManagement,
    Notice,
    Petition,
    PollingStation,
    Proxy,
    RegisterChange,
    RoundResult,
    TallySheet,
    Term,
    Voter,
)


def _serializer(model_, fields_):
    class S(ScopedModelSerializer):
        class Meta:
            model = model_
            fields = fields_

    S.__name__ = f"{model_.__name__}Serializer"
    return S


TermSerializer = _serializer(
    Term, ["id", "committee", "number", "start_date", "end_date", "status", "handed_over_on"]
)
ElectionSerializer = _serializer(
    Election,
    [
        "id",
        "community",
        "title",
        "term_number",
        "term_years",
        "method",
        "election_day",
        "seats",
        "election_committee",
        "status",
        "round",
        "online_voting",
        "voting_opens",
        "voting_closes",
        "register_published_on",
        "voting_age",
        "register_days_before",
        "nomination_supporters",
        "allow_self_nomination",
        "candidate_surplus",
        "turnout_num",
        "turnout_den",
        "majority_num",
        "majority_den",
        "second_round_num",
        "second_round_den",
        "max_proxies",
        "tie_rule",
    ],
)
ElectionSerializer.Meta.read_only_fields = ["status", "round", "register_published_on"]
ProxySerializer = _serializer(Proxy, ["id", "election", "holder", "principal", "authorization"])
VoterSerializer = _serializer(
    Voter,
    [
        "id",
        "election",
        "name",
        "household",
        "residents_group",
        "source",
        "reason",
        "active",
        "applied_on",
        "home_consent",
        "home_consent_reference",
        "home_consent_date",
    ],
)
CandidateSerializer = _serializer(
    Candidate,
    ["id", "election", "voter", "nomination", "withdrawn", "second_round", "elected", "votes"],
)
StationSerializer = _serializer(
    PollingStation, ["id", "election", "name", "kind", "ballots_issued"]
)
ResultSerializer = _serializer(
    RoundResult,
    [
        "id",
        "election",
        "round",
        "registered",
        "voted",
        "votes_cast",
        "invalid",
        "valid",
        "counts",
        "elected",
        "unfilled",
        "notes",
    ],
)
AssemblySerializer = _serializer(
    Assembly,
    [
        "id",
        "community",
        "title",
        "kind",
        "date",
        "place",
        "petition",
        "members_total",
        "status",
        "minutes",
    ],
)
ItemSerializer = _serializer(
    AgendaItem,
    [
        "id",
        "assembly",
        "title",
        "kind",
        "member",
        "candidate_name",
        "charter",
        "yes",
        "no",
        "abstain",
        "outcome",
    ],
)
AttendanceSerializer = _serializer(Attendance, ["id", "assembly", "name", "resident"])
RegisterChangeSerializer = _serializer(
    RegisterChange, ["id", "election", "voter", "kind", "text", "resolution"]
)
PetitionSerializer = _serializer(
    Petition, ["id", "community", "basis", "subject", "signatures", "required", "accepted"]
)
CharterSerializer = _serializer(
    CharterVersion,
    [
        "id",
        "community",
        "version",
        "text",
        "adopted_by",
        "adopted_on",
        "filing",
        "filing_reference",
        "filed_on",
    ],
)
NoticeSerializer = _serializer(
    Notice, ["id", "community", "category", "title", "body", "publish_on", "expire_on"]
)
EstateManagementSerializer = _serializer(
    EstateManagement,
    [
        "id",
        "estate",
        "mode",
        "company_name",
        "owners_committee",
        "owners_committee_elected_on",
        "contract_start",
        "contract_end",
    ],
)


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


MANAGE = "selfgov.manage_election"


class TermViewSet(ScopedReadOnlyViewSet):
    queryset = Term.objects.all()
    serializer_class = TermSerializer


# --- elections -------------------------------------------------------------------------------


class BallotSerializer(serializers.Serializer):
    choices = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)


class ReceiptSerializer(serializers.Serializer):
    receipt = serializers.CharField()


class ObjectionSerializer(serializers.Serializer):
    text = serializers.CharField()
    voter = _scoped(Voter, required=False, allow_null=True)


class ObjectionResolutionSerializer(serializers.Serializer):
    objection = serializers.IntegerField(help_text="Id of the objection (a register change).")
    resolution = serializers.CharField(help_text="The decision on the objection.")


class DiscardSheetsSerializer(serializers.Serializer):
    station = serializers.IntegerField(help_text="Id of the polling station.")
    reason = serializers.CharField()


class DiscardedSerializer(serializers.Serializer):
    discarded = serializers.IntegerField()


class VotingWindowSerializer(serializers.Serializer):
    voting_opens = serializers.DateTimeField(required=False, allow_null=True)
    voting_closes = serializers.DateTimeField(required=False, allow_null=True)


class MemberPostSerializer(serializers.Serializer):
    candidate = serializers.IntegerField()
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
        return elections.save_election(instance)

    def _answer(self, election):
        election.refresh_from_db()
        return Response(ElectionSerializer(election, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses=RegisterCountSerializer)
    @action(detail=True, methods=["post"], url_path="generate-register")
    def generate_register(self, request, pk=None):
        return Response({"voters": elections.generate_register(self.get_object())})

    @extend_schema(request=None, responses=ElectionSerializer)
    @action(detail=True, methods=["post"], url_path="publish-register")
    def publish_register(self, request, pk=None):
        return self._answer(elections.publish_register(self.get_object()))

    @extend_schema(request=ObjectionSerializer, responses={201: RegisterChangeSerializer})
    @action(detail=True, methods=["post"])
    def objection(self, request, pk=None):
        election = self.get_object()
        data = _input(ObjectionSerializer, request, self)
        voter = data.get("voter")
        if voter is not None and voter.election_id != election.pk:
            raise ValidationError({"voter": _("This voter is on another election's register.")})
        change = elections.log_objection(election, data["text"], voter)
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
        change = elections.resolve_objection(objection, data["resolution"])
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
        n = tally.discard_sheets(station, election.round, reason=data["reason"])
        return Response({"discarded": n})

    @extend_schema(request=None, responses=ElectionSerializer)
    @action(detail=True, methods=["post"], url_path="publish-candidates")
    def publish_candidates(self, request, pk=None):
        return self._answer(elections.publish_candidates(self.get_object()))

    @extend_schema(request=None, responses=ElectionSerializer)
    @action(detail=True, methods=["post"], url_path="open-voting")
    def open_voting(self, request, pk=None):
        return self._answer(elections.open_voting(self.get_object()))

    @extend_schema(request=None, responses={201: ResultSerializer})
    @action(detail=True, methods=["post"])
    def count(self, request, pk=None):
        """Close the round's voting and count it (paper sheets must be reconciled)."""
        return _created(ResultSerializer, tally.count_round(self.get_object()), self)

    @extend_schema(request=VotingWindowSerializer, responses=ElectionSerializer)
    @action(detail=True, methods=["post"], url_path="second-round")
    def second_round(self, request, pk=None):
        election = self.get_object()
        data = _input(VotingWindowSerializer, request, self)
        return self._answer(
            tally.start_second_round(
                election, opens=data.get("voting_opens"), closes=data.get("voting_closes")
            )
        )

    @extend_schema(request=None, responses={201: NoticeSerializer})
    @action(detail=True, methods=["post"])
    def announce(self, request, pk=None):
        """Announce the result (a notice on the community board; the new term is created)."""
        return _created(NoticeSerializer, tally.announce(self.get_object()), self)

    @extend_schema(request=HandOverSerializer, responses=TermWarningSerializer(many=True))
    @action(detail=True, methods=["post"], url_path="hand-over")
    def hand_over(self, request, pk=None):
        """Hand over to the elected term: a post for each elected candidate. Answers org's
        warnings about the new term (e.g. no minority member)."""
        election = self.get_object()
        data = _input(HandOverSerializer, request, self)
        if election.status != Election.Status.ANNOUNCED or election.term is None:
            raise ValidationError(_("Announce the result first."))
        winners = {c.pk: c for c in tally.elected_candidates(election)}
        posts = {m["candidate"]: m["post"] for m in data["members"]}
        if set(posts) != set(winners):
            raise ValidationError({"members": _("Give a post for each elected candidate, once.")})
        members = [
            {"name": c.voter.name, "post": posts[pk], "votes": c.votes} for pk, c in winners.items()
        ]
        warnings = terms.hand_over(election.term, members, notes=data["notes"])
        return Response([{"code": w.code, "message": str(w.message)} for w in warnings])


class ElectionBallotView(APIView):
    """Cast the signed-in voter's secret ballot; answers the receipt code (shown once)."""

    required_permission = "selfgov.cast_ballot"
    queryset = Election.objects.all()  # names the model (the permission matrix reads it)

    @extend_schema(request=BallotSerializer, responses={201: ReceiptSerializer})
    def post(self, request, pk):
        election = get_visible_or_404(Election, request.user, pk=pk)
        data = BallotSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        code = ballots.cast_online_ballot(election, request.user, data.validated_data["choices"])
        return Response({"receipt": code}, status=status.HTTP_201_CREATED)


class AddVoterSerializer(serializers.Serializer):
    election = _scoped(Election)
    id_number = serializers.CharField()
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

    @extend_schema(request=AddVoterSerializer, responses={201: VoterSerializer})
    def create(self, request, *args, **kwargs):
        data = _input(AddVoterSerializer, request, self)
        election = data["election"]
        resident = _resident(election.community, data["id_number"])
        group = None
        if data.get("residents_group") is not None:
            group = elections.group_by_number(election, data["residents_group"])
            if group is None:
                raise ValidationError(
                    {"residents_group": _("No residents' group with that number.")}
                )
        voter = elections.add_voter(election, resident, data["reason"], residents_group=group)
        return _created(VoterSerializer, voter, self)

    @extend_schema(request=RegisterApplicationSerializer, responses={201: VoterSerializer})
    @action(detail=False, methods=["post"])
    def apply(self, request, *args, **kwargs):
        """A resident whose hukou is registered elsewhere joins the register on their own
        application (residence condition and, where the street requires it, the home
        area's consent: selfgov.elections.apply_for_register)."""
        data = _input(RegisterApplicationSerializer, request, self)
        election, resident = data["election"], data["resident"]
        if resident.community_id != election.community_id:
            raise ValidationError(
                {"resident": _("This resident does not live in the election's community.")}
            )
        group = None
        if data.get("residents_group") is not None:
            group = elections.group_by_number(election, data["residents_group"])
            if group is None:
                raise ValidationError(
                    {"residents_group": _("No residents' group with that number.")}
                )
        voter = elections.apply_for_register(
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
        voter = elections.remove_voter(voter, data["reason"])
        return Response(VoterSerializer(voter, context=self.get_serializer_context()).data)


class NominationSerializer(serializers.Serializer):
    election = _scoped(Election)
    voter = _scoped(Voter)
    self_nomination = serializers.BooleanField(default=False)
    supporters = serializers.ListField(child=serializers.IntegerField(), default=list)
    statement = serializers.CharField(required=False, allow_blank=True, default="")


class CandidateViewSet(ActionPermissions, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Candidates. POST nominates (joint, by voters' ids, or self); `withdraw` withdraws."""

    queryset = Candidate.objects.all()
    serializer_class = CandidateSerializer
    filterset_fields = ("election",)
    action_permissions = {"create": MANAGE, "withdraw": MANAGE}

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
        candidate = elections.nominate(
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
        candidate = elections.withdraw_candidate(candidate, data["reason"])
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

    @extend_schema(request=ProxyInputSerializer, responses={201: ProxySerializer})
    def create(self, request, *args, **kwargs):
        data = _input(ProxyInputSerializer, request, self)
        proxy = elections.add_proxy(
            data["election"], data["holder"], data["principal"], data["authorization"]
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

    @extend_schema(request=StationInputSerializer, responses={201: StationSerializer})
    def create(self, request, *args, **kwargs):
        data = _input(StationInputSerializer, request, self)
        station = elections.add_station(data["election"], data["name"], data["kind"])
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

    def perform_create(self, serializer):
        station = serializer.validated_data["station"]
        if not PollingStation.objects.visible_to(self.request.user).filter(pk=station.pk).exists():
            raise ValidationError({"station": "not found"})
        serializer.instance = tally.enter_tally_sheet(
            station,
            self.request.user,
            ballots_returned=serializer.validated_data["ballots_returned"],
            invalid_ballots=serializer.validated_data.get("invalid_ballots", 0),
            votes=serializer.validated_data.get("votes", {}),
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
    id_number = serializers.CharField()


class AssemblyMinutesSerializer(serializers.Serializer):
    minutes = serializers.CharField(allow_blank=True)


class AssemblyViewSet(ActionPermissions, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Resident assemblies. POST convenes one (by the committee or on an accepted petition);
    `attend` signs a member in; `minutes` records the minutes. Items: agenda-items."""

    queryset = Assembly.objects.all()
    serializer_class = AssemblySerializer
    filterset_fields = ("community", "status")
    action_permissions = {
        "create": "selfgov.add_assembly",
        "attend": "selfgov.change_assembly",
        "minutes": "selfgov.change_assembly",
    }

    @extend_schema(request=ConveneSerializer, responses={201: AssemblySerializer})
    def create(self, request, *args, **kwargs):
        d = _input(ConveneSerializer, request, self)
        assembly = assemblies.convene(
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
        attendance = assemblies.sign_in(assembly, d["id_number"])
        return _created(AttendanceSerializer, attendance, self)

    @extend_schema(request=AssemblyMinutesSerializer, responses=AssemblySerializer)
    @action(detail=True, methods=["post"])
    def minutes(self, request, pk=None):
        assembly = self.get_object()
        d = _input(AssemblyMinutesSerializer, request, self)
        assembly = assemblies.record_minutes(assembly, d["minutes"])
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

    @extend_schema(request=ItemInputSerializer, responses={201: ItemSerializer})
    def create(self, request, *args, **kwargs):
        d = _input(ItemInputSerializer, request, self)
        item = assemblies.add_item(
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
        item = assemblies.vote_item(item, yes=d["yes"], no=d["no"], abstain=d["abstain"])
        return Response(ItemSerializer(item, context=self.get_serializer_context()).data)


class PetitionInputSerializer(serializers.Serializer):
    community = _scoped(Community)
    basis = serializers.ChoiceField(choices=Petition.Basis.choices)
    subject = serializers.CharField()
    signatories = serializers.ListField(
        child=serializers.CharField(),
        help_text="ID numbers (adults, households) or residents' group numbers (groups).",
    )


class PetitionViewSet(ActionPermissions, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Petitions to convene an assembly, checked against the registry on filing."""

    queryset = Petition.objects.all()
    serializer_class = PetitionSerializer
    filterset_fields = ("community", "accepted")
    action_permissions = {"create": "selfgov.add_petition"}

    @extend_schema(request=PetitionInputSerializer, responses={201: PetitionSerializer})
    def create(self, request, *args, **kwargs):
        d = _input(PetitionInputSerializer, request, self)
        petition = assemblies.file_petition_lines(
            d["community"], d["basis"], d["subject"], d["signatories"]
        )
        return _created(PetitionSerializer, petition, self)


# --- charter, notices, property -----------------------------------------------------------------


class CharterInputSerializer(serializers.Serializer):
    community = _scoped(Community)
    text = serializers.CharField()


class CharterFilingSerializer(serializers.Serializer):
    filing = serializers.ChoiceField(choices=CharterVersion.Filing.choices)
    reference = serializers.CharField(required=False, allow_blank=True, default="")


class CharterViewSet(ActionPermissions, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Resident charter versions. POST drafts the next version (adopted by an assembly's
    charter item); `filing` moves its 备案 status."""

    queryset = CharterVersion.objects.all()
    serializer_class = CharterSerializer
    filterset_fields = ("community", "filing")
    action_permissions = {
        "create": "selfgov.add_charterversion",
        "filing": "selfgov.change_charterversion",
    }

    @extend_schema(request=CharterInputSerializer, responses={201: CharterSerializer})
    def create(self, request, *args, **kwargs):
        d = _input(CharterInputSerializer, request, self)
        return _created(
            CharterSerializer, assemblies.draft_charter(d["community"], d["text"]), self
        )

    @extend_schema(request=CharterFilingSerializer, responses=CharterSerializer)
    @action(detail=True, methods=["post"])
    def filing(self, request, pk=None):
        charter = self.get_object()
        d = _input(CharterFilingSerializer, request, self)
        charter = assemblies.set_filing(charter, d["filing"], reference=d["reference"])
        return Response(CharterSerializer(charter, context=self.get_serializer_context()).data)


class NoticeViewSet(ScopedViewSet):
    queryset = Notice.objects.all()
    serializer_class = NoticeSerializer
    filterset_fields = ("community", "category")

    def save_object(self, instance, related):
        notices.save_notice(instance)
        return super().save_object(instance, related)


class EstateManagementViewSet(ScopedViewSet):
    """Property management of an estate (mode, company, owners' committee, contract)."""

    queryset = EstateManagement.objects.all()
    serializer_class = EstateManagementSerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def save_object(self, instance, related):
        return notices.save_management(instance)


router = SimpleRouter()
router.register("selfgov/terms", TermViewSet, basename="selfgov-term")
router.register("selfgov/elections", ElectionViewSet, basename="selfgov-election")
router.register("selfgov/voters", VoterViewSet, basename="selfgov-voter")
router.register("selfgov/candidates", CandidateViewSet, basename="selfgov-candidate")
router.register("selfgov/proxies", ProxyViewSet, basename="selfgov-proxy")
router.register("selfgov/stations", StationViewSet, basename="selfgov-station")
router.register("selfgov/results", ResultViewSet, basename="selfgov-result")
router.register("selfgov/tally-sheets", TallySheetViewSet, basename="selfgov-tallysheet")
router.register("selfgov/assemblies", AssemblyViewSet, basename="selfgov-assembly")
router.register("selfgov/agenda-items", AgendaItemViewSet, basename="selfgov-agendaitem")
router.register("selfgov/petitions", PetitionViewSet, basename="selfgov-petition")
router.register("selfgov/charters", CharterViewSet, basename="selfgov-charter")
router.register("selfgov/notices", NoticeViewSet, basename="selfgov-notice")
router.register(
    "selfgov/estate-management", EstateManagementViewSet, basename="selfgov-estatemanagement"
)
