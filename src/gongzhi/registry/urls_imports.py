"""Import and export pages (see views_imports)."""

from django.urls import path

from gongzhi.registry import views_imports as v
from gongzhi.registry.imports.columns import KINDS

urlpatterns = [
    path("imports/", v.import_list, name="import_list"),
    # One fixed URL per kind (same name: reverse with kind=...), so every route can be built.
    *(
        path(
            f"imports/template/{kind}.xlsx",
            v.import_template,
            {"kind": kind},
            name="import_template",
        )
        for kind in KINDS
    ),
    path("imports/<int:pk>/", v.import_detail, name="import_detail"),
    path("imports/<int:pk>/progress/", v.import_progress, name="import_progress"),
    path("imports/<int:pk>/start/", v.import_start, name="import_start"),
    path("imports/<int:pk>/mapping/", v.import_remap, name="import_remap"),
    path("imports/<int:pk>/rejected.xlsx", v.import_rejected, name="import_rejected"),
    path("imports/<int:pk>/report.xlsx", v.import_report, name="import_report"),
    path("export/residents/", v.export_residents, name="export_residents"),
]
