"""The stable codes of the registry's refusals (core.errors; listed in docs/errors.md)."""

from gongzhi.core.errors import AppCode


class Code(AppCode):
    FUTURE_DATE = "future_date"  # a date (move, death, tag since, visit) lies in the future
    OUT_OF_SCOPE = "out_of_scope"  # the saved record would lie outside the actor's area
    NAME_REQUIRED = "name_required"  # a resident needs a name
    ID_NUMBER_TAKEN = "id_number_taken"  # another record has this ID number
    DIED_ON_REQUIRED = "died_on_required"  # a death needs its date
    DEATH_BEFORE_BIRTH = "death_before_birth"  # the date of death is before the birth date
    ALREADY_REGISTERED = "already_registered"  # registering a resident who has a record
    NOT_REGISTERED = "not_registered"  # editing a resident who has no record yet
    COMMUNITY_REQUIRED = "community_required"  # a new resident needs a household or community
    HOUSEHOLD_CLOSED = "household_closed"  # the household was merged away or deleted
    HEAD_TAKEN = "head_taken"  # the household already has a head of household
    HEAD_NOT_MEMBER = "head_not_member"  # the head must be an active member of the household
    DECEASED = "deceased"  # the resident is recorded as deceased
    USE_TRANSFER = "use_transfer"  # someone living in a household changes it by a transfer
    NOT_LIVING_HERE = "not_living_here"  # the resident has moved out or died
    SAME_HOUSEHOLD = "same_household"  # a transfer to the household the resident lives in
    GRADE_REQUIRED = "grade_required"  # a graded tag (disability) needs a grade
    GRADE_RANGE = "grade_range"  # a grade is 1 to 4
    NO_GRADE = "no_grade"  # the tag has no grade
    FLAT_NOT_IN_BUILDING = "flat_not_in_building"  # the household's flat is in another building
    BUILDING_REQUIRED = "building_required"  # a household needs its building (or community)
    NUMBER_REQUIRED = "number_required"  # a household or flat needs its number
    NUMBER_TAKEN = "number_taken"  # the household or flat number is used already
    ADDRESS_REQUIRED = "address_required"  # a household needs its address
    ADDRESS_TAKEN = "address_taken"  # a building with this address exists in the community
    OTHER_COMMUNITY = "other_community"  # the grid or estate belongs to another community
    COMMUNITY_CHANGE = "community_change"  # households and lived-in buildings keep community
    MEMBERS_REQUIRED = "members_required"  # a split names the members who leave
    NOT_A_MEMBER = "not_a_member"  # only members living in the household can split off
    MEMBER_MUST_STAY = "member_must_stay"  # a split leaves at least one member behind
    HEAD_NOT_MOVING = "head_not_moving"  # the new head is one of the members who split off
    MERGE_SELF = "merge_self"  # a household merged into itself
    MERGE_CLOSED = "merge_closed"  # only open households can be merged
    HOUSEHOLD_HAS_MEMBERS = "household_has_members"  # a household is deleted once it is empty
    UNIT_RANGE = "unit_range"  # the flat's entrance is not one of the building's
    FLOOR_RANGE = "floor_range"  # the flat's floor is not one of the building's
    AREA_RANGE = "area_range"  # a flat's area is between 0 and 10,000 m²
    FLAT_MOVE = "flat_move"  # a flat cannot move to another building
    VISITOR_REQUIRED = "visitor_required"  # a visit needs who visited
    PURPOSE_REQUIRED = "purpose_required"  # a visit needs its purpose
    NO_FOLLOW_UP = "no_follow_up"  # the visit needs no follow-up
    USERNAME_REQUIRED = "username_required"  # linking at the window names the account
    NO_RESIDENT_ACCOUNT = "no_resident_account"  # no such resident account in the community
    PERSON_LINKED = "person_linked"  # the person is linked to another account
    ACCOUNT_LINKED = "account_linked"  # the account is linked to another person
    NOT_LINKED = "not_linked"  # unlinking a person who has no linked account
    ALREADY_VERIFIED = "already_verified"  # the account is linked to its record already
    RATE_LIMITED = "rate_limited"  # too many failed identity checks today
    FIELD_REQUIRED = "field_required"  # the identity check needs name, ID number, phone digits
    NO_MATCH = "no_match"  # the identity check's details match no resident of the community
    ALREADY_GRID_WORKER = "already_grid_worker"  # the user is a grid worker of this grid already
    NOT_GRID_WORKER = "not_grid_worker"  # ending on the grid map an assignment of another role
    TAG_CODE_TAKEN = "tag_code_taken"  # another special group has this code
    TAG_IN_USE = "tag_in_use"  # a special group residents hold is not deleted
    GRADES_HELD = "grades_held"  # a group whose grades residents hold keeps its grades
    ESTATE_NAME_TAKEN = "estate_name_taken"  # the community has an estate of this name
    GRIDS_FULL = "grids_full"  # a community holds at most 99 grids
    BOUNDARY = "boundary"  # a grid boundary is not one closed GeoJSON polygon of valid points
    BUILDING_UNKNOWN = "building_unknown"  # no building chosen, or one not on the actor's list
