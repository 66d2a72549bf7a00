"""What each role may do with cases (see org.roles). A permission counts only in the place
of the role that grants it (org.scoping): a grid worker reports and verifies in their grid,
a community's staff handle what is dispatched to their community (cases.actions.flow:
may_handle), street staff dispatch, department staff see and handle only what is
dispatched to their department (CaseQuerySet.visible_to)."""

from gongzhi.org.roles import Role

_SEE = {
    "cases.view_case",
    "cases.view_casestep",
    "cases.view_casephoto",
    "cases.view_category",
    "cases.view_handlingunit",
}
_DESK = {"cases.add_case", "cases.record_case", "cases.handle_case"}
_DISPATCH = _SEE | _DESK | {"cases.dispatch_case", "cases.view_patrol"}
_COMMUNITY = _SEE | _DESK
_TREE = {
    f"cases.{verb}_{model}"
    for verb in ("add", "change", "delete")
    for model in ("category", "handlingunit")
}

ROLE_PERMISSIONS = {
    Role.STREET_ADMIN: _DISPATCH | _TREE | {"cases.supervise_case"},
    Role.STREET_STAFF: _DISPATCH | {"cases.supervise_case"},
    Role.DEPARTMENT_STAFF: _SEE | {"cases.handle_case"},
    Role.PARTY_SECRETARY: _SEE,
    Role.COMMITTEE_MEMBER: _COMMUNITY,
    Role.STATION_STAFF: _COMMUNITY,
    Role.GRID_WORKER: _SEE
    | {"cases.add_case", "cases.verify_case"}
    | {"cases.view_patrol", "cases.add_patrol", "cases.change_patrol"},
    # Residents report in their community; they see their own reports (not the area's).
    Role.RESIDENT: {"cases.add_case", "cases.view_category"},
}
