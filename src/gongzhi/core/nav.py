"""The menu: each app lists its entries in `<app>/nav.py` as NAV = [NavItem(...)]; a user
sees an entry only if they hold its permission. One menu for sidebar and bottom bar."""

from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.apps import apps
from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None  # None: every signed-in user
    icon: str = "•"
    order: int = 100
    mobile: bool = False  # also in the phone's bottom bar

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@cache
def all_items() -> tuple[NavItem, ...]:
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("gongzhi."):
            continue
        try:
            module = import_module(f"{config.name}.nav")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.nav":
                raise
            continue
        items.extend(module.NAV)
    return tuple(sorted(items, key=lambda i: i.order))


def menu_for(user) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    return [i for i in all_items() if i.permission is None or user.has_perm(i.permission)]
