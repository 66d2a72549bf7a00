"""The workdays API's routes."""

from django.urls import path

from gongzhi.workdays.api.views import YearView

urlpatterns = [path("workdays/days/", YearView.as_view(), name="workdays-days")]
