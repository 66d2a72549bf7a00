"""The write contract on the service menu (services.actions_catalog): each do_ action writes
exactly one audit event with its verb; a role without the menu rights is refused (Denied,
audited, nothing written) — the menu is the district's, so the role is the whole rule; items
with requests and categories with items are refused with their codes, through the API too."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from gongzhi.core.actions import REGISTRY
from gongzhi.core.errors import ActionError, Denied
from gongzhi.core.models import AuditEntry
from gongzhi.services import actions_catalog as actions
from gongzhi.services.errors import Code
from gongzhi.services.models import Category, ItemField, ServiceItem

pytestmark = pytest.mark.django_db


def _api(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def _new_item(menu, code="T900"):
    return ServiceItem(code=code, name="新事项", category=menu["cat"], time_limit_days=5)


def _admin(u):
    return u["street_admin"]


def _then(value, run):
    """Set-up done now (`value`), the counted part later: `run(value)`."""
    return lambda: run(value)


CASES = {
    "do_create_item": lambda m, u: (
        lambda: actions.do_create_item(
            _admin(u),
            _new_item(m),
            [ItemField(code="why", label="事由", kind="text")],
        )
    ),
    "do_update_item": lambda m, u: (
        lambda: actions.do_update_item(
            _admin(u), m["simple"], [], list(m["permit"].fields.filter(code="note"))
        )
    ),
    "do_delete_item": lambda m, u: _then(
        ServiceItem.objects.create(code="T901", name="待删", category=m["cat"], time_limit_days=1),
        lambda item: actions.do_delete_item(_admin(u), item),
    ),
    "do_take_off_menu": lambda m, u: lambda: actions.do_take_off_menu(_admin(u), m["simple"]),
    "do_put_on_menu": lambda m, u: _then(
        actions.do_take_off_menu(_admin(u), m["offline"]),
        lambda item: actions.do_put_on_menu(_admin(u), item),
    ),
    "do_create_item_field": lambda m, u: (
        lambda: actions.do_create_item_field(
            _admin(u), ItemField(item=m["simple"], code="x", label="补充", kind="text")
        )
    ),
    "do_update_item_field": lambda m, u: _then(
        m["permit"].fields.get(code="note"), lambda f: actions.do_update_item_field(_admin(u), f)
    ),
    "do_delete_item_field": lambda m, u: _then(
        m["permit"].fields.get(code="note"), lambda f: actions.do_delete_item_field(_admin(u), f)
    ),
    "do_create_category": lambda m, u: (
        lambda: actions.do_create_category(_admin(u), Category(name="新分类", order=9))
    ),
    "do_update_category": lambda m, u: lambda: actions.do_update_category(_admin(u), m["cat"]),
    "do_delete_category": lambda m, u: _then(
        Category.objects.create(name="空分类", order=8),
        lambda c: actions.do_delete_category(_admin(u), c),
    ),
}


def test_every_catalog_action_has_a_case():
    verbs = {v for v, fn in REGISTRY.items() if fn.__module__ == actions.__name__}
    assert {v.split(".", 1)[1] for v in verbs} == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_action_writes_exactly_one_audit_event_with_its_verb(name, menu, users):
    run = CASES[name](menu, users)
    last = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    run()
    new = list(AuditEntry.objects.filter(id__gt=last))
    assert [e.verb for e in new] == [f"services.{name}"], [(e.verb, e.action) for e in new]


@pytest.mark.parametrize("role", ["station_staff", "party_secretary", "grid_worker"])
def test_only_the_menu_keepers_change_the_menu(role, menu, users):
    actor = users[role]
    with pytest.raises(Denied):
        actions.do_create_item(actor, _new_item(menu))
    with pytest.raises(Denied):
        actions.do_take_off_menu(actor, menu["simple"])
    assert not ServiceItem.objects.filter(code="T900").exists()
    assert ServiceItem.objects.get(pk=menu["simple"].pk).is_active()
    denied = AuditEntry.objects.filter(action=AuditEntry.Action.DENIED, actor=actor)
    assert {e.verb for e in denied} == {"services.do_create_item", "services.do_take_off_menu"}


def test_taking_off_the_menu_twice_is_refused_with_its_code(menu, users):
    actions.do_take_off_menu(users["street_admin"], menu["simple"])
    with pytest.raises(ActionError) as exc:
        actions.do_take_off_menu(users["street_admin"], menu["simple"])
    assert exc.value.code == Code.NOT_ON_MENU
    with pytest.raises(ActionError) as exc:
        actions.do_put_on_menu(users["street_admin"], menu["permit"])
    assert exc.value.code == Code.ON_MENU


def test_a_category_with_items_is_not_deleted_through_the_api(menu, users):
    r = _api(users["street_admin"]).delete(f"/api/services/categories/{menu['cat'].pk}/")
    assert r.status_code == 400, r.content
    assert r.json()["non_field_errors"][0]["code"] == Code.CATEGORY_IN_USE
    assert Category.objects.filter(pk=menu["cat"].pk).exists()


def test_the_api_writes_items_through_the_actions(menu, users):
    c = _api(users["street_admin"])
    r = c.post(
        "/api/services/items/",
        {"code": "T950", "name": "接口事项", "category": menu["cat"].pk, "time_limit_days": 3},
        format="json",
    )
    assert r.status_code == 201, r.content
    r = c.patch(f"/api/services/items/{r.json()['id']}/", {"fee": "-1"}, format="json")
    assert r.status_code == 400, r.content
    verbs = list(
        AuditEntry.objects.filter(verb__startswith="services.").values_list("verb", flat=True)
    )
    assert verbs == ["services.do_create_item"]


def test_the_category_screen_saves_through_the_action(menu, users, verified_client):
    client = verified_client(users["street_admin"])
    r = client.post(reverse("services:category_add"), {"name": "屏幕分类", "order": 5})
    assert r.status_code == 302
    entry = AuditEntry.objects.get(verb="services.do_create_category")
    assert entry.actor == users["street_admin"]
