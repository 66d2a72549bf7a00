"""The stable codes of the services app's refusals (core.errors; listed in docs/errors.md)."""

from gongzhi.core.errors import AppCode


class Code(AppCode):
    DEPARTMENT_ACTION = "department_action"  # a department only starts, completes or returns
    NO_DESTINATION = "no_destination"  # a transfer names a department or the street centre
    NOT_OPEN = "not_open"  # only an open request can be put under supervision
    STARS = "stars"  # a rating is 1 to 5 stars
    REQUIRED = "required"  # the field must be filled in
    DELEGATED_APPROVAL = "delegated_approval"  # a delegated approval stays in the community
    NOT_DELEGATED = "not_delegated"  # only a delegated approval is decided in the community
    # the menu (services.actions_catalog)
    NOT_ON_MENU = "not_on_menu"  # taking off the menu an item that is not on it
    ON_MENU = "on_menu"  # putting back on the menu an item that is on it
    ITEM_IN_USE = "item_in_use"  # an item with requests is taken off the menu, not deleted
    CATEGORY_IN_USE = "category_in_use"  # a category with items is not deleted
    # the menu's rules across values (services.catalog)
    MATERIALS_LIST = "materials_list"  # the materials are not a list of names
    TOO_MANY_MATERIALS = "too_many_materials"  # more than 50 materials
    MATERIAL_TOO_LONG = "material_too_long"  # a material name longer than 100 characters
    MATERIAL_TWICE = "material_twice"  # a material listed twice (requests tick them by name)
    CHOICES_REQUIRED = "choices_required"  # a choice field without choices
    CHOICE_SHAPE = "choice_shape"  # a choice is not a {"key", "name"} with both filled in
    CHOICE_TOO_LONG = "choice_too_long"  # a choice key or name longer than 100 characters
    CHOICE_COMMA = "choice_comma"  # a choice key with a comma (multiple keys are comma-separated)
    CHOICE_KEY_TWICE = "choice_key_twice"  # two choices with one key
    TOO_MANY_CHOICES = "too_many_choices"  # more than 50 choices
    ACTIVE_PERIOD = "active_period"  # the active period ends before it starts
    DELEGATION_PLACE = "delegation_place"  # only a station-handled item has delegated approval
    NEGATIVE_FEE = "negative_fee"  # a fee below zero
    FIELD_CODE_TWICE = "field_code_twice"  # two form fields of an item with one code
