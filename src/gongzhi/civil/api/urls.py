from django.urls import path
from rest_framework.routers import SimpleRouter

# --- hours ledger, certificates and time bank ---
from gongzhi.civil.api import ledger as ledger_api
from gongzhi.civil.api import timebank as timebank_api

# --- volunteers and activities ---
from gongzhi.civil.api.activities import ActivityViewSet, AssignmentViewSet, MyAssignmentViewSet

# --- leaders' activities ---
from gongzhi.civil.api.lead import MyActivityViewSet

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

# --- hours ledger, certificates and time bank ---
router.register("civil/hours", ledger_api.HoursEntryViewSet, basename="civil-hours")
router.register("civil/certificates", ledger_api.CertificateViewSet, basename="civil-certificate")
router.register(
    "civil/volunteer-standing", ledger_api.StandingViewSet, basename="civil-volunteer-standing"
)
router.register(
    "civil/timebank/settings", timebank_api.SettingsViewSet, basename="civil-tb-settings"
)
router.register("civil/timebank/accounts", timebank_api.AccountViewSet, basename="civil-tb-account")
router.register("civil/timebank/postings", timebank_api.PostingViewSet, basename="civil-tb-posting")
router.register(
    "civil/timebank/transfers", timebank_api.TransferViewSet, basename="civil-tb-transfer"
)
router.register(
    "civil/timebank/redemptions", timebank_api.RedemptionViewSet, basename="civil-tb-redemption"
)

# --- leaders' activities ---
router.register("civil/my-activities", MyActivityViewSet, basename="civil-my-activity")

urlpatterns = router.urls

# --- hours ledger, certificates and time bank ---
urlpatterns += [
    path(
        "civil/certificate-verification/",
        ledger_api.CertificateVerifyView.as_view(),
        name="civil-certificate-verify",
    ),
    path(
        "civil/timebank/record/<int:id>/",
        timebank_api.RedemptionRecordView.as_view(),
        name="civil-tb-record",
    ),
]
