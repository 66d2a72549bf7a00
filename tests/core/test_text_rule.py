"""One text rule for every door (core.text): control characters refused with a field error by
the API, the forms and the import; lengths enforced on SQLite; and every reader (exports,
Open311 feeds, PDFs, pages) answers 200 with well-formed output even when bad values are
already stored."""

import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET

import openpyxl
import pytest
from django.urls import reverse
from rest_framework import serializers

from gongzhi.registry.api.serializers import HouseholdSerializer, ResidentSerializer
from gongzhi.registry.imports import run_import
from gongzhi.registry.models import Household, Resident
from gongzhi.selfgov.api import AssemblyAttendSerializer
from gongzhi.selfgov.models import AgendaItem, Assembly, Attendance
from gongzhi.services.api.serializers import ServiceRequestCreateSerializer
from gongzhi.services.models import ServiceRequest
from tests.services.conftest import VALID

pytestmark = pytest.mark.django_db

# Every C0 and C1 control character and DEL, except tab and line breaks (refused only in
# single-line fields, tested separately).
CONTROLS = [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)] if chr(c) not in "\t\n\r"]
BREAKS = ["\t", "\n", "\r", "\u2028"]


def _xlsx_rows(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return [list(r) for r in openpyxl.load_workbook(io.BytesIO(content)).active.values]


def _writable_text(serializer) -> list[str]:
    """The text fields a client may write (choices and relations excepted)."""
    return [
        name
        for name, f in serializer.fields.items()
        if isinstance(f, serializers.CharField) and not f.read_only
    ]


@pytest.fixture
def assembly(world):
    # a container for text fields; its size is not what these tests are about
    return Assembly.objects.create(
        community=world["c1"], title="居民会议", date=datetime.date.today(), members_total=50
    )


@pytest.fixture
def request_(menu, world):
    from gongzhi.services import actions

    return actions.submit_request(
        menu["permit"],
        street=world["s1"],
        community=world["c1"],
        channel=ServiceRequest.Channel.WINDOW,
        applicant_name="张三",
        applicant_phone="13812345678",
        values=VALID,
    )


# --- every door refuses ------------------------------------------------------------------


def test_api_refuses_control_characters_in_every_text_field_with_a_field_error(
    reg,
    users,
    verified_client,
    assembly,
    menu,
    world,
):
    c = verified_client(users["street_admin"])
    h, z = reg["h1"], reg["zhang"]
    writes = [
        ("patch", f"/api/registry/residents/{z.pk}/", name, "甲{}乙")
        for name in _writable_text(ResidentSerializer(instance=z))
    ]
    writes += [
        ("patch", f"/api/registry/households/{h.pk}/", name, "甲{}乙")
        for name in _writable_text(HouseholdSerializer(instance=h))
    ]
    writes += [
        ("post", f"/api/selfgov/assemblies/{assembly.pk}/attend/", name, "甲{}乙")
        for name in _writable_text(AssemblyAttendSerializer())
        if name != "id_number"  # looked up, never stored
    ]
    assert {w[2] for w in writes} >= {"name", "id_number", "phone", "address", "number"}
    # the value the fuzzer found: a trailing \x0b\x1b
    r = c.patch(
        f"/api/registry/residents/{z.pk}/",
        {"name": "张三" + "\x0b\x1b"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "name" in r.json()
    before = (Resident.objects.get(pk=z.pk).name, Household.objects.get(pk=h.pk).address)
    for method, url, field, pattern in writes:
        for ch in [*CONTROLS, *BREAKS]:
            r = getattr(c, method)(
                url, {field: pattern.format(ch)}, content_type="application/json"
            )
            assert r.status_code == 400, (url, field, hex(ord(ch)), r.content)
            assert field in r.json(), (url, field, hex(ord(ch)), r.json())
    for field in _writable_text(ServiceRequestCreateSerializer()):
        for ch in CONTROLS:
            r = c.post(
                "/api/services/requests/",
                {
                    "item": menu["permit"].pk,
                    "community": world["c1"].pk,
                    "applicant_name": "张三",
                    "values": VALID,
                    field: f"张{ch}三",
                },
                content_type="application/json",
            )
            assert r.status_code == 400 and field in r.json(), (field, hex(ord(ch)), r.json())
    assert (Resident.objects.get(pk=z.pk).name, Household.objects.get(pk=h.pk).address) == before
    assert not Attendance.objects.exists() and not ServiceRequest.objects.exists()
    # the readers still answer
    assert c.get("/api/exports/residents/").status_code == 200


def test_multiline_fields_keep_line_breaks_and_refuse_the_other_controls(
    users, verified_client, assembly
):
    c = verified_client(users["street_admin"])
    url = f"/api/selfgov/assemblies/{assembly.pk}/minutes/"
    r = c.post(url, {"minutes": "第一项\r\n\t通过"}, content_type="application/json")
    assert r.status_code == 200, r.content
    assert assembly.__class__.objects.get(pk=assembly.pk).minutes == "第一项\n\t通过"
    r = c.post(url, {"minutes": "第一项\x0c通过"}, content_type="application/json")
    assert r.status_code == 400 and "minutes" in r.json()


def test_length_is_enforced_by_the_application_on_sqlite(users, verified_client, assembly):
    # (sign-in takes a registered person now, so a typed name is tried on an agenda item)
    c = verified_client(users["street_admin"])
    r = c.post(
        "/api/selfgov/agenda-items/",
        {"assembly": assembly.pk, "title": "议题", "candidate_name": "名" * 99},
        content_type="application/json",
    )
    assert r.status_code == 400 and "candidate_name" in r.json()
    assert not AgendaItem.objects.exists()


def test_text_is_stored_in_nfc_and_trimmed(users, verified_client, assembly):
    c = verified_client(users["street_admin"])
    decomposed = "Rene\u0301e "
    r = c.post(
        "/api/selfgov/agenda-items/",
        {
            "assembly": assembly.pk,
            "title": "补选",
            "kind": "by_election",
            "candidate_name": decomposed,
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    assert AgendaItem.objects.get().candidate_name == "Ren\u00e9e"


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_names_refuse_a_leading_formula_character(reg, users, verified_client, start):
    c = verified_client(users["street_admin"])
    z = reg["zhang"]
    r = c.patch(
        f"/api/registry/residents/{z.pk}/",
        {"name": f'{start}HYPERLINK("http://x","张三")'},
        content_type="application/json",
    )
    assert r.status_code == 400 and "name" in r.json()
    assert Resident.objects.get(pk=z.pk).name == "张三"


def test_forms_refuse_control_characters_with_a_field_error(reg, users, verified_client):
    c = verified_client(users["station_staff"])
    z, h = reg["zhang"], reg["h1"]
    for ch in [*CONTROLS, "\n", "\t"]:
        if ch == "\x00":
            continue  # Django's own form check answers first, with its own field error
        r = c.post(
            reverse("registry:resident_edit", args=[z.pk]),
            {
                "name": f"张{ch}三",
                "id_number": "",
                "phone": "",
                "ethnicity": "01",
                "residence_type": "registered",
                "political_status": "masses",
                "relation": "head",
            },
        )
        assert r.status_code == 200, hex(ord(ch))
        assert r.context["form"].errors.get("name"), hex(ord(ch))
        r = c.post(
            reverse("registry:household_edit", args=[h.pk]),
            {
                "building": h.building_id,
                "number": f"H{ch}001",
                "kind": h.kind,
                "address": f"幸福路{ch}1号",
            },
        )
        assert r.status_code == 200, hex(ord(ch))
        errors = r.context["form"].errors
        assert errors.get("number") and errors.get("address"), (hex(ord(ch)), errors)
    assert Resident.objects.get(pk=z.pk).name == "张三"


def test_import_refuses_control_characters_with_a_cell_error(tmp_path, world, reg):
    from tests.registry.test_import_files import id_number

    path = tmp_path / "r.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["姓名", "身份证号", "户号", "与户主关系"])
        for i, ch in enumerate(ch for ch in CONTROLS if ch != "\x00"):
            w.writerow([f"张{ch}三", id_number(i + 100), "", ""])
        w.writerow(["=HYPERLINK(1)", id_number(999), "", ""])
    result = run_import("residents", str(path), community=world["c1"], valid_only=True)
    assert result.imported == 0
    assert len(result.errors) == len(CONTROLS) and {e["column"] for e in result.errors} == {"姓名"}


def test_open311_refuses_control_characters_in_every_text_field(key, menu):
    from django.test import Client

    client = Client()
    base = {
        "api_key": key,
        "service_code": str(menu["permit"].pk),
        "address_string": "幸福路1号",
        "attribute[reason]": "work",
        "attribute[since]": "2026-01-05",
        "description": "路灯不亮",
        "first_name": "三",
        "last_name": "张",
    }
    for field in ("description", "address_string", "first_name", "last_name", "device_id"):
        for ch in ("\x01", "\x0b", "\x1b", "\x7f", "\x85"):
            r = client.post("/open311/v2/requests.xml", {**base, field: f"甲{ch}乙"})
            assert r.status_code == 400, (field, hex(ord(ch)), r.content)
            root = ET.fromstring(r.content)
            assert root.tag == "errors" and "attribute[" not in root.find("error/description").text
    assert not ServiceRequest.objects.exists()
    assert client.post("/open311/v2/requests.xml", base).status_code == 200
    assert ServiceRequest.objects.count() == 1


# --- every reader survives stored bad values ---------------------------------------------


def test_every_reader_survives_bad_values_already_stored(
    reg,
    users,
    verified_client,
    assembly,
    request_,
    key,
):
    # Legacy rows: written around the rules, straight into the database.
    every = "".join(CONTROLS[1:]) + "\t\n"  # for the long fields
    bad = "\x01\x08\x0b\x0c\x1b\x1f\x7f\x85\x9f\t\n"  # within the short ones
    Resident.objects.filter(pk__in=[reg["zhang"].pk, reg["li"].pk]).update(name="=1+2" + bad)
    Household.objects.filter(pk=reg["h1"].pk).update(address="幸福路" + bad, number="H" + bad)
    ServiceRequest.objects.filter(pk=request_.pk).update(
        applicant_name="张" + bad,
        description="描述" + every,
        address="地址" + bad,
        status_note="备注" + bad,
        channel=ServiceRequest.Channel.OPEN311,
    )
    Attendance.objects.bulk_create([Attendance(assembly=assembly, name="王" + bad)])

    admin = verified_client(users["street_admin"])
    rows = _xlsx_rows(admin.get("/api/exports/residents/"))
    names = [r[[str(h) for h in rows[0]].index(str(rows[0][0]))] for r in rows[1:]]
    assert any(str(n).startswith("'=1+2") for n in names), names  # neutralized formula
    assert not any("\x0b" in str(cell) for row in rows for cell in row)

    ledger = admin.get(reverse("access:ledger_export", kwargs={"kind": "elderly80"}))
    assert ledger.status_code == 200
    assert any("'=1+2" in str(c) for row in _xlsx_rows(ledger) for c in row)
    assert admin.get(reverse("access:dashboard_export")).status_code == 200

    xml = admin.get("/open311/v2/requests.xml")
    assert xml.status_code == 200
    root = ET.fromstring(xml.content)  # well-formed
    assert root.find("request/description").text.startswith("描述")
    feed = admin.get("/open311/v2/requests.json")
    assert feed.status_code == 200 and json.loads(feed.content)[0]["description"]
    one = admin.get(f"/open311/v2/requests/{request_.pk}.xml")
    assert one.status_code == 200 and ET.fromstring(one.content) is not None

    staff = verified_client(users["station_staff"])
    for url in (
        reverse("registry:resident_detail", args=[reg["zhang"].pk]),
        reverse("registry:resident_list"),
        reverse("registry:household_detail", args=[reg["h1"].pk]),
        f"/api/registry/residents/{reg['zhang'].pk}/",
        f"/api/selfgov/assemblies/{assembly.pk}/",
        reverse("services:receipt_pdf", args=[request_.pk]),
    ):
        assert staff.get(url).status_code == 200, url


@pytest.fixture
def key(world):
    from gongzhi.open311 import definitions
    from gongzhi.open311.models import ApiKey

    definitions.clear()
    obj, raw = ApiKey.issue("FixMyStreet", world["s1"])
    yield raw
    definitions.clear()


def test_screens_without_a_model_form_refuse_control_characters_too(
    users, verified_client, assembly
):
    # The assembly page posts straight to the service, which only calls create(): the
    # pre_save guard refuses, the page shows the message, nothing is stored.
    c = verified_client(users["street_admin"])
    url = reverse("selfgov:assembly_action", args=[assembly.pk])
    for ch in ("\x01", "\x0b", "\x1b", "\x85", "\n"):
        r = c.post(url, {"action": "item", "title": f"李{ch}四"}, follow=True)
        assert r.status_code == 200, hex(ord(ch))
        assert "U+" in r.content.decode(), hex(ord(ch))
    r = c.post(url, {"action": "item", "title": "名" * 201}, follow=True)
    assert r.status_code == 200 and not AgendaItem.objects.exists()


def test_records_of_what_happened_and_file_names_are_never_refused(world, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongzhi.core.models import AuditEntry
    from gongzhi.registry.imports import jobs

    # A username may start with "-" or "@"; the audit trail copies it and must not refuse.
    entry = AuditEntry.objects.create(
        action=AuditEntry.Action.EXPORT, actor_name="-bob", object_repr="张\x0b三"
    )
    assert AuditEntry.objects.get(pk=entry.pk).actor_name == "-bob"
    from tests.registry.test_import_files import id_number

    content = f"姓名,身份证号\n孙八,{id_number(77)}\n".encode()
    upload = SimpleUploadedFile("-名单\x0b.csv", content)
    job = jobs.create_job(
        kind="residents", upload=upload, community=world["c1"], user=users["street_admin"]
    )
    assert job.original_name == "-名单.csv"
