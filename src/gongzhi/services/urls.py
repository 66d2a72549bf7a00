from django.urls import path
from django.views.generic import RedirectView

from gongzhi.core.views_base import public_view
from gongzhi.services import views, views_catalog

app_name = "services"

urlpatterns = [
    path("", views.request_list, name="request_list"),
    path("menu/", views.catalog, name="catalog"),
    path("menu/<int:pk>/", views.item_detail, name="serviceitem_detail"),
    path("menu/manage/", views_catalog.catalog_manage, name="catalog_manage"),
    path("menu/new/", views_catalog.serviceitem_add, name="serviceitem_add"),
    path("menu/<int:pk>/edit/", views_catalog.serviceitem_edit, name="serviceitem_edit"),
    path(
        "menu/<int:pk>/deactivate/",
        views_catalog.serviceitem_deactivate,
        name="serviceitem_deactivate",
    ),
    path(
        "menu/<int:pk>/reactivate/",
        views_catalog.serviceitem_reactivate,
        name="serviceitem_reactivate",
    ),
    path("menu/categories/", views_catalog.category_list, name="category_list"),
    path("menu/categories/new/", views_catalog.category_add, name="category_add"),
    path("menu/categories/<int:pk>/edit/", views_catalog.category_edit, name="category_edit"),
    path("desk/", views.desk, name="desk"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/act/", views.request_act, name="request_act"),
    path("requests/<int:pk>/supervise/", views.request_supervise, name="request_supervise"),
    path("requests/<int:pk>/rate/", views.request_rate, name="request_rate"),
    path("requests/<int:pk>/receipt.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("requests/<int:pk>/decision.pdf", views.decision_pdf, name="decision_pdf"),
    path("stats/", views.stats, name="stats"),
    path("opinions/", views.opinion_list, name="opinion_list"),
    path("opinions/new/", views.opinion_create, name="opinion_create"),
    path("opinions/<int:pk>/", views.opinion_detail, name="opinion_detail"),
    path("opinions/<int:pk>/answer/", views.opinion_answer, name="opinion_answer"),
    path("opinions/<int:pk>/convert/", views.opinion_convert, name="opinion_convert"),
    # The calendar moved to its own app (/calendar/); old bookmarks still arrive.
    path(
        "calendar/",
        public_view(
            RedirectView.as_view(
                pattern_name="workdays:calendar", permanent=False, query_string=True
            )
        ),
        name="calendar_moved",
    ),
    path("mine/", views.my_requests, name="my_requests"),
    path("mine/<int:pk>/", views.my_request, name="my_request"),
    path("mine/new/", views.my_new, name="my_new"),
    path("mine/<int:pk>/withdraw/", views.servicerequest_withdraw, name="servicerequest_withdraw"),
    path("mine/<int:pk>/rate/", views.servicerequest_rate, name="servicerequest_rate"),
]
