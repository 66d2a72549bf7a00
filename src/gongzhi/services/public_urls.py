from django.urls import path

from gongzhi.services import views

app_name = "services_public"

urlpatterns = [
    path("track/", views.track, name="track"),
    path("rate/", views.rate_by_link, name="rate"),
]
