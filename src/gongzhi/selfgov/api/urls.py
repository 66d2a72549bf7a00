"""The selfgov API's routes under /api/selfgov/…"""

from django.urls import path
from rest_framework.routers import SimpleRouter

from gongzhi.selfgov.api.assemblies import (
    AgendaItemViewSet,
    AssemblyViewSet,
    PetitionViewSet,
)
from gongzhi.selfgov.api.elections import (
    CandidateViewSet,
    ElectionBallotView,
    ElectionViewSet,
    ProxyViewSet,
    ResultViewSet,
    StationViewSet,
    TallySheetViewSet,
    TermViewSet,
    VoterViewSet,
)
from gongzhi.selfgov.api.notices import (
    CharterViewSet,
    EstateManagementViewSet,
    NoticeViewSet,
)

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

urlpatterns = [
    *router.urls,
    path(
        "selfgov/elections/<int:pk>/ballot/",
        ElectionBallotView.as_view(),
        name="selfgov-election-ballot",
    ),
]
