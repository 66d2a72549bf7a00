from rest_framework.routers import SimpleRouter

# --- orgs ---
from gongzhi.civil.api.orgs import (
    AssessmentViewSet,
    LeaderViewSet,
    MembershipViewSet,
    OrganizationViewSet,
    SupportViewSet,
)

router = SimpleRouter()

# --- orgs ---
router.register("civil/organizations", OrganizationViewSet, basename="civil-organization")
router.register("civil/org-members", MembershipViewSet, basename="civil-membership")
router.register("civil/org-support", SupportViewSet, basename="civil-support")
router.register("civil/org-assessments", AssessmentViewSet, basename="civil-assessment")
router.register("civil/leaders", LeaderViewSet, basename="civil-leader")

urlpatterns = router.urls
