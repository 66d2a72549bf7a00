"""The cases app's screens, split by topic: cases (report, desk, list, page, steps),
categories (the class tree), duplicates (the htmx check, suggestions to merge), patrol (the
grid worker's day, patrols, the reporter's own cases), escalation (催办/督办), hotline (the
12345 import), map (cases on the grid map) and figures (assessment figures, ranking,
export)."""

from gongzhi.cases.views.cases import case_detail, case_list, case_step, desk, photo, report
from gongzhi.cases.views.categories import (
    category_delete,
    category_edit,
    category_list,
    category_new,
)
from gongzhi.cases.views.duplicates import duplicates
from gongzhi.cases.views.escalation import case_escalate
from gongzhi.cases.views.figures import figures, figures_export
from gongzhi.cases.views.hotline import hotline_import, hotline_template
from gongzhi.cases.views.map import case_map, case_map_data
from gongzhi.cases.views.patrol import (
    my_cases,
    my_day,
    patrol_detail,
    patrol_end,
    patrol_points,
    patrol_start,
)

__all__ = [
    "case_map",
    "case_map_data",
    "figures",
    "figures_export",
    "case_detail",
    "case_escalate",
    "case_list",
    "case_step",
    "category_delete",
    "category_edit",
    "category_list",
    "category_new",
    "desk",
    "duplicates",
    "my_cases",
    "my_day",
    "patrol_detail",
    "patrol_end",
    "patrol_points",
    "patrol_start",
    "hotline_import",
    "hotline_template",
    "photo",
    "report",
]
