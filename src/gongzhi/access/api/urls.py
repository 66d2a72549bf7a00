"""The access API's routes."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from gongzhi.access.api.views import (
    AccessPolicyViewSet,
    AdmittedAffairViewSet,
    ApplicationViewSet,
    CommunityTaskViewSet,
    DashboardView,
    FundAccountViewSet,
    FundTransferViewSet,
    LedgerViewSet,
    PlaqueViewSet,
    ReviewLevelViewSet,
)

router = SimpleRouter()
router.register("access/applications", ApplicationViewSet, basename="access-application")
router.register("access/affairs", AdmittedAffairViewSet, basename="access-affair")
router.register("access/tasks", CommunityTaskViewSet, basename="access-task")
router.register("access/funds", FundAccountViewSet, basename="access-fund")
router.register("access/transfers", FundTransferViewSet, basename="access-transfer")
router.register("access/ledgers", LedgerViewSet, basename="access-ledger")
router.register("access/plaques", PlaqueViewSet, basename="access-plaque")
router.register("access/policies", AccessPolicyViewSet, basename="access-policy")
router.register("access/review-levels", ReviewLevelViewSet, basename="access-review-level")

urlpatterns = [
    *router.urls,
    path("access/dashboard/", DashboardView.as_view(), name="access-dashboard"),
]
