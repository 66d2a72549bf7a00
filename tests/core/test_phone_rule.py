"""One phone rule (core.text.clean_phone) for the form, the API and the import, so the blind
index and the search find a number however it was typed; and the data migration that brings
stored numbers to that form."""

import csv
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from gongzhi.core import crypto, text
from gongzhi.core.fields import index_lookup
from gongzhi.registry.imports import run_import
from gongzhi.registry.models import Resident
from tests.services.conftest import menu  # noqa: F401 - the fixture, shared with services

pytestmark = pytest.mark.django_db


def _form(c, resident, phone):
    return c.post(
        reverse("registry:resident_edit", args=[resident.pk]),
        {
            "name": resident.name,
            "id_number": "",
            "phone": phone,
            "ethnicity": "01",
            "residence_type": "registered",
            "political_status": "masses",
            "relation": resident.relation,
        },
    )


def _import(tmp_path, world, phone):
    from tests.registry.test_import_files import id_number

    path = tmp_path / "r.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["姓名", "身份证号", "联系电话"])
        # A birth date the registry helpers never use (their counter walks 19800101 numbers).
        w.writerow(["孙八", id_number(321, birth="19750505"), phone])
    return run_import("residents", str(path), community=world["c1"], valid_only=True)


def test_plus86_phone_is_stored_alike_from_the_form_the_api_and_the_import(
    reg,
    users,
    verified_client,
    tmp_path,
    world,
):
    c = verified_client(users["station_staff"])
    assert _form(c, reg["li"], "+86 138 1234 5678").status_code == 302
    r = c.patch(
        f"/api/registry/residents/{reg['wang'].pk}/",
        {"phone": "0086-138-1234-5678"},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    assert _import(tmp_path, world, "+86 13812345678").imported == 1
    stored = {r.name: r.phone for r in Resident.objects.filter(name__in=["李四", "王五", "孙八"])}
    assert stored == {"李四": "13812345678", "王五": "13812345678", "孙八": "13812345678"}
    found = Resident.objects.filter(**index_lookup(Resident, "phone", "+86 138 1234 5678"))
    assert {r.name for r in found} == {"张三", "李四", "王五", "孙八"}


def test_invalid_mobile_is_refused_by_the_form_the_api_and_the_import(
    reg,
    users,
    verified_client,
    tmp_path,
    world,
):
    c = verified_client(users["station_staff"])
    r = _form(c, reg["li"], "12012345678")
    assert r.status_code == 200 and r.context["form"].errors.get("phone")
    r = c.patch(
        f"/api/registry/residents/{reg['li'].pk}/",
        {"phone": "12012345678"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "phone" in r.json()
    result = _import(tmp_path, world, "12012345678")
    assert result.imported == 0 and result.errors[0]["column"] == "联系电话"
    assert Resident.objects.get(pk=reg["li"].pk).phone == ""


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("+86 138 1234 5678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("(025) 8421-1234", "02584211234"),
        ("84211234", "84211234"),
    ],
)
def test_phone_canonical_form(typed, stored):
    assert text.clean_phone(typed) == stored


def test_migration_renormalizes_stored_phones_and_their_blind_index(reg):
    migration = importlib.import_module(
        "gongzhi.registry.migrations.0091_text_phones_and_stored_text"
    )
    zhang = reg["zhang"]
    # As a form stored it before: the country code kept, indexed as typed.
    Resident.objects.filter(pk=zhang.pk).update(
        phone="8613812345678",
        phone_index=crypto.blind_index("8613812345678", "registry.resident.phone"),
    )
    assert not Resident.objects.filter(**index_lookup(Resident, "phone", "13812345678")).exists()
    migration.renormalize_phones(apps, None)
    z = Resident.objects.get(pk=zhang.pk)
    assert z.phone == "13812345678"
    assert Resident.objects.filter(**index_lookup(Resident, "phone", "13812345678")).get() == z


def test_migration_cleans_stored_control_characters(reg):
    from gongzhi.registry.models import Household

    Resident.objects.filter(pk=reg["zhang"].pk).update(name="张\x0b三\x1b")
    Household.objects.filter(pk=reg["h1"].pk).update(address="幸福路\n1号\x85")
    assert text.clean_stored_text(apps, "registry") == 2
    assert Resident.objects.get(pk=reg["zhang"].pk).name == "张三"
    assert Household.objects.get(pk=reg["h1"].pk).address == "幸福路 1号"


def test_migrations_renormalize_the_other_apps_phones(world, users, menu):  # noqa: F811
    """Staff phones (org) and applicants' phones (services) as a form stored them before the
    rule: "+86 138 1234 5678" kept its country code."""
    from gongzhi.org.models import Staff
    from gongzhi.services.actions import submit_request
    from gongzhi.services.models import ServiceRequest

    staff = Staff.objects.create(
        street=world["s1"], name="王五", position="社工", phone="13800000000"
    )
    Staff.objects.filter(pk=staff.pk).update(phone="8613812345678")
    req = submit_request(
        menu["simple"],
        street=world["s1"],
        community=world["c1"],
        channel="window",
        user=users["station_staff"],
        applicant_name="张三",
        applicant_phone="13900000000",
    )
    ServiceRequest.objects.filter(pk=req.pk).update(applicant_phone="008613912345678")
    for app, name in (("org", "0005_renormalize_phones"), ("services", "0004_renormalize_phones")):
        module = importlib.import_module(f"gongzhi.{app}.migrations.{name}")
        module.Migration.operations[0].code(apps, None)
    assert Staff.objects.get(pk=staff.pk).phone == "13812345678"
    assert ServiceRequest.objects.get(pk=req.pk).applicant_phone == "13912345678"
    assert text.renormalize_phones(apps, "org") == 0  # already canonical: nothing to do
