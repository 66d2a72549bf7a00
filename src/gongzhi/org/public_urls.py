from django.urls import path

from gongzhi.org import views

app_name = "org_public"

urlpatterns = [
    path("communities/", views.public_index, name="communities"),
    path("communities/<int:pk>/", views.public_community, name="community"),
]
