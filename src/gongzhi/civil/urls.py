from django.urls import path

# --- volunteers and activities ---
from gongzhi.civil.views import activities as activity_views
from gongzhi.civil.views import public as volunteer_public
from gongzhi.civil.views import volunteers as volunteer_views

app_name = "civil"

urlpatterns: list = [
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
