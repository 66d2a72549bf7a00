from django.urls import path

from gongzhi.access import views
from gongzhi.access.models import Ledger

app_name = "access"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("dashboard/data/", views.dashboard_data, name="dashboard_data"),
    path("dashboard/export/", views.dashboard_export, name="dashboard_export"),
    path("applications/", views.application_list, name="application_list"),
    path("applications/new/", views.application_create, name="application_create"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application_edit"),
    path("applications/<int:pk>/submit/", views.application_submit, name="application_submit"),
    path("applications/<int:pk>/decide/", views.application_decide, name="application_decide"),
    path("applications/<int:pk>/admit/", views.application_admit, name="application_admit"),
    path("affairs/", views.affair_list, name="affair_list"),
    path("affairs/<int:pk>/revoke/", views.affair_revoke, name="affair_revoke"),
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/assign/", views.task_assign, name="task_assign"),
    path("tasks/unadmitted/", views.task_record_unadmitted, name="task_record_unadmitted"),
    path("tasks/<int:pk>/refuse/", views.task_refuse, name="task_refuse"),
    path("tasks/<int:pk>/classify/", views.task_classify, name="task_classify"),
    path("funds/", views.fund_list, name="fund_list"),
    path("funds/<int:pk>/transfer/", views.fund_transfer, name="fund_transfer"),
    path("ledgers/", views.ledger_list, name="ledger_list"),
    path("ledgers/new/", views.ledger_create, name="ledger_create"),
    path("ledgers/<int:pk>/decide/", views.ledger_decide, name="ledger_decide"),
    # One fixed URL per generated ledger (same name: reverse with kind=...), so every
    # route can be built without guessing a free-form argument.
    *(
        path(f"ledgers/export/{kind}/", views.ledger_export, {"kind": kind}, name="ledger_export")
        for kind in Ledger.Generated.values
    ),
    path("plaques/", views.plaque_list, name="plaque_list"),
    path("plaques/new/", views.plaque_create, name="plaque_create"),
    path("plaques/<int:pk>/edit/", views.plaque_edit, name="plaque_edit"),
    path("plaques/<int:pk>/take-down/", views.plaque_take_down, name="plaque_take_down"),
    path("plaques/<int:pk>/delete/", views.plaque_delete, name="plaque_delete"),
]
