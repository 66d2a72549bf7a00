from django.urls import path

from gongzhi.core import views_audit, views_reveal

app_name = "core"
urlpatterns = [
    path("", views_audit.AuditListView.as_view(), name="audit"),
    path(
        "history/<int:content_type_id>/<str:object_id>/",
        views_audit.HistoryView.as_view(),
        name="history",
    ),
    path(
        "reveal/<str:app_label>/<str:model_name>/<str:pk>/<str:field>/",
        views_reveal.reveal,
        name="reveal",
    ),
]
