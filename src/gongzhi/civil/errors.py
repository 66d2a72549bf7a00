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
    # --- recognition and time bank ---
