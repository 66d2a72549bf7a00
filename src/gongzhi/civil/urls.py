from django.urls import path

# --- volunteers and activities ---
from gongzhi.civil.views import activities as activity_views

# --- leaders' activities ---
from gongzhi.civil.views import lead as lead_views

# --- orgs ---
from gongzhi.civil.views import leaders as leader_views

# --- hours ledger, certificates and time bank ---
from gongzhi.civil.views import ledger as ledger_views
from gongzhi.civil.views import orgs as org_views
from gongzhi.civil.views import public as volunteer_public
from gongzhi.civil.views import timebank as timebank_views
from gongzhi.civil.views import volunteers as volunteer_views

app_name = "civil"

urlpatterns: list = [
    # --- orgs ---
    path("orgs/", org_views.org_list, name="orgs"),
    path("orgs/new/", org_views.org_new, name="org_new"),
    path("orgs/<int:pk>/", org_views.org_detail, name="org"),
    path("orgs/<int:pk>/edit/", org_views.org_edit, name="org_edit"),
    path("orgs/<int:pk>/step/", org_views.org_step, name="org_step"),
    path("orgs/<int:pk>/members/", org_views.member_add, name="member_add"),
    path("orgs/members/<int:pk>/end/", org_views.member_end, name="member_end"),
    path("orgs/<int:pk>/support/", org_views.support_add, name="support_add"),
    path("orgs/<int:pk>/assessments/", org_views.assessment_add, name="assessment_add"),
    path("public/orgs/<int:pk>/", org_views.public_org, name="public_organization"),
    path("leaders/", leader_views.leader_list, name="leaders"),
    path("leaders/new/", leader_views.leader_new, name="leader_new"),
    path("leaders/<int:pk>/end/", leader_views.leader_end, name="leader_end"),
    # --- volunteers and activities ---
    path("activities/", activity_views.activity_list, name="activities"),
    path("activities/new/", activity_views.activity_new, name="activity_new"),
    path("activities/<int:pk>/", activity_views.activity_detail, name="activity"),
    path("activities/<int:pk>/qr.svg", activity_views.activity_qr, name="activity_qr"),
    path(
        "activities/<int:pk>/dispatch/", activity_views.activity_dispatch, name="activity_dispatch"
    ),
    path("activities/<int:pk>/step/", activity_views.activity_step, name="activity_step"),
    path("assignments/<int:pk>/step/", activity_views.assignment_step, name="assignment_step"),
    path("volunteers/", volunteer_views.volunteer_list, name="volunteers"),
    path("volunteers/new/", volunteer_views.volunteer_new, name="volunteer_new"),
    path("me/volunteer/", volunteer_public.volunteer_register, name="volunteer_register"),
    path("me/activities/", volunteer_public.my_activities, name="my_activities"),
    path("me/activities/<int:pk>/sign-up/", volunteer_public.sign_up, name="sign_up"),
    path("me/assignments/<int:pk>/rate/", volunteer_public.rate, name="rate"),
    path("me/assignments/<int:pk>/step/", volunteer_public.my_step, name="my_step"),
    path("scan/", volunteer_public.scan, name="scan"),
]

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

# --- leaders' activities ---
urlpatterns += [
    path("me/lead/", lead_views.lead_home, name="lead"),
    path("me/lead/<int:pk>/attendance/", lead_views.lead_attendance, name="lead_attendance"),
]
