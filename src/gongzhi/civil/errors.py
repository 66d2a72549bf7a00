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
    # --- volunteers ---
    # --- recognition and time bank ---
    # --- organizations and leaders ---
    CREDIT_CODE = (
        "civil_credit_code"  # a registered organization's credit code is valid (check digit)
    )
    CREDIT_CODE_TAKEN = "civil_credit_code_taken"  # another organization has this credit code
    FILING_NUMBER = (
        "civil_filing_number"  # an organization filed at the street has its filing number
    )
    ORG_NAME_TAKEN = "civil_org_name_taken"  # another organization of the street has this name
    ORG_PLACE = "civil_org_place"  # the organization's community lies in its street
    FOUNDED_FUTURE = "civil_founded_future"  # the founding date is not after today
    RESIDENT_ELSEWHERE = "civil_resident_elsewhere"  # the resident lives outside the organization's street or community
    MEMBER_NAME = "civil_member_name"  # a member is a registry resident or has a name
    ALREADY_MEMBER = "civil_already_member"  # the resident is already a member of the organization
    SUPPORT_AMOUNT = "civil_support_amount"  # money given has a positive amount
    ASSESSMENT_YEAR = "civil_assessment_year"  # one assessment per year, not for a future year
    ACCOUNT_ROLE = (
        "civil_account_role"  # a contact account holds the social-organization contact role
    )
    LEADS_NOTHING = (
        "civil_leads_nothing"  # a leadership names what it leads, of the leader's community
    )
    ALREADY_LEADS = "civil_already_leads"  # the resident already leads this
    LEADERSHIP_ENDED = "civil_leadership_ended"  # the leadership has already ended
