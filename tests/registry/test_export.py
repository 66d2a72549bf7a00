"""Export of residents: the user's scope only, masked unless allowed to reveal with a
reason, and every export audited — on the web, the API and the command line."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from gongzhi.core.models import AuditEntry
from gongzhi.registry.models import Resident
from tests.registry.test_import_files import id_number


@pytest.fixture
def people(world):
    def make(name, n, community, grid):
        r = Resident(
            community=community, grid=grid, name=name, id_number=id_number(n), phone="13812345678"
        )
        r.save()
        return r

    return [
        make("张三", 1, world["c1"], world["g1"]),
        make("李四", 2, world["c1"], world["g2"]),
        make("王五", 3, world["c3"], world["g4"]),
    ]


def rows_of(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(openpyxl.load_workbook(io.BytesIO(content)).active.values)


def test_masked_export_within_scope(verified_client, users, people):
    client = verified_client(users["party_secretary"])  # community c1, may not export personal data
    r = client.post(reverse("registry:export_residents"), {})
    assert r.status_code == 200 and r.streaming, r.content.decode()[-3000:]
    rows = rows_of(r)
    assert sorted(row[0] for row in rows[1:]) == ["张三", "李四"]
    assert all(id_number(1) not in str(row) and "13812345678" not in str(row) for row in rows)
    assert rows[1][1].startswith("110105") and "*" in rows[1][1]
    entry = AuditEntry.objects.get(action="export")
    assert (
        entry.extra["count"] == 2
        and entry.extra["revealed"] is False
        and entry.actor == users["party_secretary"]
    )


def test_reveal_needs_permissions_and_a_reason(verified_client, users, people):
    client = verified_client(users["street_admin"])  # may export and reveal
    r = client.post(reverse("registry:export_residents"), {"reveal": "on", "reason": ""})
    assert r.status_code == 400 and not AuditEntry.objects.filter(action="export").exists()
    r = client.post(reverse("registry:export_residents"), {"reveal": "on", "reason": "低保复核"})
    rows = rows_of(r)
    assert id_number(1) in [row[1] for row in rows] and "王五" not in [row[0] for row in rows]
    entry = AuditEntry.objects.get(action="export")
    assert entry.reason == "低保复核" and entry.extra["revealed"] is True


def test_party_secretary_cannot_reveal_even_if_asked(verified_client, users, people):
    client = verified_client(users["party_secretary"])
    rows = rows_of(
        client.post(reverse("registry:export_residents"), {"reveal": "on", "reason": "x"})
    )
    assert id_number(1) not in str(rows)


def test_grid_worker_may_not_export(verified_client, users, people):
    assert (
        verified_client(users["grid_worker"]).get(reverse("registry:export_residents")).status_code
        == 403
    )
    assert verified_client(users["grid_worker"]).get("/api/exports/residents/").status_code == 403


def test_export_of_one_community(verified_client, users, world, people):
    client = verified_client(users["street_admin"])
    rows = rows_of(client.post(reverse("registry:export_residents"), {"community": world["c1"].pk}))
    assert len(rows) == 3
    # A community outside the scope is not a choice.
    r = client.post(reverse("registry:export_residents"), {"community": world["c3"].pk})
    assert r.status_code == 400


def test_api_export(verified_client, users, people):
    client = verified_client(users["street_admin"])
    rows = rows_of(client.get("/api/exports/residents/"))
    assert len(rows) == 3 and id_number(1) not in str(rows)
    assert (
        client.post(
            "/api/exports/residents/", {"reveal": True}, content_type="application/json"
        ).status_code
        == 400
    )
    rows = rows_of(
        client.post(
            "/api/exports/residents/",
            {"reveal": True, "reason": "核查"},
            content_type="application/json",
        )
    )
    assert id_number(1) in str(rows)
    assert AuditEntry.objects.filter(action="export").count() == 2
    r = verified_client(users["party_secretary"]).post(
        "/api/exports/residents/", {"reveal": True, "reason": "x"}, content_type="application/json"
    )
    assert r.status_code == 403


def test_cli_export(tmp_path, users, world, people):
    out = tmp_path / "r.xlsx"
    call_command("export", "residents", "--community", "150204001001", "--out", str(out))
    rows = list(openpyxl.load_workbook(out).active.values)
    assert len(rows) == 3 and id_number(1) not in str(rows)
    with pytest.raises(CommandError):
        call_command("export", "residents", "--out", str(out), "--reveal", "--reason", "x")
    with pytest.raises(CommandError):
        call_command(
            "export",
            "residents",
            "--out",
            str(out),
            "--reveal",
            "--user",
            "party_secretary",
            "--reason",
            "x",
        )
    call_command(
        "export",
        "residents",
        "--out",
        str(out),
        "--reveal",
        "--user",
        "street_admin",
        "--reason",
        "核查",
    )
    rows = list(openpyxl.load_workbook(out).active.values)
    assert id_number(1) in str(rows) and "王五" not in str(rows)
    assert AuditEntry.objects.filter(action="export").count() == 2
    assert Resident.objects.count() == 3
