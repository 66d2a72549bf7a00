"""Every write of the access system, as `do_<verb>(actor, obj_or_scope, …)` actions
(core.actions: permission by role AND place, one transaction, one audit event, typed
refusals with the codes of access.errors). Screens, API, admin, demo and commands only turn
input into arguments and call these. Read-only lookups live in access.queries, the
dashboard and plaque figures in access.figures, ledger exports in access.exports. Topics: applications (on the state machine), affairs,
tasks, funds, ledgers, plaques, and policy (a street's policy and review levels)."""

from gongzhi.access.actions.affairs import (
    do_admit,
    do_expire_affair,
    do_revoke_affair,
    expire_affairs,
)
from gongzhi.access.actions.applications import (
    MACHINE,
    do_create_application,
    do_decide,
    do_save_application,
    do_submit,
    four_sync_errors,
    meets_four_sync,
    review_levels,
    save_application,
)
from gongzhi.access.actions.base import check_dates, parse_amount
from gongzhi.access.actions.funds import do_record_transfer, do_set_fund_due
from gongzhi.access.actions.ledgers import (
    do_create_ledger,
    do_decide_ledger,
    do_delete_ledger,
    do_save_ledger,
)
from gongzhi.access.actions.plaques import (
    do_delete_plaque,
    do_record_plaque,
    do_save_plaque,
    do_take_down_plaque,
    save_plaque,
)
from gongzhi.access.actions.policy import (
    do_create_policy,
    do_create_review_level,
    do_delete_policy,
    do_delete_review_level,
    do_update_policy,
    do_update_review_level,
    validate_review_level,
)
from gongzhi.access.actions.tasks import (
    do_assign_task,
    do_classify_task,
    do_record_unadmitted_task,
    do_refuse_task,
)

__all__ = [
    "MACHINE",
    "check_dates",
    "do_admit",
    "do_assign_task",
    "do_classify_task",
    "do_create_application",
    "do_create_ledger",
    "do_create_policy",
    "do_create_review_level",
    "do_decide",
    "do_decide_ledger",
    "do_delete_ledger",
    "do_delete_plaque",
    "do_delete_policy",
    "do_delete_review_level",
    "do_expire_affair",
    "do_record_plaque",
    "do_record_transfer",
    "do_record_unadmitted_task",
    "do_refuse_task",
    "do_revoke_affair",
    "do_save_application",
    "do_save_ledger",
    "do_save_plaque",
    "do_set_fund_due",
    "do_submit",
    "do_take_down_plaque",
    "do_update_policy",
    "do_update_review_level",
    "expire_affairs",
    "four_sync_errors",
    "meets_four_sync",
    "parse_amount",
    "review_levels",
    "save_application",
    "save_plaque",
    "validate_review_level",
]
