"""The cases app's screens, split by topic: cases (report, desk, list, page, steps) and
categories (the class tree)."""

from gongzhi.cases.views.cases import case_detail, case_list, case_step, desk, photo, report
from gongzhi.cases.views.categories import (
    category_delete,
    category_edit,
    category_list,
    category_new,
)
from gongzhi.cases.views.escalation import case_escalate
from gongzhi.cases.views.hotline import hotline_import, hotline_template

__all__ = [
    "case_detail",
    "case_escalate",
    "case_list",
    "case_step",
    "category_delete",
    "category_edit",
    "category_list",
    "category_new",
    "desk",
    "hotline_import",
    "hotline_template",
    "photo",
    "report",
]
