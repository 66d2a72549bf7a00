from django.urls import path

from gongzhi.core import views_inbox as views

app_name = "inbox"
urlpatterns = [
    path("notifications/", views.NotificationListView.as_view(), name="notifications"),
    path("notifications/<int:pk>/", views.NotificationOpenView.as_view(), name="open"),
    path("done/", views.DoneView.as_view(), name="done"),
]
