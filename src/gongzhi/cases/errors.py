"""The stable codes of cases' refusals (core.errors; listed in docs/errors.md, which
`gongzhi error-codes > docs/errors.md` regenerates)."""

from gongzhi.core.errors import AppCode


class Code(AppCode):
    NOT_SMALL_CLASS = "case_not_small_class"  # a case is reported under an active small class
    REQUIRED = "case_required"  # a required field of the case is empty
    OUTSIDE_GRIDS = "case_outside_grids"  # the location lies in none of the street's grids
    OUTSIDE_PLACE = "case_outside_place"  # the case's place is not where the reporter may report
    HOUSEHOLD_ELSEWHERE = (
        "case_household_elsewhere"  # the building/household is not in the case's community
    )
    HOTLINE_TICKET = "case_hotline_ticket"  # a hotline case needs its ticket number
    DUPLICATE_TICKET = "case_duplicate_ticket"  # this hotline ticket number is already a case
    MERGE_TARGET = "case_merge_target"  # a case merges into another open case of the street
    NO_UNIT = "case_no_unit"  # dispatch needs a handling unit (none by routing)
    UNIT_ELSEWHERE = "case_unit_elsewhere"  # the handling unit belongs to another street
    NOT_YOUR_UNIT = "case_not_your_unit"  # only the unit the case is dispatched to handles it
    EXTENSION_PENDING = "case_extension_pending"  # an extension request is already waiting
    NO_EXTENSION = "case_no_extension"  # no extension request is waiting
    EXTENSION_DAYS = "case_extension_days"  # an extension asks for 1–30 units of the limit
    AFTER_PHOTO = "case_after_photo"  # reporting done needs an after-photo
    NOT_YOUR_GRID = "case_not_your_grid"  # only the grid worker of the case's grid verifies
    REVIEW_DATE = "case_review_date"  # putting on hold needs a future review date
    NOT_REPORTER = "case_not_reporter"  # only the reporter rates or reopens a case
    REOPEN_WINDOW = "case_reopen_window"  # a case reopens within 30 days of closing
    STARS = "case_stars"  # a rating gives 1 to 5 stars
    URGENT_IN_HOURS = "case_urgent_in_hours"  # an urgent class counts its limits in working hours
    CATEGORY_TREE = "case_category_tree"  # two levels only: a small class under a large class
    CATEGORY_IN_USE = "case_category_in_use"  # a class with cases or small classes is not deleted
    PATROL_OPEN = "case_patrol_open"  # one open patrol per grid worker (another grid: end it)
    NOT_YOUR_PATROL = "case_not_your_patrol"  # only the grid worker on the patrol records it
    PATROL_ENDED = "case_patrol_ended"  # an ended patrol takes no more points and no second end
    PATROL_POINT = "case_patrol_point"  # a route point needs a valid position and time
    # 催办 goes to a unit holding the case (dispatched, handling)
    NOT_REMINDABLE = "case_not_remindable"
    NOT_SUPERVISABLE = "case_not_supervisable"  # 督办 is for open cases only
    HOTLINE_FILE = "case_hotline_file"  # the hotline file cannot be read or lacks required columns
    HOTLINE_ROW = "case_hotline_row"  # a row of the hotline file is not valid (row, column named)
    # an Open311 case needs lat/long inside the street's grids
    OPEN311_LOCATION = "case_open311_location"
    FIGURES_LEVEL = "case_figures_level"  # figures are per grid worker, community, unit or street
    FIGURES_RANGE = "case_figures_range"  # a figures' date range runs forward, at most 3 years
