"""Every rule of the menu that spans values (services.catalog: materials, choices, fee, the
active period, delegated approval, field codes) refuses with its stable code: the API answers
400 `{"field": [{"code": …, "message": …}]}` and writes nothing (issue 11, typed errors)."""

import pytest
from django.core.exceptions import ValidationError

from gongzhi.core.models import AuditEntry
from gongzhi.services import actions_catalog
from gongzhi.services.errors import Code
from gongzhi.services.forms import ServiceItemForm
from gongzhi.services.models import ItemField, ServiceItem

pytestmark = pytest.mark.django_db
ITEMS = "/api/services/items/"
FIELDS = "/api/services/item-fields/"


@pytest.fixture
def admin(users, verified_client):
    return verified_client(users["street_admin"])


def _item(menu, **values):
    return {
        "code": "X9",
        "name": "新事项",
        "category": menu["cat"].pk,
        "time_limit_days": 3,
        **values,
    }


ITEM_CASES = [
    ({"materials": "居民身份证"}, "materials", Code.MATERIALS_LIST),
    ({"materials": [f"材料{i}" for i in range(51)]}, "materials", Code.TOO_MANY_MATERIALS),
    ({"materials": ["长" * 101]}, "materials", Code.MATERIAL_TOO_LONG),
    ({"materials": ["身份证", "身份证"]}, "materials", Code.MATERIAL_TWICE),
    ({"materials": ["<b>身份证</b>"]}, "materials", "html"),
    (
        {"active_from": "2026-05-01", "active_until": "2026-04-01"},
        "active_until",
        Code.ACTIVE_PERIOD,
    ),
    (
        {"handled_at": "department", "delegated_approval": True},
        "delegated_approval",
        Code.DELEGATION_PLACE,
    ),
    ({"fee": "-1.00"}, "fee", Code.NEGATIVE_FEE),
    ({"description": "<script>x</script>"}, "description", "html"),
]


@pytest.mark.parametrize("values, field, code", ITEM_CASES)
def test_an_item_breaking_a_menu_rule_answers_400_with_the_code(values, field, code, menu, admin):
    before = (ServiceItem.objects.count(), AuditEntry.objects.exclude(verb="").count())
    answer = admin.post(ITEMS, _item(menu, **values), content_type="application/json")
    assert answer.status_code == 400, answer.content
    errors = answer.json()[field]
    assert errors[0]["code"] == code and errors[0]["message"], errors
    assert (ServiceItem.objects.count(), AuditEntry.objects.exclude(verb="").count()) == before


def test_an_edit_is_checked_against_the_item_as_stored(menu, admin):
    """PATCH with one value: the rule spans it and the stored ones (active_from is kept)."""
    ServiceItem.objects.filter(pk=menu["simple"].pk).update(
        active_from="2026-05-01", handled_at="department"
    )
    answer = admin.patch(
        f"{ITEMS}{menu['simple'].pk}/",
        {"active_until": "2026-04-01"},
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert answer.json()["active_until"][0]["code"] == Code.ACTIVE_PERIOD
    answer = admin.patch(
        f"{ITEMS}{menu['simple'].pk}/",
        {"delegated_approval": True},
        content_type="application/json",
    )
    assert answer.json()["delegated_approval"][0]["code"] == Code.DELEGATION_PLACE


FIELD_CASES = [
    ({"kind": "choice"}, Code.CHOICES_REQUIRED),
    ({"kind": "choice", "choices": []}, Code.CHOICES_REQUIRED),
    ({"kind": "choice", "choices": ["甲"]}, Code.CHOICE_SHAPE),
    ({"kind": "choice", "choices": [{"key": "a", "name": ""}]}, Code.CHOICE_SHAPE),
    ({"kind": "choice", "choices": [{"key": "a", "name": "长" * 101}]}, Code.CHOICE_TOO_LONG),
    ({"kind": "multichoice", "choices": [{"key": "a,b", "name": "甲"}]}, Code.CHOICE_COMMA),
    (
        {"kind": "choice", "choices": [{"key": "a", "name": "甲"}, {"key": "a", "name": "乙"}]},
        Code.CHOICE_KEY_TWICE,
    ),
    (
        {"kind": "choice", "choices": [{"key": f"k{i}", "name": f"{i}"} for i in range(51)]},
        Code.TOO_MANY_CHOICES,
    ),
    ({"kind": "choice", "choices": [{"key": "a", "name": "<i>甲</i>"}]}, "html"),
]


@pytest.mark.parametrize("values, code", FIELD_CASES)
def test_a_form_field_breaking_a_choice_rule_answers_400_with_the_code(values, code, menu, admin):
    before = ItemField.objects.count()
    answer = admin.post(
        FIELDS,
        {"item": menu["simple"].pk, "code": "pick", "label": "选择", **values},
        content_type="application/json",
    )
    assert answer.status_code == 400, answer.content
    assert answer.json()["choices"][0]["code"] == code, answer.json()
    assert ItemField.objects.count() == before


def test_two_form_fields_with_one_code_are_refused_with_the_code(menu, users):
    """The screens save an item with all its fields at once (the API adds them one by one,
    where the database's uniqueness answers)."""
    item = ServiceItem(code="X8", name="新事项", category=menu["cat"], time_limit_days=2)
    fields = [
        ItemField(code="same", label="一", kind="text"),
        ItemField(code="same", label="二", kind="text"),
    ]
    with pytest.raises(ValidationError) as exc:
        actions_catalog.do_create_item(users["street_admin"], item, fields)
    assert exc.value.error_dict["fields"][0].code == Code.FIELD_CODE_TWICE
    assert not ServiceItem.objects.filter(code="X8").exists()


def test_the_screen_keeps_the_code_on_the_field(menu, users, verified_client):
    """The catalog form shows the same coded error on the materials textarea."""
    form = ServiceItemForm(
        data={
            "code": "X7",
            "name": "新事项",
            "category": menu["cat"].pk,
            "handled_at": "station",
            "time_limit_days": 3,
            "fee": "0",
            "materials_text": "身份证\n身份证",
        }
    )
    assert not form.is_valid()
    assert form.errors.as_data()["materials_text"][0].code == Code.MATERIAL_TWICE
