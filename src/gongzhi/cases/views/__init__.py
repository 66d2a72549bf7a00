"""The cases app's screens, split by topic: cases (report, desk, list, page, steps),
categories (the class tree), map (cases on the grid map) and figures (assessment figures,
ranking, export)."""

from gongzhi.cases.views.cases import case_detail, case_list, case_step, desk, photo, report
from gongzhi.cases.views.categories import (
    category_delete,
    category_edit,
    category_list,
    category_new,
)
from gongzhi.cases.views.figures import figures, figures_export
from gongzhi.cases.views.map import case_map, case_map_data

__all__ = [
    "case_map",
    "case_map_data",
    "figures",
    "figures_export",
    "case_detail",
    "case_list",
    "case_step",
    "category_delete",
    "category_edit",
    "category_list",
    "category_new",
    "desk",
    "photo",
    "report",
]
