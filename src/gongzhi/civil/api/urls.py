from rest_framework.routers import SimpleRouter

# --- volunteers and activities ---
from gongzhi.civil.api.activities import ActivityViewSet, AssignmentViewSet, MyAssignmentViewSet

# --- orgs ---
from gongzhi.civil.api.orgs import (
    AssessmentViewSet,
    LeaderViewSet,
    MembershipViewSet,
    OrganizationViewSet,
    SupportViewSet,
)
from gongzhi.civil.api.volunteers import SkillViewSet, TeamViewSet, VolunteerViewSet

router = SimpleRouter()

# --- orgs ---
router.register("civil/organizations", OrganizationViewSet, basename="civil-organization")
router.register("civil/org-members", MembershipViewSet, basename="civil-membership")
router.register("civil/org-support", SupportViewSet, basename="civil-support")
router.register("civil/org-assessments", AssessmentViewSet, basename="civil-assessment")
router.register("civil/leaders", LeaderViewSet, basename="civil-leader")

# --- volunteers and activities ---
router.register("civil/skills", SkillViewSet, basename="civil-skill")
router.register("civil/volunteers", VolunteerViewSet, basename="civil-volunteer")
router.register("civil/teams", TeamViewSet, basename="civil-team")
router.register("civil/activities", ActivityViewSet, basename="civil-activity")
router.register("civil/assignments", AssignmentViewSet, basename="civil-assignment")
router.register("civil/my-assignments", MyAssignmentViewSet, basename="civil-my-assignment")

urlpatterns = router.urls
