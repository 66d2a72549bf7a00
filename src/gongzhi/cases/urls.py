from django.urls import path

from gongzhi.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("report/", views.report, name="report"),
    path("desk/", views.desk, name="desk"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/step/<slug:step>/", views.case_step, name="step"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("categories/", views.category_list, name="categories"),
    path("categories/new/", views.category_new, name="category_new"),
    path("categories/<int:pk>/", views.category_edit, name="category_edit"),
    path("categories/<int:pk>/delete/", views.category_delete, name="category_delete"),
    path("map/", views.case_map, name="map"),
    path("map/data/", views.case_map_data, name="map_data"),
    path("figures/", views.figures, name="figures"),
    path("figures/export/", views.figures_export, name="figures_export"),
]
