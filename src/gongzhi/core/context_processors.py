"""Template context for every page: the menu (sidebar and phone bottom bar) and the
signed-in user's role labels for the top bar."""

from django.utils.functional import SimpleLazyObject

from gongzhi.core.directory import directory
from gongzhi.core.inbox import unread_count
from gongzhi.core.middleware import requires_second_factor
from gongzhi.core.nav import current_url, grouped, menu_for, mobile_menu


def _role_labels(user) -> list[str]:
    return directory().role_labels(user)


def _awaiting_second_factor(user) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return is_verified is not None and not is_verified() and requires_second_factor(user)


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {
            "nav_menu": [],
            "nav_groups": [],
            "nav_mobile": [],
            "user_roles": [],
            "unread_notifications": 0,
        }
    if _awaiting_second_factor(user):
        # Before the TOTP step the menu would only lead back to it: show none.
        return {
            "nav_menu": [],
            "nav_groups": [],
            "nav_mobile": [],
            "user_roles": SimpleLazyObject(lambda: _role_labels(user)),
            "unread_notifications": 0,
        }
    menu = menu_for(user)
    return {
        "nav_menu": menu,
        "nav_groups": grouped(menu),
        "nav_current": current_url(menu, request.path),
        "nav_mobile": mobile_menu(menu),
        "user_roles": SimpleLazyObject(lambda: _role_labels(user)),
        "unread_notifications": unread_count(user),
    }
