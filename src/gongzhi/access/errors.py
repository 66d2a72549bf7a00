"""The stable codes of the access system's refusals (core.errors; listed in docs/errors.md).

Shared ones (illegal transition, missing note/reason, forbidden) are `core.errors.Common`."""

from django.core.exceptions import ValidationError

from gongzhi.core.errors import AppCode


class Code(AppCode):
    NOT_EDITABLE = "not_editable"  # an application is edited only while a draft or returned
    OWN_DEPARTMENT = "own_department"  # a department applies / records only in its own name
    FOUR_SYNC = "four_sync"  # a part of the four synchronizations (四个同步) is not declared
    LEAD_TIME = "lead_time"  # the affair starts sooner than the lead time in working days
    NO_COMMUNITY = "no_community"  # at least one community must be chosen
    OTHER_STREET = "other_street"  # a community outside the application's street
    DATE_ORDER = "date_order"  # an end (or removal) date before its start
    INVALID_AMOUNT = "invalid_amount"  # not an amount in yuan: negative, too large, > 2 decimals
    INVALID_CHOICE = "invalid_choice"  # a decision / disposition / ledger kind not offered
    NOT_DECIDER = "not_decider"  # the actor does not decide at the current review level
    OVERRIDE_REQUIRED = "override_required"  # approving without four sync needs an override
    NO_AFFAIR = "no_affair"  # tasks reach communities only through an admitted affair
    AFFAIR_NOT_IN_FORCE = "affair_not_in_force"  # the affair is not on the list today
    OTHER_DEPARTMENT = "other_department"  # a department assigns only through its own affairs
    NOT_COVERED = "not_covered"  # the affair does not cover this community
    MISSING = "missing"  # a required value (task, date, voucher, …) is empty
    DATE_IN_PAST = "date_in_past"  # a due date before today
    DATE_IN_FUTURE = "date_in_future"  # a transfer or a removal dated after today
    TASK_ADMITTED = "task_admitted"  # a task through the list cannot be refused
    NOT_POSITIVE = "not_positive"  # a transfer of zero
    OVER_OUTSTANDING = "over_outstanding"  # a transfer beyond what is outstanding
    MERGE_TARGET = "merge_target"  # no, the same, another street's or an ended ledger
    TAKEN_DOWN = "taken_down"  # the plaque already came down
    LEVEL_ROLE = "level_role"  # a review level is decided by a role held at the street
    LEVEL_DEPARTMENT = "level_department"  # only department staff levels name a department
    LEVEL_ORDER_TAKEN = "level_order_taken"  # the street has a review level with this number
    LEVEL_IN_USE = "level_in_use"  # applications are under review at the level


def refuse_fields(errors: dict[str, tuple[str, object]]):
    """Refuse with several field errors at once (`{field: (code, message)}`), each coded —
    for the rules that report every missing part together (four synchronizations, a transfer)."""
    raise ValidationError(
        {
            field: [ValidationError(message, code=str(code))]
            for field, (code, message) in errors.items()
        }
    )
