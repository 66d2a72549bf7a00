"""The stable codes of the organization's refusals (core.errors; listed in docs/errors.md)."""

from gongzhi.core.errors import AppCode


class Code(AppCode):
    ONE_PLACE = "one_place"  # a role is held at exactly one place: street, community or grid
    UNKNOWN_ROLE = "unknown_role"  # no such role
    ROLE_LEVEL = "role_level"  # the role is not held at this level (street, community, grid)
    DEPARTMENT_REQUIRED = "department_required"  # department staff name their department
    NO_DEPARTMENT = "no_department"  # only department staff name a department
    NO_PROVIDER = "no_provider"  # only care providers and social-organization contacts do
    END_BEFORE_START = "end_before_start"  # an end date before the start date
    USER_OUT_OF_AREA = "user_out_of_area"  # the account works in another area
    OWN_ADMIN_ROLE = "own_admin_role"  # nobody ends or deletes their own street-admin role
    STATION_EXISTS = "station_exists"  # a 一委一居 community has no station: remove it first
    NEGATIVE_HOUSEHOLDS = "negative_households"  # a household count cannot be negative
    OTHER_STREET = "other_street"  # the community, unit or station is in another street
    NO_OWN_STATION = "no_own_station"  # a 一委一居 community is served by the street's station
    NO_STREET_STATION = "no_street_station"  # the street runs no street-level work station
    STREET_STATION_TAKEN = "street_station_taken"  # the street has its work station already
    FOREIGN_DUTY = "foreign_duty"  # a committee's duties come from its own street's list
    COMMITTEE_TOO_LARGE = "committee_too_large"  # a residents' committee has at most 9 members
    SECOND_CHAIR = "second_chair"  # a committee has one chair at a time
    NOT_ON_COMMITTEE = "not_on_committee"  # working-committee members sit on its committee
    OTHER_COMMUNITY = "other_community"  # the station serves another community
    STATION_REQUIRED = "station_required"  # a working group needs its service station
    OTHER_STATION = "other_station"  # the working group belongs to another station
    NOT_A_HOSPITAL = "not_a_hospital"  # a care centre's partner must be a hospital
    NOT_A_PLACE = "not_a_place"  # a role is held at a street, a community or a grid
