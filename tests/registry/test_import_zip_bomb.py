"""Zip-bomb .xlsx: refused from the archive's directory before openpyxl parses anything,
with a clear message, and with little memory, through the web page, the API and the command."""

import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongzhi.registry.imports.readers import ImportFileError, open_table
from gongzhi.registry.models import ImportJob, Resident
from tests.registry.test_import_cli import run as run_command

# One cell whose text is 400 MB of the same letter: deflates to well under 1 MB.
BOMB_MB = 400
MEMORY_LIMIT = 300 * 1024 * 1024
# The message names the unpacked size, in either language ("疑似“压缩炸弹”" / "zip bomb").
SAYS_BOMB = f"{BOMB_MB} MB"


def write_bomb(path: Path) -> Path:
    """A valid workbook (openpyxl writes it) whose sheet XML is then replaced by a huge,
    highly compressible one, streamed so that the test itself stays small."""
    plain = path.with_suffix(".plain.xlsx")
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "身份证号", "户号"])
    wb.save(plain)
    with (
        zipfile.ZipFile(plain) as src,
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as dst,
    ):
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(info, src.read(info))
                continue
            with dst.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
                out.write(
                    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                    b'openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
                    b'<c r="A1" t="inlineStr"><is><t>'
                )
                chunk = b"A" * (1024 * 1024)
                for _ in range(BOMB_MB):
                    out.write(chunk)
                out.write(b"</t></is></c></row></sheetData></worksheet>")
    plain.unlink()
    return path


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    return write_bomb(tmp_path_factory.mktemp("bomb") / "bomb.xlsx")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _peak(fn):
    tracemalloc.start()
    try:
        result = fn()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_zip_bomb_is_small_on_disk(bomb):
    assert bomb.stat().st_size < 2 * 1024 * 1024


def test_zip_bomb_refused_by_the_reader_with_low_memory(bomb):
    def attempt():
        with pytest.raises(ImportFileError) as exc:
            open_table(str(bomb), "bomb.xlsx")
        return exc.value.message

    message, peak = _peak(attempt)
    assert SAYS_BOMB in message and peak < MEMORY_LIMIT


def test_zip_bomb_refused_through_the_web_import(verified_client, users, world, bomb):
    client = verified_client(users["station_staff"])
    upload = SimpleUploadedFile("居民.xlsx", bomb.read_bytes())
    r, peak = _peak(
        lambda: client.post(
            reverse("registry:import_list"),
            {"kind": "residents", "community": world["c1"].pk, "file": upload},
        )
    )
    assert r.status_code in (302, 400) and peak < MEMORY_LIMIT
    job = ImportJob.objects.get()
    assert job.status == "failed" and SAYS_BOMB in job.message
    assert (
        job.message in client.get(reverse("registry:import_detail", args=[job.pk])).content.decode()
    )
    assert Resident.objects.count() == 0


def test_zip_bomb_refused_through_the_api(verified_client, users, world, bomb):
    client = verified_client(users["station_staff"])
    upload = SimpleUploadedFile("居民.xlsx", bomb.read_bytes())
    r, peak = _peak(
        lambda: client.post(
            "/api/imports/",
            {"kind": "residents", "community": world["c1"].pk, "file": upload},
        )
    )
    data = client.get(f"/api/imports/{r.json()['id']}/").json()
    assert data["status"] == "failed" and SAYS_BOMB in data["message"] and peak < MEMORY_LIMIT
    assert Resident.objects.count() == 0


def test_zip_bomb_refused_by_the_command(world, bomb):
    (code, _out, err), peak = _peak(
        lambda: run_command("residents", str(bomb), "--community", "150204001001")
    )
    assert code == 1 and SAYS_BOMB in err and peak < MEMORY_LIMIT
    assert Resident.objects.count() == 0
