"""The menu: each app lists its entries in `<app>/nav.py` as NAV = [NavItem(...)]; a user
sees an entry only if they hold its permission. One menu for sidebar, bottom bar and the
home page's quick links.

    # <app>/nav.py
    from django.utils.translation import gettext_lazy as _
    from gongzhi.core.nav import NavItem

    NAV = [
        NavItem(label=_("Communities"), url_name="org:community_list",
                permission="org.view_community", icon="bi-buildings", order=20,
                mobile=True, description=_("Communities, committees and stations")),
    ]

- `icon`: a Bootstrap Icons name (`bi-…`, vendored under static/css/bootstrap-icons).
- `mobile=True`: also in the phone's bottom bar (the first five by `order`).
- An entry whose `url_name` does not resolve (its app is not installed yet) is left out.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from importlib import import_module
from typing import Any

from django.apps import apps
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

StrOrPromise = str | Promise


@dataclass(frozen=True)
class NavItem:
    label: StrOrPromise  # translated when the menu is drawn
    url_name: str
    permission: str | None  # None: every signed-in user
    icon: str = "•"
    order: int = 100
    mobile: bool = False  # also in the phone's bottom bar
    description: str = ""  # shown on the home page's card
    group: str | None = None  # the sidebar's section (GROUPS); None: the app's nav.GROUP

    @property
    def url(self) -> str:
        return reverse(self.url_name)

    @property
    def resolves(self) -> bool:
        try:
            reverse(self.url_name)
        except NoReverseMatch:
            return False
        return True


NAV = [
    NavItem(
        label=_("Home"),
        url_name="home",
        permission=None,
        icon="bi-house",
        order=0,
        mobile=True,
        group="",
    ),
    NavItem(
        label=_("Audit log"),
        url_name="core:audit",
        permission="core.view_auditentry",
        icon="bi-journal-text",
        order=900,
    ),
]


@dataclass(frozen=True)
class Notice:
    """A warning an app puts on the home page, with a link to where it is dealt with."""

    key: str  # data-warning attribute, for tests and styling
    text: StrOrPromise
    url_name: str = ""
    link: StrOrPromise = ""


@cache
def _nav_modules() -> tuple:
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("gongzhi."):
            continue
        try:
            modules.append(import_module(f"{config.name}.nav"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.nav":
                raise
    return tuple(modules)


# The sidebar's sections, by task (issue #18): an app's entries fall in its `GROUP` (in its
# nav.py) unless an entry names its own (the figures of several apps are "stats").
GROUPS: dict[str, StrOrPromise] = {
    "": "",
    "window": _("Window services"),
    "grid": _("Grid"),
    "selfgov": _("Self-government"),
    "access": _("Access"),
    "society": _("Social organizations"),
    "stats": _("Statistics"),
    "system": _("System"),
}


@cache
def all_items() -> tuple[NavItem, ...]:
    items = [
        replace(i, group=getattr(module, "GROUP", "system") if i.group is None else i.group)
        for module in _nav_modules()
        for i in getattr(module, "NAV", [])
    ]
    return tuple(sorted(items, key=lambda i: (list(GROUPS).index(i.group), i.order)))


def grouped(menu: list[NavItem]) -> list[tuple[StrOrPromise, list[NavItem]]]:
    """The menu in its sections, in GROUPS order, empty sections left out."""
    return [
        (label, items)
        for key, label in GROUPS.items()
        if (items := [i for i in menu if i.group == key])
    ]


def current_url(menu: list[NavItem], path: str) -> str:
    """The one entry to highlight: the one whose address is the longest prefix of the page's
    (a request's page is under "Service requests", not also under "Window desk")."""
    best = ""
    for item in menu:
        url = item.url
        hit = path == url if url == "/" else path == url or path.startswith(url.rstrip("/") + "/")
        if hit and len(url) > len(best):
            best = url
    return best


def notices_for(user) -> list[Notice]:
    """The home page's warnings: each app's `NOTICES` in `<app>/nav.py` are callables taking
    the user and answering a Notice, or None when there is nothing to say to them. This is
    how an app tells core's home page something without core importing it."""
    found = (notice(user) for module in _nav_modules() for notice in getattr(module, "NOTICES", []))
    return [n for n in found if n is not None]


@dataclass(frozen=True)
class Panel:
    """A section an upper app adds to a lower app's page, without the lower app importing
    it: `PANELS = [Panel("registry.building", render)]` in `<app>/nav.py`; the page says
    `{% panels "registry.building" building %}` (core/templatetags/ui.py). `render(request,
    obj)` answers HTML (already escaped: render a template) or "" when the user may see nothing
    there. Slots in use: `org.community` (the community page), `org.public_community` (its
    public page, no log-in), `registry.building` (a building's page)."""

    slot: str
    render: Callable[[Any, Any], str]
    order: int = 100


@dataclass(frozen=True)
class Todo:
    """A kind of to-do on the workbench (工作台, the home page): `TODOS = [Todo(...)]` in
    `<app>/nav.py`. `items(user)` answers the waiting records through the user's scope (a
    queryset); the card shows their count and links to the list `url_name` with
    `?todo=<key>`, where `core.tables.Table` narrows the list to exactly those items — one
    query defines both, so the count and the list agree. A user sees the card when they hold
    `permission` (or one of several). `tone="danger"` for what is overdue."""

    key: str
    label: StrOrPromise
    permission: str | tuple[str, ...]
    items: Callable[[Any], Any]
    url_name: str
    order: int = 100
    tone: str = "primary"

    @property
    def url(self) -> str:
        return f"{reverse(self.url_name)}?todo={self.key}"

    def open_to(self, user) -> bool:
        wanted = (self.permission,) if isinstance(self.permission, str) else self.permission
        return any(user.has_perm(p) for p in wanted)


@cache
def all_todos() -> dict[str, Todo]:
    found = [t for module in _nav_modules() for t in getattr(module, "TODOS", [])]
    return {t.key: t for t in sorted(found, key=lambda t: t.order)}


def workbench_for(user) -> list[tuple[Todo, int]]:
    """The user's to-do cards with their counts, in order (zero counts included: the card
    says there is nothing waiting)."""
    if user is None or not user.is_authenticated:
        return []
    return [(t, t.items(user).count()) for t in all_todos().values() if t.open_to(user)]


@dataclass(frozen=True)
class Done:
    """A step that finishes a piece of work, for 已办 (what the user finished): `DONE =
    [Done(...)]` in `<app>/nav.py`. An audit entry counts when its `verb` (the action,
    `services.do_transition`) is this one and, if `after` is given, its recorded change
    holds one of the values named (`{"status": ("completed", "refused")}`: only the
    transitions that end the request). `url_name` (reversed with the entry's object id)
    links the line to the record."""

    verb: str
    label: StrOrPromise
    after: dict[str, tuple[str, ...]] | None = None
    url_name: str = ""

    def matches(self, entry) -> bool:
        if entry.verb != self.verb:
            return False
        changed = entry.after or {}
        return all(changed.get(k) in values for k, values in (self.after or {}).items())

    def url_for(self, entry) -> str:
        if not self.url_name or not entry.object_id:
            return ""
        try:
            return reverse(self.url_name, args=[entry.object_id])
        except NoReverseMatch:
            return ""


@cache
def all_done() -> tuple[Done, ...]:
    return tuple(d for module in _nav_modules() for d in getattr(module, "DONE", []))


def done_condition():
    """The Q that keeps the audit entries of a finishing step (all apps' DONE)."""
    condition = Q(pk__in=[])
    for done in all_done():
        part = Q(verb=done.verb)
        for key, values in (done.after or {}).items():
            part &= Q(**{f"after__{key}__in": list(values)})
        condition |= part
    return condition


def done_kind(entry) -> Done | None:
    return next((d for d in all_done() if d.matches(entry)), None)


def panels_for(slot: str) -> list[Panel]:
    found = [p for module in _nav_modules() for p in getattr(module, "PANELS", [])]
    return sorted((p for p in found if p.slot == slot), key=lambda p: p.order)


def menu_for(user) -> list[NavItem]:
    """The entries `user` may open, in menu order."""
    if user is None or not user.is_authenticated:
        return []
    return [
        i
        for i in all_items()
        if (i.permission is None or user.has_perm(i.permission)) and i.resolves
    ]


def mobile_menu(menu: list[NavItem], limit: int = 5) -> list[NavItem]:
    """The phone's bottom bar: the first `limit` entries marked `mobile`."""
    return [i for i in menu if i.mobile][:limit]
