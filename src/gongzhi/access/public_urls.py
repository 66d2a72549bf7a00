from django.urls import path

from gongzhi.access import views

app_name = "access_public"

urlpatterns = [
    path("streets/<int:pk>/", views.public_affair_list, name="street_list"),
    path("communities/<int:pk>/dispatched/", views.public_dispatched, name="community_dispatched"),
]
