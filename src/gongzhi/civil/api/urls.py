from django.urls import path
from rest_framework.routers import SimpleRouter

# --- hours ledger, certificates and time bank ---
from gongzhi.civil.api import ledger as ledger_api
from gongzhi.civil.api import timebank as timebank_api

router = SimpleRouter()

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
