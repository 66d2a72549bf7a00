"""Organization endpoints under /api/ (namespace "org_api")."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from gongzhi.org.api import views

app_name = "org_api"

router = SimpleRouter()
router.register("streets", views.StreetViewSet)
router.register("street-units", views.StreetUnitViewSet)
router.register("departments", views.DepartmentViewSet)
router.register("communities", views.CommunityViewSet)
router.register("party-committees", views.PartyCommitteeViewSet)
router.register("committee-duties", views.CommitteeDutyViewSet)
router.register("residents-committees", views.ResidentsCommitteeViewSet)
router.register("committee-members", views.CommitteeMemberViewSet)
router.register("working-committees", views.WorkingCommitteeViewSet)
router.register("service-stations", views.ServiceStationViewSet)
router.register("working-groups", views.WorkingGroupViewSet)
router.register("residents-groups", views.ResidentsGroupViewSet)
router.register("grids", views.GridViewSet)
router.register("staff", views.StaffViewSet)
router.register("dispatched-cadres", views.DispatchedCadreViewSet)
router.register("providers", views.ProviderViewSet)
router.register("care-centres", views.CareCentreViewSet)
router.register("role-assignments", views.RoleAssignmentViewSet)

urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    *router.urls,
]
