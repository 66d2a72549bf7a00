"""Open311 GeoReport v2: /open311/v2/<endpoint>.<xml|json>."""

from django.urls import path, register_converter

from gongzhi.open311 import views


class FormatConverter:
    regex = "xml|json"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class CaseNumberConverter(FormatConverter):
    regex = "[0-9A-Za-z]{1,16}"


register_converter(FormatConverter, "fmt")
register_converter(CaseNumberConverter, "casenum")

app_name = "open311"

urlpatterns = [
    path("discovery.<fmt:format>", views.discovery, name="serviceitem_discovery"),
    path("services.<fmt:format>", views.service_list, name="serviceitem_list"),
    path("services/<int:pk>.<fmt:format>", views.serviceitem_detail, name="serviceitem_detail"),
    path(
        "services/case-<casenum:code>.<fmt:format>",
        views.case_service_detail,
        name="category_detail",
    ),
    path("requests/case-<casenum:number>.<fmt:format>", views.case_detail, name="case_detail"),
    path("requests.<fmt:format>", views.requests, name="servicerequest_list"),
    path(
        "requests/<int:pk>.<fmt:format>", views.servicerequest_detail, name="servicerequest_detail"
    ),
    path("tokens/<str:token>.<fmt:format>", views.token, name="token"),
]
