"""The stable codes of civil's refusals (core.errors; listed in docs/errors.md, which
`gongzhi error-codes > docs/errors.md` regenerates). One block per topic."""

from gongzhi.core.errors import AppCode


class Code(AppCode):
    # --- ledger ---
    HOURS_END_BEFORE_START = "civil_hours_end_before_start"  # an entry ends before it starts
    HOURS_IN_FUTURE = "civil_hours_in_future"  # hours are recorded once served, not ahead
    HOURS_OVER_DAY = "civil_hours_over_day"  # over 24 hours in one calendar day
    HOURS_OVERLAP = "civil_hours_overlap"  # overlaps the volunteer's hours already recorded
    HOURS_CONFIRMED = "civil_hours_confirmed"  # the entry is already confirmed
    HOURS_REASON = "civil_hours_reason"  # a correction says why
    HOURS_REVERSED = "civil_hours_reversed"  # the entry is already corrected, or is a correction
    # --- orgs ---
    # --- volunteers ---
    # --- recognition and time bank ---
