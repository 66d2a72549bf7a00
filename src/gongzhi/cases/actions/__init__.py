"""Every write of cases: `@action(permission) def do_<verb>(actor, obj_or_scope, …)`
(docs/architecture.md, "The contract"), split by topic:

- `intake`: reporting a case from every channel (phone, desk, hotline, API);
- `flow`: the seven steps and their side paths on one `StateMachine` (`MACHINE`);
- `categories`: the category tree and the handling units, edited by street admins;
- `patrol`: the grid worker's patrol (巡查) — start, route points, end.

Finding possible duplicates is a reading function, `cases.duplicates.suggest_duplicates`;
merging and undoing a merge are steps of the flow (`do_merge`, `do_unmerge`).
- `escalation`: 催办 and 督办 of overdue cases, and the periodic job marking them;
- `hotline`: the import of a 12345 hotline export (each row through `do_report`).

Screens, the API, the demo and commands turn input into arguments and call these."""

from gongzhi.cases.actions.categories import (
    do_create_category,
    do_create_unit,
    do_delete_category,
    do_update_category,
)
from gongzhi.cases.actions.escalation import do_remind, do_supervise, escalate
from gongzhi.cases.actions.flow import (
    MACHINE,
    STEP_ACTIONS,
    allowed_steps,
    do_accept,
    do_approve_extension,
    do_contest,
    do_decide_dispute,
    do_dispatch,
    do_fail_verification,
    do_hold,
    do_merge,
    do_not_accept,
    do_pass_verification,
    do_rate,
    do_refer,
    do_refuse_extension,
    do_reopen,
    do_report_done,
    do_request_extension,
    do_resume,
    do_send_back,
    do_start,
    do_unmerge,
    route,
)
from gongzhi.cases.actions.intake import do_report, do_report_open311, locate
from gongzhi.cases.actions.patrol import (
    do_add_patrol_points,
    do_end_patrol,
    do_start_patrol,
    open_patrol_of,
)

__all__ = [
    "MACHINE",
    "STEP_ACTIONS",
    "allowed_steps",
    "do_accept",
    "do_approve_extension",
    "do_contest",
    "do_create_category",
    "do_create_unit",
    "do_decide_dispute",
    "do_delete_category",
    "do_dispatch",
    "do_fail_verification",
    "do_hold",
    "do_merge",
    "do_not_accept",
    "do_pass_verification",
    "do_rate",
    "do_refer",
    "do_refuse_extension",
    "do_remind",
    "do_reopen",
    "do_report",
    "do_report_done",
    "do_report_open311",
    "do_request_extension",
    "do_resume",
    "do_send_back",
    "do_start",
    "do_supervise",
    "do_update_category",
    "do_unmerge",
    "do_start_patrol",
    "do_add_patrol_points",
    "do_end_patrol",
    "open_patrol_of",
    "escalate",
    "locate",
    "route",
]
