"""Grid map and automatic grid partitioning pages (registry.views_grids)."""

from django.urls import path

from gongzhi.registry import views_grids as views

urlpatterns = [
    path("grids/", views.grid_map, name="grid_map"),
    path("grids/map.json", views.grid_map_data, name="grid_map_data"),
    path("grids/new/", views.grid_create, name="grid_create"),
    path("grids/<int:pk>/boundary/", views.grid_boundary, name="grid_boundary"),
    path("grids/<int:pk>/buildings/", views.grid_assign, name="grid_assign"),
    path("grids/<int:pk>/workers/", views.grid_worker_add, name="grid_worker_add"),
    path("grids/workers/<int:pk>/end/", views.grid_worker_end, name="grid_worker_end"),
    path("partition/", views.partition_list, name="partition_list"),
    path("partition/new/", views.partition_create, name="partition_create"),
    path("partition/<int:pk>/", views.partition_detail, name="partition_detail"),
    path("partition/<int:pk>/data.json", views.partition_data, name="partition_data"),
    path("partition/<int:pk>/apply/", views.partition_apply, name="partition_apply"),
    path("partition/<int:pk>/discard/", views.partition_discard, name="partition_discard"),
]
