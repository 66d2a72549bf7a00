from django.urls import path

from gongzhi.selfgov import views

app_name = "selfgov_public"

urlpatterns = [
    path("communities/<int:pk>/notices/", views.public_notices, name="community_notices"),
    path("notices/<int:pk>/", views.public_notice_detail, name="notice_detail"),
    path("elections/<int:pk>/register/", views.public_register, name="election_register"),
    path("elections/<int:pk>/receipt/", views.public_receipt, name="election_receipt"),
]
