"""Import through the web pages and the API: upload → check → preview → import, progress,
rejected rows, report; permissions and scope; bad files give a message, never a 500."""

import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongzhi.core.models import AuditEntry
from gongzhi.registry.models import Building, Household, ImportJob, Resident
from tests.registry.test_import_files import id_number, write_csv

H = ["姓名", "身份证号", "联系电话", "户号"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def homes(world):
    b = Building.objects.create(
        community=world["c1"], grid=world["g1"], name="1号楼", address="幸福路1号"
    )
    Household.objects.create(
        community=world["c1"], grid=world["g1"], building=b, number="H001", address=b.address
    )


def csv_upload(tmp_path, rows, name="居民.csv"):
    path = write_csv(tmp_path / "u.csv", H, rows)
    return SimpleUploadedFile(name, Path(path).read_bytes(), content_type="text/csv")


GOOD = [["张三", id_number(1), "13812345678", "H001"], ["李四", id_number(2), "", "H001"]]
BAD = [["张三", id_number(1), "13812345678", "H001"], ["李四", id_number(2)[:-1] + "0", "", "H999"]]


def upload(client, world, f, **extra):
    return client.post(
        reverse("registry:import_list"),
        {"kind": "residents", "community": world["c1"].pk, "file": f, **extra},
    )


def test_upload_preview_then_import(verified_client, users, world, homes, tmp_path):
    client = verified_client(users["station_staff"])
    r = upload(client, world, csv_upload(tmp_path, GOOD))
    job = ImportJob.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse(
        "registry:import_detail", args=[job.pk]
    )
    assert job.status == "preview" and job.total_rows == 2 and Resident.objects.count() == 0
    page = client.get(r["Location"])
    assert page.status_code == 200 and "import_start" not in page.content.decode()
    r = client.post(reverse("registry:import_start", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "done" and job.imported_rows == 2 and job.processed_rows == 2
    assert Resident.objects.count() == 2
    entry = AuditEntry.objects.get(action="import")
    assert entry.actor == users["station_staff"] and entry.extra["imported"] == 2
    report = client.get(reverse("registry:import_report", args=[job.pk]))
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(report.streaming_content)))
    assert len(wb.sheetnames) == 3


def test_invalid_file_shows_errors_and_can_import_valid_rows_only(
    verified_client, users, world, homes, tmp_path
):
    client = verified_client(users["street_admin"])
    upload(client, world, csv_upload(tmp_path, BAD))
    job = ImportJob.objects.get()
    assert job.status == "invalid" and job.rejected_rows == 1
    page = client.get(reverse("registry:import_detail", args=[job.pk])).content.decode()
    assert "身份证号" in page and "户号" in page and "<td>3</td>" in page
    # Not without choosing "valid rows only".
    client.post(reverse("registry:import_start", args=[job.pk]))
    assert Resident.objects.count() == 0
    client.post(reverse("registry:import_start", args=[job.pk]), {"valid_only": "1"})
    job.refresh_from_db()
    assert job.status == "done" and job.imported_rows == 1 and Resident.objects.count() == 1
    r = client.get(reverse("registry:import_rejected", args=[job.pk]))
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    rows = list(wb.active.values)
    assert len(rows) == 2 and rows[1][0] == "李四" and "身份证号" in rows[1][-1]


def test_progress_partial(verified_client, users, world, homes, tmp_path):
    client = verified_client(users["station_staff"])
    upload(client, world, csv_upload(tmp_path, GOOD))
    job = ImportJob.objects.get()
    r = client.get(reverse("registry:import_progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and "100%" in r.content.decode() and r["HX-Refresh"] == "true"


@pytest.mark.parametrize(
    "name,content",
    [
        ("empty.csv", b""),
        ("broken.xlsx", b"PK\x03\x04garbage"),
        ("photo.csv", b"\x89PNG\x00\x00\x00\x01\x02"),
        ("nocols.csv", "甲,乙\n1,2\n".encode()),
        (
            "protected.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + b"\x00" * 600
            + "EncryptionInfo".encode("utf-16-le"),
        ),
    ],
)
def test_bad_files_give_a_message_not_a_500(verified_client, users, world, homes, name, content):
    client = verified_client(users["station_staff"])
    r = upload(client, world, SimpleUploadedFile(name, content))
    assert r.status_code in (302, 400)
    if r.status_code == 302:
        job = ImportJob.objects.get()
        assert job.status == "failed" and job.message
        page = client.get(r["Location"])
        assert page.status_code == 200 and job.message in page.content.decode()
    assert Resident.objects.count() == 0


def test_wrong_extension_is_refused(verified_client, users, world, homes):
    client = verified_client(users["station_staff"])
    r = upload(client, world, SimpleUploadedFile("a.pdf", b"%PDF-1.4"))
    assert r.status_code == 400 and not ImportJob.objects.exists()


def test_mapping_form_rechecks(verified_client, users, world, homes, tmp_path):
    client = verified_client(users["station_staff"])
    path = write_csv(tmp_path / "m.csv", ["人名", "身份证号"], [["张三", id_number(1)]])
    upload(client, world, SimpleUploadedFile("m.csv", Path(path).read_bytes()))
    job = ImportJob.objects.get()
    assert job.status == "failed"  # 姓名 missing
    page = client.get(reverse("registry:import_detail", args=[job.pk])).content.decode()
    assert 'name="map-人名"' in page
    client.post(
        reverse("registry:import_remap", args=[job.pk]),
        {"map-人名": "name", "map-身份证号": "id_number"},
    )
    job.refresh_from_db()
    assert job.status == "preview" and job.column_mapping["人名"] == "name"


def test_template_download(verified_client, users):
    client = verified_client(users["station_staff"])
    r = client.get(reverse("registry:import_template", kwargs={"kind": "residents"}))
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    assert "说明" in wb.sheetnames
    for kind in ("buildings", "households"):
        assert (
            client.get(reverse("registry:import_template", kwargs={"kind": kind})).status_code
            == 200
        )
    assert client.get("/registry/imports/template/nothing.xlsx").status_code == 404


def test_permissions_and_scope(verified_client, users, world, homes, tmp_path):
    # A grid worker may not import; a station staff member cannot pick another community.
    assert (
        verified_client(users["grid_worker"]).get(reverse("registry:import_list")).status_code
        == 403
    )
    client = verified_client(users["station_staff"])
    r = client.post(
        reverse("registry:import_list"),
        {"kind": "residents", "community": world["c2"].pk, "file": csv_upload(tmp_path, GOOD)},
    )
    assert r.status_code == 400 and not ImportJob.objects.exists()
    job = ImportJob.objects.create(
        kind="residents", community=world["c3"], original_name="x.csv", file="x.csv"
    )
    assert client.get(reverse("registry:import_detail", args=[job.pk])).status_code == 404


def test_api_upload_imports_directly(verified_client, users, world, homes, tmp_path):
    client = verified_client(users["station_staff"])
    r = client.post(
        "/api/imports/",
        {"kind": "residents", "community": world["c1"].pk, "file": csv_upload(tmp_path, GOOD)},
    )
    assert r.status_code == 202, r.content
    job_id = r.json()["id"]
    data = client.get(f"/api/imports/{job_id}/").json()
    assert (
        data["status"] == "done" and data["imported_rows"] == 2 and data["progress_percent"] == 100
    )
    assert Resident.objects.count() == 2


def test_api_rejects_invalid_file_unless_valid_only(verified_client, users, world, homes, tmp_path):
    client = verified_client(users["station_staff"])
    r = client.post(
        "/api/imports/",
        {"kind": "residents", "community": world["c1"].pk, "file": csv_upload(tmp_path, BAD)},
    )
    data = client.get(f"/api/imports/{r.json()['id']}/").json()
    assert (
        data["status"] == "invalid" and data["imported_rows"] == 0 and Resident.objects.count() == 0
    )
    assert {e["row"] for e in data["errors"]} == {3} and data["error_counts"] == {
        "身份证号": 1,
        "户号": 1,
    }
    r = client.post(
        "/api/imports/?valid_only=1",
        {"kind": "residents", "community": world["c1"].pk, "file": csv_upload(tmp_path, BAD)},
    )
    data = client.get(f"/api/imports/{r.json()['id']}/").json()
    assert data["status"] == "done" and data["imported_rows"] == 1 and data["rejected_url"]


def test_api_preview_then_start(verified_client, users, world, homes, tmp_path):
    client = verified_client(users["station_staff"])
    r = client.post(
        "/api/imports/?preview=1",
        {"kind": "residents", "community": world["c1"].pk, "file": csv_upload(tmp_path, GOOD)},
    )
    job_id = r.json()["id"]
    assert client.get(f"/api/imports/{job_id}/").json()["status"] == "preview"
    r = client.post(f"/api/imports/{job_id}/start/")
    assert r.status_code == 202 and Resident.objects.count() == 2
    assert client.post(f"/api/imports/{job_id}/start/").status_code == 400


def test_api_permission_and_scope(verified_client, users, world, homes, tmp_path):
    assert verified_client(users["grid_worker"]).get("/api/imports/").status_code == 403
    client = verified_client(users["station_staff"])
    r = client.post(
        "/api/imports/",
        {"kind": "residents", "community": world["c3"].pk, "file": csv_upload(tmp_path, GOOD)},
    )
    assert r.status_code == 400 and "community" in r.json()
    job = ImportJob.objects.create(
        kind="residents", community=world["c3"], original_name="x.csv", file="x.csv"
    )
    assert client.get(f"/api/imports/{job.pk}/").status_code == 404
