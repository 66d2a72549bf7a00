"""A page with a core Table of communities, for the browser test of the table include."""

from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from gongzhi.core.tables import Column, Table
from gongzhi.org.models import Community

PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% load ui %}{% block content %}'
    '<h1 class="h4">Communities</h1>{% render_table table %}{% endblock %}'
)


def communities(request):
    table = Table(
        request,
        Community.objects.visible_to(request.user).select_related("street"),
        columns=[
            Column("name", sortable=True),
            Column("street.name", "Street", sortable=True),
            Column("code", sortable=True),
            Column("structure"),
            Column("household_count", sortable=True, css_class="text-end"),
            Column("address"),
        ],
        search_fields=["name", "code"],
        default_sort="name",
        page_size=10,
    )
    return HttpResponse(PAGE.render({"table": table}, request))


urlpatterns = [
    path("table-test/", communities),
    path("", include("gongzhi.urls")),
]
