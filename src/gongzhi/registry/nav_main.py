"""Menu entries of the registry's main pages (the grid worker's ones also on the phone)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core.nav import NavItem

NAV = [
    NavItem(
        label=_("Verify who I am"),
        url_name="registry:verify_identity",
        permission="registry.verify_own_identity",
        icon="bi-person-check",
        # Done once: in the menu and on the home page, not in the phone's bottom bar.
        order=90,
        description=_("Link your account to your record, so requests carry your details"),
    ),
    NavItem(
        label=_("My grid"),
        url_name="registry:my_grid",
        permission="registry.add_visit",
        icon="bi-grid-3x3-gap",
        order=30,
        mobile=True,
        description=_("Households, key figures and load of your grid"),
    ),
    NavItem(
        label=_("My households"),
        url_name="registry:my_households",
        permission="registry.add_visit",
        icon="bi-house-door",
        order=31,
        mobile=True,
        description=_("Find a household, visit, update"),
    ),
    NavItem(
        label=_("Search residents"),
        url_name="registry:search",
        permission="registry.view_resident",
        icon="bi-search",
        order=32,
        mobile=True,
        description=_("By name, pinyin, ID number, phone or address"),
    ),
    NavItem(
        label=_("Visits"),
        url_name="registry:visit_list",
        permission="registry.view_visit",
        icon="bi-journal-check",
        order=33,
        mobile=True,
        description=_("Home visits (走访) and follow-ups"),
    ),
    NavItem(
        label=_("Residents"),
        url_name="registry:resident_list",
        permission="registry.view_resident",
        icon="bi-people",
        order=34,
        description=_("Actual population: registered, migrant, foreign"),
    ),
    NavItem(
        label=_("Households"),
        url_name="registry:household_list",
        permission="registry.view_household",
        icon="bi-house",
        order=35,
        description=_("Households, members, splits and merges"),
    ),
    NavItem(
        label=_("Buildings"),
        url_name="registry:building_list",
        permission="registry.view_building",
        icon="bi-building",
        order=36,
        description=_("Buildings, flats and their grids"),
    ),
    NavItem(
        label=_("Special groups"),
        url_name="registry:tag_list",
        permission="registry.view_tag",
        icon="bi-tags",
        order=37,
        description=_("The list of special groups (特殊人群)"),
    ),
]
