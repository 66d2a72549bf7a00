from django.urls import path

from gongzhi.workdays import views

app_name = "workdays"

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("new/", views.calendar_add, name="add"),
    path("<int:pk>/delete/", views.calendar_delete, name="delete"),
]
