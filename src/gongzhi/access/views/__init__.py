"""Screens of the access system. Thin: writes through access.actions, rows from visible_to().
Split by topic: applications, affairs, tasks, funds (and ledgers), plaques, dashboard."""

from gongzhi.access.views.affairs import (
    AFFAIR_SHOW,
    AffairFilterForm,
    affair_list,
    affair_revoke,
    public_affair_list,
    public_dispatched,
)
from gongzhi.access.views.applications import (
    application_admit,
    application_create,
    application_decide,
    application_detail,
    application_edit,
    application_list,
    application_submit,
)
from gongzhi.access.views.dashboard import (
    dashboard,
    dashboard_data,
    dashboard_export,
)
from gongzhi.access.views.funds import (
    fund_list,
    fund_transfer,
    ledger_create,
    ledger_decide,
    ledger_export,
    ledger_list,
)
from gongzhi.access.views.plaques import (
    plaque_create,
    plaque_delete,
    plaque_edit,
    plaque_list,
    plaque_take_down,
)
from gongzhi.access.views.tasks import (
    TASK_KINDS,
    task_assign,
    task_classify,
    task_list,
    task_record_unadmitted,
    task_refuse,
)

__all__ = [
    "AFFAIR_SHOW",
    "AffairFilterForm",
    "TASK_KINDS",
    "affair_list",
    "affair_revoke",
    "application_admit",
    "application_create",
    "application_decide",
    "application_detail",
    "application_edit",
    "application_list",
    "application_submit",
    "dashboard",
    "dashboard_data",
    "dashboard_export",
    "fund_list",
    "fund_transfer",
    "ledger_create",
    "ledger_decide",
    "ledger_export",
    "ledger_list",
    "plaque_create",
    "plaque_delete",
    "plaque_edit",
    "plaque_list",
    "plaque_take_down",
    "public_affair_list",
    "public_dispatched",
    "task_assign",
    "task_classify",
    "task_list",
    "task_record_unadmitted",
    "task_refuse",
]
