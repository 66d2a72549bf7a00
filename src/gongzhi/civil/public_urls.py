"""Public pages of civil (no sign-in, no personal data)."""

from django.urls import path

from gongzhi.civil.views import verify

app_name = "civil_public"

urlpatterns = [
    # --- hours ledger, certificates and time bank ---
    path("certificates/<str:code>/", verify.certificate, name="certificate"),
    path("timebank/<int:street>/", verify.redemption_record, name="redemption_record"),
]
