"""Core endpoints under /api/ (namespace "core_api")."""

from django.urls import path

from gongzhi.core.api_views import TokenView

app_name = "core_api"

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
]
