"""Import and export pages (see views_imports)."""

from django.urls import path

from gongzhi.registry import views_imports as v

urlpatterns = [
    path("imports/", v.import_list, name="import_list"),
    path("imports/template/<str:kind>.xlsx", v.import_template, name="import_template"),
    path("imports/<int:pk>/", v.import_detail, name="import_detail"),
    path("imports/<int:pk>/progress/", v.import_progress, name="import_progress"),
    path("imports/<int:pk>/start/", v.import_start, name="import_start"),
    path("imports/<int:pk>/mapping/", v.import_remap, name="import_remap"),
    path("imports/<int:pk>/rejected.xlsx", v.import_rejected, name="import_rejected"),
    path("imports/<int:pk>/report.xlsx", v.import_report, name="import_report"),
    path("export/residents/", v.export_residents, name="export_residents"),
]
