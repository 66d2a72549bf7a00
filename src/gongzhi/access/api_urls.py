from django.urls import path

from gongzhi.access.api import DashboardView, router

urlpatterns = [
    *router.urls,
    path("access/dashboard/", DashboardView.as_view(), name="access-dashboard"),
]
