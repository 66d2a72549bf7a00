"""REST API of self-government under /api/selfgov/…: terms, elections (with their register,
candidates, stations and results), assemblies, petitions, charters, notices and estate
management — all scoped by `visible_to` (out of scope: 404). Voting by API only for the
paper tally entry (`tally-sheets`, two clerks) and for an authenticated voter's own secret
ballot (`elections/{id}/ballot/`, answering the receipt code)."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from gongzhi.core.api import ScopedModelSerializer
from gongzhi.core.views_base import get_visible_or_404
from gongzhi.core.viewsets import ScopedReadOnlyViewSet, ScopedViewSet
from gongzhi.selfgov import ballots, notices, tally
from gongzhi.selfgov.models import (
    AgendaItem,
    Assembly,
    Candidate,
    CharterVersion,
    Election,
    EstateManagement,
    Notice,
    Petition,
    PollingStation,
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
        "method",
        "election_day",
        "seats",
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
VoterSerializer = _serializer(Voter, ["id", "election", "name", "source", "reason", "active"])
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


class TermViewSet(ScopedReadOnlyViewSet):
    queryset = Term.objects.all()
    serializer_class = TermSerializer


class BallotSerializer(serializers.Serializer):
    choices = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)


class ReceiptSerializer(serializers.Serializer):
    receipt = serializers.CharField()


class ElectionViewSet(ScopedReadOnlyViewSet):
    queryset = Election.objects.all()
    serializer_class = ElectionSerializer
    filterset_fields = ("community", "status")


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


class VoterViewSet(ScopedReadOnlyViewSet):
    queryset = Voter.objects.all()
    serializer_class = VoterSerializer
    filterset_fields = ("election", "active")


class CandidateViewSet(ScopedReadOnlyViewSet):
    queryset = Candidate.objects.all()
    serializer_class = CandidateSerializer
    filterset_fields = ("election",)


class StationViewSet(ScopedReadOnlyViewSet):
    queryset = PollingStation.objects.all()
    serializer_class = StationSerializer
    filterset_fields = ("election",)


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


class AssemblyViewSet(ScopedReadOnlyViewSet):
    queryset = Assembly.objects.all()
    serializer_class = AssemblySerializer


class AgendaItemViewSet(ScopedReadOnlyViewSet):
    queryset = AgendaItem.objects.all()
    serializer_class = ItemSerializer


class PetitionViewSet(ScopedReadOnlyViewSet):
    queryset = Petition.objects.all()
    serializer_class = PetitionSerializer


class CharterViewSet(ScopedReadOnlyViewSet):
    queryset = CharterVersion.objects.all()
    serializer_class = CharterSerializer


class NoticeViewSet(ScopedViewSet):
    queryset = Notice.objects.all()
    serializer_class = NoticeSerializer
    filterset_fields = ("community", "category")

    def save_object(self, instance, related):
        notices.save_notice(instance)
        return super().save_object(instance, related)


class EstateManagementViewSet(ScopedReadOnlyViewSet):
    queryset = EstateManagement.objects.all()
    serializer_class = EstateManagementSerializer


router = SimpleRouter()
router.register("selfgov/terms", TermViewSet, basename="selfgov-term")
router.register("selfgov/elections", ElectionViewSet, basename="selfgov-election")
router.register("selfgov/voters", VoterViewSet, basename="selfgov-voter")
router.register("selfgov/candidates", CandidateViewSet, basename="selfgov-candidate")
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
