from django.urls import path

from gongzhi.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("report/", views.report, name="report"),
    path("desk/", views.desk, name="desk"),
    path("hotline/", views.hotline_import, name="hotline_import"),
    path("hotline/template.xlsx", views.hotline_template, name="hotline_template"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/step/<slug:step>/", views.case_step, name="step"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("categories/", views.category_list, name="categories"),
    path("categories/new/", views.category_new, name="category_new"),
    path("categories/<int:pk>/", views.category_edit, name="category_edit"),
    path("categories/<int:pk>/delete/", views.category_delete, name="category_delete"),
    # Duplicates (htmx), the grid worker's day and patrols, the reporter's own cases.
    path("duplicates/", views.duplicates, name="duplicates"),
    path("my-day/", views.my_day, name="my_day"),
    path("mine/", views.my_cases, name="my_cases"),
    path("patrols/start/", views.patrol_start, name="patrol_start"),
    path("patrols/<int:pk>/", views.patrol_detail, name="patrol"),
    path("patrols/<int:pk>/points/", views.patrol_points, name="patrol_points"),
    path("patrols/<int:pk>/end/", views.patrol_end, name="patrol_end"),
    path("<int:pk>/escalate/<slug:kind>/", views.case_escalate, name="escalate"),
    path("map/", views.case_map, name="map"),
    path("map/data/", views.case_map_data, name="map_data"),
    path("figures/", views.figures, name="figures"),
    path("figures/export/", views.figures_export, name="figures_export"),
]
