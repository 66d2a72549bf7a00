"""A URLconf with a view that fails, for the 500 page test."""

from django.urls import include, path


def boom(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("boom/", boom),
    path("", include("gongzhi.urls")),
]
