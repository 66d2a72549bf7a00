"""The stable codes of the working-day calendar's refusals (core.errors; in docs/errors.md)."""

from gongzhi.core.errors import AppCode


class Code(AppCode):
    MAKEUP_ON_WEEKDAY = "makeup_on_weekday"  # a make-up working day falls on a weekend
    UNKNOWN_KIND = "unknown_kind"  # a calendar day is a holiday or a make-up working day
    NAME_REQUIRED = "name_required"  # a calendar day needs its name (e.g. 春节)
    DATE_REQUIRED = "date_required"  # a calendar day needs its date
    NO_SCHEDULE = "no_schedule"  # the holidays package has no official schedule for the year
