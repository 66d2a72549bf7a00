from rest_framework.routers import SimpleRouter

# --- volunteers and activities ---
from gongzhi.civil.api.activities import ActivityViewSet, AssignmentViewSet, MyAssignmentViewSet
from gongzhi.civil.api.volunteers import SkillViewSet, TeamViewSet, VolunteerViewSet

router = SimpleRouter()

# --- volunteers and activities ---
router.register("civil/skills", SkillViewSet, basename="civil-skill")
router.register("civil/volunteers", VolunteerViewSet, basename="civil-volunteer")
router.register("civil/teams", TeamViewSet, basename="civil-team")
router.register("civil/activities", ActivityViewSet, basename="civil-activity")
router.register("civil/assignments", AssignmentViewSet, basename="civil-assignment")
router.register("civil/my-assignments", MyAssignmentViewSet, basename="civil-my-assignment")

urlpatterns = router.urls
