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
