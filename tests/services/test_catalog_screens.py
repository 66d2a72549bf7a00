"""The catalog screens: the street office edits the service menu (items, categories, the
materials checklist, per-item form fields, time limit, fee, online/offline, active period),
with field errors, nothing partial, audit, and the same rules through the API."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gongzhi.core.models import AuditEntry
from gongzhi.services import actions, catalog
from gongzhi.services.models import Category, ItemField, ServiceItem, ServiceRequest
from tests.services.conftest import VALID

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def item_data(cat, fields=(), existing=0, **overrides):
    """POST data of the item form: the item's values plus the form-field rows."""
    data = {
        "code": "N001",
        "name": "新事项",
        "category": cat.pk,
        "department": "",
        "handled_at": "station",
        "time_limit_days": "5",
        "fee": "0",
        "online": "on",
        "active_from": "",
        "active_until": "",
        "materials_text": "居民身份证\n户口簿\n",
        "description": "",
        "keywords": "",
        "fields-TOTAL_FORMS": str(len(fields)),
        "fields-INITIAL_FORMS": str(existing),
        "fields-MIN_NUM_FORMS": "0",
        "fields-MAX_NUM_FORMS": "1000",
    }
    for n, row in enumerate(fields):
        base = {"code": "", "label": "", "kind": "text", "order": "0", "help_text": ""}
        for key, value in {**base, **row}.items():
            data[f"fields-{n}-{key}"] = value
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def existing_rows(item):
    return [
        {
            "id": str(f.pk),
            "code": f.code,
            "label": f.label,
            "kind": f.kind,
            "order": str(f.order),
            "required": "on" if f.required else None,
            "choices_text": catalog.choices_text(f.choices),
        }
        for f in item.fields.all()
    ]


def window_request(item, world, users, **extra):
    """A request for `item` taken at the c1 window by the station staff."""
    return actions.submit_request(
        item,
        street=world["s1"],
        community=world["c1"],
        channel="window",
        user=users["station_staff"],
        **extra,
    )


@pytest.fixture
def admin(users, verified_client):
    return verified_client(users["street_admin"])


def test_street_admin_creates_an_item_with_materials_and_fields(menu, admin, users):
    r = admin.get(reverse("services:serviceitem_add"))
    assert r.status_code == 200
    r = admin.post(
        reverse("services:serviceitem_add"),
        item_data(
            menu["cat"],
            fields=[
                {
                    "code": "reason",
                    "label": "申请事由",
                    "kind": "choice",
                    "required": "on",
                    "choices_text": "work=就业\nstudy=就学\n其他",
                    "order": "1",
                },
                {"code": "since", "label": "到达日期", "kind": "date", "order": "2"},
                {},  # an empty extra row is ignored
            ],
            time_limit_days="7",
            fee="12.50",
            active_until="2099-12-31",
        ),
    )
    item = ServiceItem.objects.get(code="N001")
    assert r.status_code == 302 and r["Location"] == reverse(
        "services:serviceitem_detail", args=[item.pk]
    )
    assert item.materials == ["居民身份证", "户口簿"]
    assert (item.time_limit_days, str(item.fee), item.online) == (7, "12.50", True)
    assert item.active_until == datetime.date(2099, 12, 31)
    reason, since = item.fields.order_by("order")
    assert reason.required and reason.choices == [
        {"key": "work", "name": "就业"},
        {"key": "study", "name": "就学"},
        {"key": "其他", "name": "其他"},
    ]
    assert since.kind == "date" and since.choices == []
    # audited, with the actor
    entry = AuditEntry.objects.get(
        action="create",
        content_type=ContentType.objects.get_for_model(ServiceItem),
        object_id=str(item.pk),
    )
    assert entry.actor == users["street_admin"]
    assert (
        AuditEntry.objects.filter(
            action="create", content_type=ContentType.objects.get_for_model(ItemField)
        ).count()
        >= 2
    )
    # on the menu at once: the desk offers it with its fields and materials
    desk = admin.get(reverse("services:desk"), {"item": item.pk}).content.decode()
    assert "申请事由" in desk and "户口簿" in desk


@pytest.mark.parametrize(
    "overrides, rows, field, message",
    [
        ({"active_from": "2026-05-01", "active_until": "2026-04-01"}, [], "active_until", "早于"),
        (
            {"handled_at": "department", "delegated_approval": "on"},
            [],
            "delegated_approval",
            "下沉",
        ),
        ({"fee": "-1"}, [], "fee", ""),
        ({"time_limit_days": "400"}, [], "time_limit_days", ""),
        ({"materials_text": "身份证\n身份证"}, [], "materials_text", "重复"),
        ({"materials_text": "<b>身份证</b>"}, [], "materials_text", "HTML"),
        ({"name": ""}, [], "name", ""),
        ({}, [{"code": "x", "label": "选项", "kind": "choice"}], "fields-0-choices_text", ""),
        (
            {},
            [{"code": "x", "label": "选项", "kind": "choice", "choices_text": "a=甲\na=乙"}],
            "fields-0-choices_text",
            "",
        ),
        ({}, [{"code": "bad code", "label": "L"}], "fields-0-code", ""),
        (
            {},
            [{"code": "same", "label": "一"}, {"code": "same", "label": "二"}],
            "fields-1-code",
            "",
        ),
    ],
)
def test_bad_item_input_shows_field_errors_in_chinese_and_stores_nothing(
    menu, admin, overrides, rows, field, message
):
    before_items, before_fields = ServiceItem.objects.count(), ItemField.objects.count()
    before_audit = AuditEntry.objects.count()
    r = admin.post(
        reverse("services:serviceitem_add"), item_data(menu["cat"], fields=rows, **overrides), **ZH
    )
    assert r.status_code == 200
    body = r.content.decode()
    form = r.context["form"]
    formset = r.context["formset"]
    if field.startswith("fields-"):
        _, n, name = field.split("-", 2)
        assert formset.forms[int(n)].errors.get(name), formset.errors
    else:
        assert form.errors.get(field), form.errors
    assert "invalid-feedback" in body and "请修正" in body or "错误" in body
    if message:
        assert message in body
    assert ServiceItem.objects.count() == before_items
    assert ItemField.objects.count() == before_fields
    assert AuditEntry.objects.filter(action="create").count() <= before_audit


def test_editing_changes_the_item_and_its_fields_in_one_go(menu, admin, users):
    item = menu["permit"]
    rows = existing_rows(item)
    # drop the "note" field, rename one, add a number field
    for row in rows:
        if row["code"] == "note":
            row["DELETE"] = "on"
        if row["code"] == "people":
            row["label"] = "同住人数"
    rows.append({"code": "rooms", "label": "房间数", "kind": "number", "order": "9"})
    data = item_data(
        menu["cat"],
        fields=rows,
        existing=len(rows) - 1,
        code=item.code,
        name=item.name,
        department=item.department_id,
        time_limit_days="10",
        online=None,  # unticked: window only
        materials_text="居民身份证\n租房合同",
    )
    r = admin.post(reverse("services:serviceitem_edit", args=[item.pk]), data)
    assert r.status_code == 302, r.context and (
        r.context["form"].errors,
        r.context["formset"].errors,
    )
    item.refresh_from_db()
    assert (item.time_limit_days, item.online) == (10, False)
    assert item.materials == ["居民身份证", "租房合同"]
    codes = set(item.fields.values_list("code", flat=True))
    assert "note" not in codes and "rooms" in codes
    assert item.fields.get(code="people").label == "同住人数"
    update = AuditEntry.objects.filter(
        action="update",
        content_type=ContentType.objects.get_for_model(ServiceItem),
        object_id=str(item.pk),
    ).get()
    assert update.actor == users["street_admin"]
    assert update.before["time_limit_days"] == 5 and update.after["time_limit_days"] == 10
    # One event for the whole edit (services.do_update_item): the field removed and the
    # fields changed or added are listed under it.
    assert update.verb == "services.do_update_item"
    also = update.extra["also"]
    assert {"action": "delete", "model": "itemfield"}.items() <= next(
        a for a in also if a["action"] == "delete"
    ).items()
    assert not AuditEntry.objects.filter(
        action="delete", content_type=ContentType.objects.get_for_model(ItemField)
    ).exists()


def test_a_bad_field_row_leaves_the_whole_item_unchanged(menu, admin):
    item = menu["permit"]
    fields_before = list(item.fields.values_list("code", "label", "kind", "choices"))
    rows = existing_rows(item)
    rows[0]["label"] = "改过的标签"
    rows.append({"code": "pick", "label": "选择", "kind": "multichoice", "choices_text": ""})
    data = item_data(
        menu["cat"],
        fields=rows,
        existing=len(rows) - 1,
        code=item.code,
        name="改名",
        time_limit_days="9",
    )
    r = admin.post(reverse("services:serviceitem_edit", args=[item.pk]), data, **ZH)
    assert r.status_code == 200
    item.refresh_from_db()
    assert (item.name, item.time_limit_days) == ("居住证申领", 5)
    assert list(item.fields.values_list("code", "label", "kind", "choices")) == fields_before


def test_a_new_time_limit_applies_to_new_requests_only(menu, world, users, admin):
    item = menu["simple"]
    old = window_request(item, world, users)
    admin.post(
        reverse("services:serviceitem_edit", args=[item.pk]),
        item_data(
            menu["cat"],
            code=item.code,
            name=item.name,
            time_limit_days="20",
            materials_text="居民身份证",
        ),
    )
    item.refresh_from_db()
    assert item.time_limit_days == 20
    new = window_request(item, world, users)
    old.refresh_from_db()
    assert new.due_date > old.due_date


def test_deactivating_takes_the_item_off_the_menu_and_refuses_new_requests(
    menu, world, users, admin
):
    item = menu["permit"]
    earlier = window_request(item, world, users, values=VALID)
    r = admin.post(reverse("services:serviceitem_deactivate", args=[item.pk]))
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.active_until == timezone.localdate() - datetime.timedelta(days=1)
    assert not item.is_active() and item not in ServiceItem.objects.active()
    # the detail says so (and shows the flash message); gone from the menu and the desk
    detail = admin.get(
        reverse("services:serviceitem_detail", args=[item.pk]), **ZH
    ).content.decode()
    assert "不在菜单" in detail or "not on the menu" in detail
    assert item.name not in admin.get(reverse("services:catalog")).content.decode()
    assert admin.get(reverse("services:desk"), {"item": item.pk}).status_code == 404
    with pytest.raises(ValidationError):
        window_request(item, world, users, values=VALID)
    # the earlier request keeps its item; nothing deleted
    earlier.refresh_from_db()
    assert earlier.item == item and ServiceRequest.objects.count() == 1
    # deactivating twice is refused, reactivating puts it back
    admin.post(reverse("services:serviceitem_deactivate", args=[item.pk]))
    item.refresh_from_db()
    assert item.active_until == timezone.localdate() - datetime.timedelta(days=1)
    admin.post(reverse("services:serviceitem_reactivate", args=[item.pk]))
    item.refresh_from_db()
    assert item.is_active() and item.active_until is None
    assert (
        AuditEntry.objects.filter(
            action="update",
            content_type=ContentType.objects.get_for_model(ServiceItem),
            object_id=str(item.pk),
        ).count()
        == 2
    )


def test_manage_list_shows_items_off_the_menu_and_filters(menu, admin):
    catalog.deactivate_item(menu["offline"])
    body = admin.get(reverse("services:catalog_manage"), **ZH).content.decode()
    for item in ("居住证申领", "老年人优待证", "出生登记"):
        assert item in body
    assert "已下架" in body or "off the menu" in body
    body = admin.get(reverse("services:catalog_manage"), {"state": "off"}).content.decode()
    assert "出生登记" in body and "老年人优待证" not in body
    body = admin.get(reverse("services:catalog_manage"), {"q": "优待"}).content.decode()
    assert "老年人优待证" in body and "出生登记" not in body


def test_categories_are_created_and_renamed_with_unique_names(menu, admin):
    r = admin.post(reverse("services:category_add"), {"name": "社会救助", "order": "3"})
    assert r.status_code == 302
    cat = Category.objects.get(name="社会救助")
    r = admin.post(reverse("services:category_add"), {"name": "居住证", "order": "1"}, **ZH)
    assert r.status_code == 200 and r.context["form"].errors["name"]
    assert Category.objects.count() == 2
    admin.post(
        reverse("services:category_edit", args=[cat.pk]), {"name": "社会救助类", "order": "4"}
    )
    cat.refresh_from_db()
    assert (cat.name, cat.order) == ("社会救助类", 4)
    body = admin.get(reverse("services:category_list")).content.decode()
    assert "社会救助类" in body and "居住证" in body


def test_category_list_sorts_searches_and_pages(menu, admin, monkeypatch):
    monkeypatch.setattr("gongzhi.services.views_catalog.PAGE_SIZE", 2)
    for order, name in ((7, "B类"), (8, "A类"), (9, "C类")):
        Category.objects.create(name=name, order=order)
    url = reverse("services:category_list")

    def shown(**params):
        body = admin.get(url, params).content.decode()
        rows = body.split("<tbody>")[-1] if "<tbody>" in body else ""
        found = [(rows.find(n), n) for n in ("A类", "B类", "C类")]
        return [n for at, n in sorted(found) if at >= 0]

    assert shown(sort="-order") == ["C类", "A类"]
    assert shown(sort="name") == ["A类", "B类"]
    assert shown(sort="name", page=2) == ["C类"]
    assert shown(q="B类") == ["B类"]
    assert f"?category={menu['cat'].pk}" in admin.get(url).content.decode()


@pytest.mark.parametrize(
    "role", ["station_staff", "street_staff", "committee_member", "department_staff", "resident"]
)
def test_only_the_catalog_owners_may_edit_the_menu(menu, users, verified_client, role):
    client = verified_client(users[role])
    item = menu["permit"]
    for url in (
        reverse("services:catalog_manage"),
        reverse("services:serviceitem_add"),
        reverse("services:serviceitem_edit", args=[item.pk]),
        reverse("services:category_list"),
        reverse("services:category_add"),
        reverse("services:category_edit", args=[menu["cat"].pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert (
        client.post(reverse("services:serviceitem_deactivate", args=[item.pk])).status_code == 403
    )
    item.refresh_from_db()
    assert item.is_active()
    body = client.get(reverse("services:catalog")).content.decode()
    assert reverse("services:catalog_manage") not in body


def test_catalog_page_links_owners_to_the_editing_screens(menu, admin):
    body = admin.get(reverse("services:catalog")).content.decode()
    assert reverse("services:catalog_manage") in body
    body = admin.get(
        reverse("services:serviceitem_detail", args=[menu["permit"].pk])
    ).content.decode()
    assert reverse("services:serviceitem_edit", args=[menu["permit"].pk]) in body
    assert reverse("services:serviceitem_deactivate", args=[menu["permit"].pk]) in body


def test_edit_form_shows_current_materials_and_choices(menu, admin):
    body = admin.get(
        reverse("services:serviceitem_edit", args=[menu["permit"].pk])
    ).content.decode()
    assert "居民身份证\n近期一寸免冠照片\n租房合同" in body
    assert "work=就业\nstudy=就学" in body


# --- the same rules through the API -----------------------------------------------------------


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"materials": ["身份证", "身份证"]}, "materials"),
        ({"handled_at": "department", "delegated_approval": True}, "delegated_approval"),
        ({"active_from": "2026-05-01", "active_until": "2026-04-01"}, "active_until"),
        ({"name": "<script>x</script>"}, "name"),
    ],
)
def test_api_item_rules_match_the_screens(menu, admin, payload, field):
    url = f"/api/services/items/{menu['simple'].pk}/"
    before = ServiceItem.objects.values().get(pk=menu["simple"].pk)
    r = admin.patch(url, payload, content_type="application/json")
    assert r.status_code == 400 and field in r.json(), r.content
    assert ServiceItem.objects.values().get(pk=menu["simple"].pk) == before


@pytest.mark.parametrize(
    "payload",
    [
        {"kind": "choice", "choices": []},
        {
            "kind": "multichoice",
            "choices": [{"key": "a", "name": "甲"}, {"key": "a", "name": "乙"}],
        },
        {"kind": "choice", "choices": [{"key": "a,b", "name": "甲"}]},
    ],
)
def test_api_field_rules_match_the_screens(menu, admin, payload):
    url = "/api/services/item-fields/"
    r = admin.post(
        url,
        {"item": menu["simple"].pk, "code": "pick", "label": "选择", **payload},
        content_type="application/json",
    )
    assert r.status_code == 400 and "choices" in r.json(), r.content
    assert not ItemField.objects.filter(code="pick").exists()


def test_api_non_choice_field_drops_choices(menu, admin):
    r = admin.post(
        "/api/services/item-fields/",
        {
            "item": menu["simple"].pk,
            "code": "n",
            "label": "数量",
            "kind": "number",
            "choices": [{"key": "a", "name": "甲"}],
        },
        content_type="application/json",
    )
    assert r.status_code == 201 and ItemField.objects.get(code="n").choices == []


def test_the_admin_does_not_write_items(menu, verified_client, django_user_model):
    """Items change on the catalogue screens and the API, where its rules run: the admin is
    read-only, superusers included (core.admin_site, `rule_guarded`)."""
    boss = django_user_model.objects.create_superuser("boss", "boss@example.org", "x" * 16)
    client = verified_client(boss)
    r = client.post(
        reverse("admin:services_serviceitem_add"),
        {"code": "A1", "name": "后台事项", "category": menu["cat"].pk, "handled_at": "station"},
    )
    assert r.status_code == 403
    assert not ServiceItem.objects.filter(code="A1").exists()
