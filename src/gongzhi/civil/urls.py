from django.urls import path

# --- hours ledger, certificates and time bank ---
from gongzhi.civil.views import ledger as ledger_views
from gongzhi.civil.views import timebank as timebank_views

app_name = "civil"

urlpatterns: list = []

# --- hours ledger, certificates and time bank ---
urlpatterns += [
    path("hours/", ledger_views.hours_list, name="hours_list"),
    path("hours/new/", ledger_views.hours_record, name="hours_record"),
    path("hours/export/", ledger_views.hours_export, name="hours_export"),
    path("hours/<int:pk>/", ledger_views.hours_detail, name="hours_detail"),
    path("hours/<int:pk>/confirm/", ledger_views.hours_confirm, name="hours_confirm"),
    path("hours/<int:pk>/reverse/", ledger_views.hours_reverse, name="hours_reverse"),
    path("volunteers/<int:pk>/hours/", ledger_views.volunteer_hours, name="volunteer_hours"),
    path(
        "volunteers/<int:pk>/certificate/",
        ledger_views.certificate_issue,
        name="certificate_issue",
    ),
    path("certificates/<int:pk>/pdf/", ledger_views.certificate_pdf, name="certificate_pdf"),
    path("timebank/", timebank_views.accounts, name="tb_accounts"),
    path("timebank/accounts/<int:pk>/", timebank_views.account, name="tb_account"),
    path(
        "timebank/accounts/<int:pk>/transfer/",
        timebank_views.account_transfer,
        name="tb_transfer",
    ),
    path("timebank/accounts/<int:pk>/redeem/", timebank_views.account_redeem, name="tb_redeem"),
    path("timebank/requests/", timebank_views.redemptions, name="tb_redemptions"),
    path(
        "timebank/requests/<int:pk>/<str:step>/",
        timebank_views.redemption_step,
        name="tb_redemption_step",
    ),
    path("timebank/settings/", timebank_views.settings_view, name="tb_settings"),
]
