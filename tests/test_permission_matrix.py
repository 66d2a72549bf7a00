"""The permission matrix, generated from the URL conf (pretix's tests/api/test_permissions.py).

Every route — UI and API — is found by walking `get_resolver()`. What it requires is read from
the view itself:

- `public = True` (function or class): anyone, signed in or not;
- `permission_required` on a class-based view (RoleRequiredMixin) or on a function view
  (`@role_required`): the user's roles must give all of those permissions. An empty
  `permission_required` set explicitly on the view class (not inherited from
  RoleRequiredMixin's default) means "any signed-in user", as does a class using
  LoginRequiredMixin without PermissionRequiredMixin;
- DRF views: RolePermission (the model permission for the HTTP method, or the view's
  `required_permission`), IsAuthenticated (any signed-in user) or AllowAny (anyone).

Then, for the anonymous visitor and every user of the `users` fixture (one test per role),
each route is requested (GET; a view that only accepts POST is sent an empty POST, inside a
rolled-back savepoint) and the answer must match:

- anonymous: a UI page redirects to the log-in page, the API answers 401/403 (unless public);
- a role without the permission: 403;
- a role with it: 200 (a page may also redirect, but not to the log-in or second-factor
  page); on a route with an object in its URL the object is one the role can see, and the
  same route with an object OUTSIDE the role's area must answer 404.

A route whose access cannot be read, or whose URL cannot be built, FAILS
`test_every_route_declares_its_access` — so a new view without a declared permission is
caught. The few routes left out are listed in SKIPPED with the reason.

Objects for URLs come from the `world` and `users` fixtures, `tests/api/org_objects.py`, and
for other apps from `tests/<app>/matrix.py` if it defines `build(world, users)`: create there
one record of each of your models inside street S1 / community C1 / grid G1 and one in
street S2 / community C3, so every role has one in scope and one out of it.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from rest_framework import permissions as drf_permissions
from rest_framework.views import APIView

from gongzhi.core.api_permissions import RolePermission
from gongzhi.core.views_base import RoleRequiredMixin
from tests.api.org_objects import build_org_objects
from tests.conftest import ROLE_USERS

ROLES = [
    "anonymous",
    *ROLE_USERS,
    "bob",
    "charlie",
    "outsider",
    "nobody",
]

PUBLIC = "public"
AUTHENTICATED = "authenticated"
PERMISSION = "permission"

# URL prefixes that are not gongzhi pages.
SKIPPED_PREFIXES = {
    "admin/": "Django admin: its own is_staff log-in and model permissions, not role based",
    "i18n/": "Django's set_language: a public POST that only sets the language cookie",
    "static/": "static files (DEBUG only)",
    "media/": "uploaded files (DEBUG only)",
}

# Routes left out, by name, each with the reason and where it is tested instead.
SKIPPED = {
    "api-schema": "public OpenAPI description without data; generating it for each of 15 "
    "roles is slow; tests/api/test_schema.py checks it is served to anyone and validates",
    "api-docs": "Swagger UI page for the schema above, no data; tests/api/test_schema.py",
    "core_api:token": "credential exchange (POST public, DELETE signed-in): "
    "tests/api/test_auth.py covers issue, lock-out, second factor and revocation",
}

# Views that declare nothing readable but whose access is known; name -> (access, reason).
# Better: declare it on the view (then remove the line here).
ACCESS_OVERRIDES = {
    "home": (AUTHENTICATED, "core.views.home sends anonymous visitors to log in by hand"),
    "healthz": (PUBLIC, "the load balancer's health probe: no data, no log-in"),
}

# Routes whose URL arguments are not a plain `pk` of the view's model:
# name -> (app_label.ModelName of the object, filter for that object, object -> kwargs).
ROUTE_KWARGS = {
    "core:history": (
        "org.Community",
        {},
        lambda obj: {
            "content_type_id": ContentType.objects.get_for_model(obj).pk,
            "object_id": str(obj.pk),
        },
    ),
    "core:reveal": (
        "org.Staff",
        {},
        lambda obj: {
            "app_label": "org",
            "model_name": "staff",
            "pk": str(obj.pk),
            "field": "phone",
        },
    ),
    "registry:grid_worker_end": ("org.RoleAssignment", {"role": "grid_worker"}, None),
    "open311:token": (
        "services.ServiceRequest",
        {},
        lambda obj: {"token": obj.tracking_code, "format": "json"},
    ),
    "registry:grid_worker_add": ("org.Grid", {}, None),
    # a decision document exists only for a decided delegated approval (tests/services/matrix)
    "services:decision_pdf": ("services.ServiceRequest", {"decision__gt": ""}, None),
    "services-request-decision-pdf": ("services.ServiceRequest", {"decision__gt": ""}, None),
    "registry:grid_assign": ("org.Grid", {}, None),
    # --- leaders' activities: a leader's own activity (tests/civil/matrix_lead.py) ---
    "civil:lead_attendance": ("civil.Activity", {"title": "矩阵领袖活动"}, None),
    "civil-my-activity-detail": ("civil.Activity", {"title": "矩阵领袖活动"}, None),
    "civil-my-activity-attendance": ("civil.Activity", {"title": "矩阵领袖活动"}, None),
    "cases:step": ("cases.Case", {}, lambda obj: {"pk": obj.pk, "step": "accept"}),
    "cases:escalate": ("cases.Case", {}, lambda obj: {"pk": obj.pk, "kind": "remind"}),
    "open311:case_detail": (
        "cases.Case",
        {},
        lambda obj: {"number": obj.number, "format": "json"},
    ),
    "open311:category_detail": (
        "cases.Category",
        {"parent__isnull": False},
        lambda obj: {"code": obj.code, "format": "json"},
    ),
    # --- civil: hours ledger, certificates and time bank ---
    "civil_public:certificate": ("civil.Certificate", {}, lambda obj: {"code": obj.code}),
    "civil_public:redemption_record": ("org.Street", {}, lambda obj: {"street": obj.pk}),
    "civil-tb-record": ("org.Street", {}, lambda obj: {"id": obj.pk}),
    "civil:tb_redemption_step": (
        "civil.Redemption",
        {},
        lambda obj: {"pk": obj.pk, "step": "serve"},
    ),
}


@dataclass
class Route:
    pattern: str
    name: str | None
    callback: object
    kwarg_names: tuple[str, ...]
    access: str | None = None
    permissions: tuple[str, ...] = ()
    method: str = "GET"
    model: type | None = None
    problem: str = ""
    api: bool = False
    lookup_kwarg: str = "pk"
    extra: dict = field(default_factory=dict)

    def __str__(self):
        text = f"{self.name or '(unnamed)'} /{self.pattern}"
        if self.extra.get("guessed") and self.model is not None:
            text += f" [{self.model.__name__} guessed from the name/permission: set `model`]"
        return text


# --- reading the URL conf ---------------------------------------------------------------


def _walk(patterns, prefix="", namespace=None, kwargs=()):
    for p in patterns:
        names = tuple(p.pattern.regex.groupindex)
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns, kwargs + names)
        else:
            name = p.name and (f"{namespace}:{p.name}" if namespace else p.name)
            yield prefix + str(p.pattern), name, p.callback, kwargs + names


def _model_by_name(name: str, app_label: str | None = None):
    name = name.replace("_", "").replace("-", "").lower()
    for model in apps.get_models():
        if not model.__module__.startswith("gongzhi."):
            continue
        if app_label and model._meta.app_label != app_label:
            continue
        if model._meta.model_name == name:
            return model
    return None


def _model_of_permission(perm: str):
    app_label, _, codename = perm.partition(".")
    action, _, model_name = codename.partition("_")
    if action in ("view", "add", "change", "delete") and model_name:
        return _model_by_name(model_name, app_label)
    return None


def _declared_class_permission(view_class) -> tuple[str, ...] | None:
    """The class's `permission_required`, or None if only RoleRequiredMixin's default."""
    for klass in view_class.__mro__:
        if "permission_required" in klass.__dict__:
            if klass in (RoleRequiredMixin, PermissionRequiredMixin):
                return None
            value = klass.__dict__["permission_required"]
            if value is None:
                return None
            return (value,) if isinstance(value, str) else tuple(value)
    return None


def _read_drf(route: Route, cls, callback):
    route.api = True
    actions = getattr(callback, "actions", None) or {}
    if actions:
        method = "GET" if "get" in actions else next(iter(actions)).upper()
    else:
        allowed = [m.upper() for m in cls.http_method_names if hasattr(cls, m) and m != "options"]
        method = "GET" if "GET" in allowed else (allowed[0] if allowed else "GET")
    route.method = method
    view = cls(**getattr(callback, "initkwargs", {}))
    view.action_map = actions
    view.action = actions.get(method.lower())
    view.request = None
    view.args, view.kwargs, view.format_kwarg = (), {}, None
    route.lookup_kwarg = getattr(view, "lookup_url_kwarg", None) or getattr(
        view, "lookup_field", "pk"
    )
    queryset = getattr(view, "queryset", None)
    route.model = getattr(queryset, "model", None)
    checks = view.get_permissions()
    if any(isinstance(c, RolePermission) for c in checks):
        required = RolePermission.required_for(view, method)
        if required is None:
            route.problem = "RolePermission without a queryset model or required_permission"
            return
        route.access, route.permissions = PERMISSION, (required,)
        if route.model is None:
            route.model = _model_of_permission(required)
            route.extra["guessed"] = True
    elif checks and all(isinstance(c, drf_permissions.AllowAny) for c in checks):
        route.access = PUBLIC
    elif any(isinstance(c, drf_permissions.IsAuthenticated) for c in checks) and all(
        isinstance(c, (drf_permissions.IsAuthenticated, drf_permissions.AllowAny)) for c in checks
    ):
        route.access = AUTHENTICATED
    else:
        route.problem = f"unknown permission classes {[type(c).__name__ for c in checks]}"


def _read_django(route: Route, callback):
    view_class = getattr(callback, "view_class", None)
    if getattr(callback, "public", False) or getattr(view_class, "public", False):
        route.access = PUBLIC
    elif view_class is not None:
        perms = _declared_class_permission(view_class)
        if perms:
            route.access, route.permissions = PERMISSION, perms
        elif perms == () or (
            issubclass(view_class, LoginRequiredMixin)
            and not issubclass(view_class, PermissionRequiredMixin)
        ):
            route.access = AUTHENTICATED
        route.model = getattr(view_class, "model", None)
    else:
        route.model = getattr(callback, "model", None)
        perm = getattr(callback, "permission_required", None)
        if perm:
            route.access = PERMISSION
            route.permissions = (perm,) if isinstance(perm, str) else tuple(perm)
    if route.access is None:
        route.problem = (
            "declares no access: set permission_required (RoleRequiredMixin / "
            "@role_required), `public = True` (@public_view), or an explicit empty "
            "permission_required for any signed-in user"
        )
    if route.model is None and route.kwarg_names:
        route.extra["guessed"] = True
    if route.model is None and route.permissions:
        route.model = _model_of_permission(route.permissions[0])
    if route.model is None and route.name:
        namespace, _, short = route.name.rpartition(":")
        for token in [short, *short.replace("-", "_").split("_")]:
            route.model = _model_by_name(token)
            if route.model is not None:
                break


def all_routes() -> list[Route]:
    routes, seen = [], set()
    for pattern, name, callback, kwarg_names in _walk(get_resolver().url_patterns):
        bare = pattern.lstrip("^")
        if any(bare.startswith(prefix) for prefix in SKIPPED_PREFIXES):
            continue
        key = (name, frozenset(kwarg_names), pattern if name is None else "")
        if key in seen:
            continue
        seen.add(key)
        route = Route(pattern=bare, name=name, callback=callback, kwarg_names=kwarg_names)
        if name in SKIPPED:
            continue
        if name is None:
            route.problem = "has no name, so its URL cannot be built: give it one"
        cls = getattr(callback, "cls", None)
        if isinstance(cls, type) and issubclass(cls, APIView):
            _read_drf(route, cls, callback)
        else:
            _read_django(route, callback)
        if route.name in ACCESS_OVERRIDES and route.access is None:
            route.access, route.problem = ACCESS_OVERRIDES[route.name][0], ""
        if route.name in ROUTE_KWARGS:
            route.model = apps.get_model(ROUTE_KWARGS[route.name][0])
            route.extra.pop("guessed", None)
        if route.kwarg_names and route.model is None and not route.problem:
            route.problem = (
                f"cannot tell which model its URL arguments {route.kwarg_names} name: set "
                "`model` on the view (function views too) or add it to ROUTE_KWARGS here"
            )
        routes.append(route)
    return routes


# --- objects for URL arguments -----------------------------------------------------------


def _build_other_objects(world, users):
    for config in apps.get_app_configs():
        if not config.name.startswith("gongzhi."):
            continue
        try:
            module = importlib.import_module(f"tests.{config.label}.matrix")
        except ModuleNotFoundError as exc:
            if exc.name not in (f"tests.{config.label}", f"tests.{config.label}.matrix"):
                raise
            continue
        if hasattr(module, "build"):
            module.build(world, users)


def _visible(model, user):
    manager = model._default_manager
    if user is not None and hasattr(manager.all(), "visible_to"):
        return manager.all().visible_to(user)
    return manager.all()


def _scoped(model) -> bool:
    return hasattr(model._default_manager.all(), "visible_to") and (
        getattr(model, "scope_paths", "x") is not None
    )


# Routes that read their input from the query string: name -> () -> "?…" (built once the
# fixture's objects exist).
ROUTE_QUERY = {
    # a certificate is verified by its code (no personal data; a missing code is a 400)
    "civil-certificate-verify": lambda: (
        "?code=" + apps.get_model("civil.Certificate").objects.order_by("pk").first().code
    ),
}


def _object_filter(route: Route) -> dict:
    return ROUTE_KWARGS[route.name][1] if route.name in ROUTE_KWARGS else {}


def _kwargs_for(route: Route, obj) -> dict:
    if route.name in ROUTE_KWARGS and ROUTE_KWARGS[route.name][2] is not None:
        return ROUTE_KWARGS[route.name][2](obj)
    kwargs = {}
    for name in route.kwarg_names:
        if name in ("pk", "id", route.lookup_kwarg, "object_id"):
            kwargs[name] = obj.pk
        elif name == "format":
            kwargs[name] = "json"
        elif name.endswith(("_pk", "_id")):
            related = name.rsplit("_", 1)[0]
            target = getattr(obj, related, None)
            if target is None:
                model = _model_by_name(related)
                if model is not None and isinstance(obj, model):
                    target = obj
            if target is None:
                raise LookupError(f"cannot fill <{name}> from {obj!r}")
            kwargs[name] = target.pk
        else:
            raise LookupError(f"cannot fill <{name}>: add the route to ROUTE_KWARGS")
    return kwargs


# --- requesting and judging --------------------------------------------------------------


def _is_login_redirect(response) -> bool:
    if response.status_code not in (301, 302, 303, 307, 308):
        return False
    return urlsplit(response["Location"]).path in (reverse("login"), reverse("otp-verify"))


def _request(client, route: Route, url: str):
    method = route.method
    sid = transaction.savepoint()
    try:
        if method == "GET":
            response = client.get(url)
            if response.status_code == 405:
                method = "POST"
        if method != "GET":
            response = getattr(client, method.lower())(url, {} if method == "POST" else None)
    finally:
        transaction.savepoint_rollback(sid)
    response.matrix_method = method
    return response


def _granted(route: Route, response) -> bool:
    status = response.status_code
    if route.access == PUBLIC:
        # A public page may send a signed-in user on (log-in page) or, after a POST,
        # anywhere (log-out goes to the log-in page).
        return status < 400 or (
            response.matrix_method != "GET" and status not in (401, 403, 405) and status < 500
        )
    if response.matrix_method == "GET":
        if route.api:
            return status == 200
        return 200 <= status < 400 and not _is_login_redirect(response)
    return status < 500 and status not in (401, 403, 404, 405) and not _is_login_redirect(response)


def _denied_anonymous(route: Route, response) -> bool:
    if route.api:
        return response.status_code in (401, 403)
    return _is_login_redirect(response)


@pytest.fixture
def matrix_world(world, users):
    objects = build_org_objects(world)
    _build_other_objects(world, users)
    return objects


def test_every_route_declares_its_access():
    routes = all_routes()
    problems = [f"{route}: {route.problem}" for route in routes if route.problem]
    assert not problems, "Routes the permission matrix cannot check:\n" + "\n".join(problems)
    assert any(r.api for r in routes) and any(not r.api for r in routes)


def test_fixture_users_are_all_in_the_matrix(users):
    assert set(users) | {"anonymous"} == set(ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, users, matrix_world, verified_client):
    user = None if role == "anonymous" else users[role]
    client = Client() if user is None else verified_client(user)
    failures = []
    checked = 0
    for route in all_routes():
        if route.problem:
            continue  # reported by test_every_route_declares_its_access
        allowed = route.access == PUBLIC or (
            user is not None
            and (route.access == AUTHENTICATED or all(user.has_perm(p) for p in route.permissions))
        )
        inside = outside = None
        if route.kwarg_names:
            every = route.model._default_manager.filter(**_object_filter(route)).order_by("pk")
            if allowed and user is not None and route.access != PUBLIC:
                visible = _visible(route.model, user).filter(**_object_filter(route))
                inside = visible.order_by("pk").first()
                if _scoped(route.model) and route.access != PUBLIC:
                    outside = every.exclude(pk__in=visible.values("pk")).first()
            else:
                inside = every.first()
            if inside is None:
                failures.append(
                    f"{route}: no {route.model.__name__} {'visible to ' + role if allowed else ''}"
                    " in the fixture: add one (tests/<app>/matrix.py build())"
                )
                continue
        try:
            url = reverse(route.name, kwargs=_kwargs_for(route, inside) if inside else None)
            url += ROUTE_QUERY[route.name]() if route.name in ROUTE_QUERY else ""
        except LookupError as exc:
            failures.append(f"{route}: {exc}")
            continue
        response = _request(client, route, url)
        checked += 1
        status = f"{response.matrix_method} {url} -> {response.status_code}"
        if user is None and not allowed:
            if not _denied_anonymous(route, response):
                failures.append(f"{route}: anonymous must be sent to log in / 401, got {status}")
        elif not allowed:
            if response.status_code != 403:
                failures.append(
                    f"{route}: {role} lacks {route.permissions}, expected 403, got {status}"
                )
        elif not _granted(route, response):
            failures.append(
                f"{route}: {role} may use it ({route.access} {route.permissions}), got {status}"
            )
        if outside is not None:
            url = reverse(route.name, kwargs=_kwargs_for(route, outside))
            response = _request(client, route, url)
            if response.status_code != 404:
                failures.append(
                    f"{route}: {role} must get 404 for {route.model.__name__} #{outside.pk} "
                    f"outside its area, got {response.matrix_method} {url} -> {response.status_code}"
                )
        if user is not None and "_auth_user_id" not in client.session:
            client = verified_client(user)  # the route ended the session (log-out)
    assert checked, "no route was checked"
    assert not failures, f"{len(failures)} problem(s) for {role}:\n" + "\n".join(failures)


# --- API writes: add / change / delete permissions and scope -------------------------------


def _api_model_routes():
    for route in all_routes():
        if route.api and route.access == PERMISSION and route.model is not None:
            actions = getattr(route.callback, "actions", None) or {}
            if set(actions) & {"post", "patch", "delete"}:
                yield route, actions


def _write_permission(route: Route, actions: dict, method: str) -> str:
    """What the view itself requires for `method` (RolePermission.required_for with the
    action set): add/change/delete_<model> for the standard actions, the action's own
    permission (`required_permission`) for custom ones such as `refuse` or `start`."""
    cls = route.callback.cls
    view = cls(**getattr(route.callback, "initkwargs", {}))
    view.action_map = actions
    view.action = actions[method]
    view.request = None
    view.args, view.kwargs, view.format_kwarg = (), {}, None
    return RolePermission.required_for(view, method.upper())


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_api_write_matrix(role, users, matrix_world, verified_client):
    """POST to lists, PATCH and DELETE on details: 403 without the add/change/delete
    permission, never 401/403/404/5xx with it, 404 for an object outside the role's area."""
    user = users[role]
    client = verified_client(user)
    failures = []
    for route, actions in _api_model_routes():
        model = route.model
        for method in ("post", "patch", "delete"):
            if method not in actions:
                continue
            perm = _write_permission(route, actions, method)
            allowed = user.has_perm(perm)
            targets = [None]
            if route.kwarg_names:
                visible = _visible(model, user)
                inside = (
                    (visible if allowed else model._default_manager)
                    .filter(**_object_filter(route))  # a route's own object (ROUTE_KWARGS)
                    .order_by("pk")
                    .first()
                )
                outside = None
                if allowed and _scoped(model):
                    outside = (
                        model._default_manager.exclude(pk__in=visible.values("pk"))
                        .order_by("pk")
                        .first()
                    )
                if inside is None:
                    failures.append(f"{route}: no {model.__name__} in the fixture for {role}")
                    break
                targets = [("in", inside)] + ([("out", outside)] if outside else [])
            for target in targets:
                where, obj = target if target else ("list", None)
                url = reverse(route.name, kwargs={route.lookup_kwarg: obj.pk} if obj else None)
                sid = transaction.savepoint()
                try:
                    response = getattr(client, method)(url, {}, content_type="application/json")
                finally:
                    transaction.savepoint_rollback(sid)
                got = f"{method.upper()} {url} -> {response.status_code}"
                if not allowed:
                    if response.status_code != 403:
                        failures.append(f"{route}: {role} lacks {perm}, expected 403, got {got}")
                elif where == "out":
                    if response.status_code != 404:
                        failures.append(f"{route}: {role} outside its area expected 404, got {got}")
                elif response.status_code >= 500 or response.status_code in (401, 403, 404, 405):
                    failures.append(f"{route}: {role} holds {perm}, got {got}")
    assert not failures, f"{len(failures)} problem(s) for {role}:\n" + "\n".join(failures)
