from django.urls import path

# --- orgs ---
from gongzhi.civil.views import leaders as leader_views
from gongzhi.civil.views import orgs as org_views

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
]
