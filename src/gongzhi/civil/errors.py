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
    VOLUNTEER_EXISTS = "civil_volunteer_exists"  # the resident is already a volunteer
    VOLUNTEER_CONSENT = "civil_volunteer_consent"  # no consent to the record keeping
    VOLUNTEER_NO_RESIDENT = "civil_volunteer_no_resident"  # the account has no registry record
    VOLUNTEER_AVAILABILITY = "civil_volunteer_availability"  # an availability slot is malformed
    VOLUNTEER_AREA = "civil_volunteer_area"  # an area (grid) outside the volunteer's street
    VOLUNTEER_INACTIVE = "civil_volunteer_inactive"  # the volunteer is no longer active
    NOT_A_VOLUNTEER = "civil_not_a_volunteer"  # the signed-in user is not a registered volunteer
    TEAM_OWNER = "civil_team_owner"  # a team belongs to an organization or a community
    TEAM_MEMBER_PLACE = "civil_team_member_place"  # a member from another street
    ACTIVITY_ENDS = "civil_activity_ends"  # an activity ends after it starts
    ACTIVITY_PLACE = "civil_activity_place"  # grid, team or organization outside its place
    ACTIVITY_NOT_OPEN = "civil_activity_not_open"  # not published, or already over
    ACTIVITY_FULL = "civil_activity_full"  # as many people as it needs already
    ACTIVITY_NOT_LEADER = "civil_activity_not_leader"  # the user leads nothing here
    CHECKIN_TOKEN = "civil_checkin_token"  # the scanned code is not this activity's
    CHECKIN_WINDOW = "civil_checkin_window"  # scanned outside the activity's time
    CHECKIN_ELSEWHERE = "civil_checkin_elsewhere"  # still checked in on another activity
    CHECKIN_NOT_ACCEPTED = "civil_checkin_not_accepted"  # the volunteer is not taking part
    CHECKOUT_NOT_IN = "civil_checkout_not_in"  # checking out without a check-in
    CHECKED_IN = "civil_checked_in"  # already checked in: withdraw or cancel no longer
    RATING_NOT_PARTICIPANT = "civil_rating_not_participant"  # only participants rate
    RATING_TWICE = "civil_rating_twice"  # one rating per participant and activity
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
    TB_DISABLED = "civil_tb_disabled"  # the street does not run a time bank
    TB_HOURS = "civil_tb_hours"  # hours of a movement: more than zero, at most 1,500
    TB_BALANCE = "civil_tb_balance"  # more hours than the account holds
    TB_CAP = "civil_tb_cap"  # past the street's storage cap per account
    TB_FAMILY = "civil_tb_family"  # hours go only to another member of the same household
    TB_SERVICE = "civil_tb_service"  # a redemption request names its service
    TB_REVERSE_SPENT = "civil_tb_reverse_spent"  # a correction of hours already spent in the bank
    CERT_PERIOD = "civil_cert_period"  # a certificate's period: from before to, not ahead
    CERT_NO_HOURS = "civil_cert_no_hours"  # no confirmed hours in the period
