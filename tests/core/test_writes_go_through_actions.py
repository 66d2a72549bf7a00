"""Every write goes through an action (issue 11, "one contract"): no door — a view, an API
module, an admin, a form, a management command, a task — writes a domain model itself.

Two guards, both independent of the code they check:

- an AST scan of every door module of every app for `.save(`, `.delete(`, `.update(` on a
  queryset and `objects.create(` (and its bulk / get_or_create kin), with a short allow-list
  of the legitimate exceptions below, each with its reason;
- every REST viewset that accepts a write overrides the write it accepts (`save_object`,
  `perform_destroy`, or the whole `create`/`update`/`destroy`): DRF's and ScopedViewSet's
  defaults save and delete the model directly, around the actions.

A new door that writes fails here until it calls its app's action (or, if it truly is not a
domain write, is listed below with its reason).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.urls import get_resolver
from rest_framework import mixins

import gongzhi
from gongzhi.core.viewsets import ScopedViewSet

SRC = Path(gongzhi.__file__).parent

# The methods a door may not call on a model, a queryset or a manager.
ALWAYS = {"save", "delete"}
ON_QUERYSETS = {
    "create",
    "get_or_create",
    "update_or_create",
    "bulk_create",
    "bulk_update",
    "update",
}
# Queryset steps: a call of ON_QUERYSETS on a chain through one of these (or `.objects`)
# is a database write; `data.update(...)` on a dict is not.
QUERYSET_STEPS = {
    "objects",
    "all",
    "filter",
    "exclude",
    "select_for_update",
    "select_related",
    "prefetch_related",
    "order_by",
    "only",
    "defer",
    "visible_to",
    "active",
    "none",
}

# (module path under src/gongzhi, the call as written, up to its first "(") → why it may write.
ALLOWED = {
    ("core/api_tokens.py", "ApiToken.objects.create"): (
        "a user's API token: a credential of core's accounts, not a domain record"
    ),
    ("core/api_tokens.py", "token.delete"): "revoking one's own API token (a credential)",
    ("core/api_tokens.py", "ApiToken.objects.filter(user=user).delete"): (
        "revoking one's own API tokens (credentials)"
    ),
    ("core/viewsets.py", "instance.save"): (
        "ScopedViewSet.save_object's default; test_no_viewset_writes_through_a_default "
        "below fails for any viewset that relies on it"
    ),
    ("registry/views_imports.py", "wb.save"): "an openpyxl workbook written to a buffer",
}
# Viewsets relying on a default write (DRF's or ScopedViewSet's), by "module.Class": write.
ALLOWED_DEFAULT_WRITES: dict[str, str] = {}


def is_door(path: Path) -> bool:
    """A module a request, a command or a task enters by: views, API, admin, forms, commands,
    tasks, middleware — not the actions, the rules they run or the migrations."""
    parts = path.relative_to(SRC).parts
    if {"migrations", "app_template", "actions"} & set(parts):
        return False
    if "management" in parts and "commands" in parts:
        return True
    if {"views", "api"} & set(parts[1:-1]):
        return True
    stem = path.stem
    return stem.startswith(("views", "api")) or stem in {"admin", "forms", "tasks", "middleware"}


def _through_a_queryset(call: ast.Call) -> bool:
    node = call.func.value
    while True:
        if isinstance(node, ast.Attribute):
            if node.attr in QUERYSET_STEPS:
                return True
            node = node.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in QUERYSET_STEPS:
                return True
            node = node.func.value
        else:
            return False


def _calls_an_action(call: ast.Call) -> bool:
    """`actions.save(...)`, `org_actions.save(...)`: the action layer's own entry."""
    receiver = call.func.value
    return isinstance(receiver, ast.Name) and (
        receiver.id in {"actions", "actions_catalog"} or receiver.id.endswith("_actions")
    )


def writes_in(source: str) -> list[tuple[int, str]]:
    """(line, call up to its first parenthesis) of every direct write in `source`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name = node.func.attr
        direct = name in ALWAYS or (name in ON_QUERYSETS and _through_a_queryset(node))
        if direct and not _calls_an_action(node):
            text = ast.unparse(node.func)
            found.append((node.lineno, text))
    return found


DOORS = sorted(p for p in SRC.rglob("*.py") if is_door(p))


def test_the_scan_finds_the_writes_it_looks_for():
    """The scanner itself: each kind of write is found, a dict's update and an action are not."""
    source = """
form.save()
household.delete()
Household.objects.create(number="1")
Household.objects.filter(pk=1).update(active=False)
Resident.objects.visible_to(user).delete()
Tag.objects.get_or_create(code="x")
context.update({"a": 1})
actions.save(user, obj)
org_actions.do_assign_role(user, grid, other, "grid_worker")
"""
    assert [text for _line, text in writes_in(source)] == [
        "form.save",
        "household.delete",
        "Household.objects.create",
        "Household.objects.filter(pk=1).update",
        "Resident.objects.visible_to(user).delete",
        "Tag.objects.get_or_create",
    ]


def test_the_scan_covers_every_apps_doors():
    apps = {p.relative_to(SRC).parts[0] for p in DOORS}
    assert {"core", "org", "registry", "services", "access", "selfgov", "open311"} <= apps
    assert {"workdays", "registry"} <= {
        p.relative_to(SRC).parts[0] for p in DOORS if "commands" in p.parts
    }


def test_no_door_writes_a_model_itself():
    found = []
    for path in DOORS:
        module = path.relative_to(SRC).as_posix()
        for line, text in writes_in(path.read_text(encoding="utf-8")):
            if (module, text) not in ALLOWED:
                found.append(f"{module}:{line}: {text}(…)")
    assert not found, "call the app's action instead:\n" + "\n".join(found)


def test_every_allowed_exception_still_exists():
    """An allow-list entry whose call is gone is removed, so the list stays short and true."""
    present = {
        (path.relative_to(SRC).as_posix(), text)
        for path in DOORS
        for _line, text in writes_in(path.read_text(encoding="utf-8"))
    }
    assert set(ALLOWED) <= present, set(ALLOWED) - present


# --- REST viewsets: no write through DRF's or ScopedViewSet's default ------------------------


def _viewsets():
    found = set()

    def walk(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns)
            else:
                cls = getattr(pattern.callback, "cls", None)
                if cls is not None:
                    found.add(cls)

    walk(get_resolver().url_patterns)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__name__}")


def default_writes(cls) -> list[str]:
    """The writes `cls` accepts and leaves to a default that saves or deletes directly."""
    methods = set(getattr(cls, "http_method_names", ()))
    default_save = (
        cls.save_object is ScopedViewSet.save_object if issubclass(cls, ScopedViewSet) else True
    )
    writes = []
    if (
        issubclass(cls, mixins.CreateModelMixin)
        and "post" in methods
        and cls.create is mixins.CreateModelMixin.create
        and (
            cls.perform_create is mixins.CreateModelMixin.perform_create
            or (cls.perform_create is ScopedViewSet.perform_create and default_save)
        )
    ):
        writes.append("create")
    if (
        issubclass(cls, mixins.UpdateModelMixin)
        and methods & {"put", "patch"}
        and cls.update is mixins.UpdateModelMixin.update
        and (
            cls.perform_update is mixins.UpdateModelMixin.perform_update
            or (cls.perform_update is ScopedViewSet.perform_update and default_save)
        )
    ):
        writes.append("update")
    if (
        issubclass(cls, mixins.DestroyModelMixin)
        and "delete" in methods
        and cls.destroy is mixins.DestroyModelMixin.destroy
        and cls.perform_destroy is mixins.DestroyModelMixin.perform_destroy
    ):
        writes.append("destroy")
    return writes


def test_the_viewset_check_finds_a_default_write():
    class Plain(ScopedViewSet):
        pass

    class Through(ScopedViewSet):
        def save_object(self, instance, related):
            return instance

        def perform_destroy(self, instance):
            pass

    class ReadAndCreate(Through):
        http_method_names = ["get", "post"]

    assert default_writes(Plain) == ["create", "update", "destroy"]
    assert default_writes(Through) == []
    assert default_writes(ReadAndCreate) == []


@pytest.mark.parametrize("cls", _viewsets(), ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_no_viewset_writes_through_a_default(cls):
    name = f"{cls.__module__}.{cls.__name__}"
    allowed = {ALLOWED_DEFAULT_WRITES[name]} if name in ALLOWED_DEFAULT_WRITES else set()
    assert set(default_writes(cls)) <= allowed, (
        f"{name} writes through a default ({default_writes(cls)}): override save_object / "
        "perform_destroy to call the app's action, or drop the method from http_method_names"
    )


def test_every_allowed_default_write_still_exists():
    """An entry of ALLOWED_DEFAULT_WRITES goes when its viewset stops relying on the default."""
    by_name = {f"{c.__module__}.{c.__name__}": c for c in _viewsets()}
    for name, write in ALLOWED_DEFAULT_WRITES.items():
        assert write in default_writes(by_name[name]), name
