"""Menu entries of civil (core.nav), shown to whoever holds their permission."""

from django.utils.translation import gettext_lazy as _

# --- hours ledger, certificates and time bank ---
from gongzhi.civil.views.ledger import to_confirm
from gongzhi.civil.views.timebank import waiting_requests
from gongzhi.core.nav import Done, NavItem, Todo

NAV: list = []
TODOS: list = []
DONE: list = []

# --- hours ledger, certificates and time bank ---

NAV += [
    NavItem(
        label=_("Volunteer hours"),
        url_name="civil:hours_list",
        permission="civil.view_hoursentry",
        icon="bi-clock-history",
        order=62,
        description=_("Hours served, confirmed and corrected; certificates; export"),
    ),
    NavItem(
        label=_("Time bank"),
        url_name="civil:tb_accounts",
        permission="civil.view_account",
        icon="bi-piggy-bank",
        order=63,
        description=_("Hours stored for people in need, spent and passed to family"),
    ),
]
TODOS += [
    Todo(
        "civil-hours-to-confirm",
        _("Volunteer hours to confirm"),
        "civil.confirm_hoursentry",
        to_confirm,
        "civil:hours_list",
        order=62,
    ),
    Todo(
        "civil-redemptions-waiting",
        _("Time-bank requests waiting"),
        "civil.change_redemption",
        waiting_requests,
        "civil:tb_redemptions",
        order=63,
    ),
]
DONE += [
    Done("civil.do_reverse_hours", _("Volunteer hours corrected"), url_name="civil:hours_detail"),
    Done("civil.do_serve_redemption", _("Time-bank request served")),
]
