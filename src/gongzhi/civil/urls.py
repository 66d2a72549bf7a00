from django.urls import path

# --- volunteers and activities ---
from gongzhi.civil.views import activities as activity_views

# --- orgs ---
from gongzhi.civil.views import leaders as leader_views
from gongzhi.civil.views import orgs as org_views
from gongzhi.civil.views import public as volunteer_public
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
