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
    TB_DISABLED = "civil_tb_disabled"  # the street does not run a time bank
    TB_HOURS = "civil_tb_hours"  # hours of a movement: more than zero, at most 1,500
    TB_BALANCE = "civil_tb_balance"  # more hours than the account holds
    TB_CAP = "civil_tb_cap"  # past the street's storage cap per account
    TB_FAMILY = "civil_tb_family"  # hours go only to another member of the same household
    TB_SERVICE = "civil_tb_service"  # a redemption request names its service
    TB_REVERSE_SPENT = "civil_tb_reverse_spent"  # a correction of hours already spent in the bank
    CERT_PERIOD = "civil_cert_period"  # a certificate's period: from before to, not ahead
    CERT_NO_HOURS = "civil_cert_no_hours"  # no confirmed hours in the period
