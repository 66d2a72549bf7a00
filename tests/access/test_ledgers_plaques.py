"""Ledgers (台帐) generated from the registry, and plaques (挂牌)."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from gongzhi.access import actions, exports, figures, queries
from gongzhi.access.models import AccessPolicy, Ledger, Plaque
from gongzhi.core.models import AuditEntry
from gongzhi.registry.actions import do_set_tag
from gongzhi.registry.models import Resident, Tag
from tests.registry.helpers import clerk


def _resident(community, grid, name, born, id_number="", phone="", status="active"):
    return Resident.objects.create(
        community=community,
        grid=grid,
        name=name,
        birth_date=born,
        id_number=id_number,
        phone=phone,
        status=status,
    )


@pytest.fixture
def people(world):
    today = timezone.localdate()
    old = _resident(
        world["c1"],
        world["g1"],
        "王秀英",
        today.replace(year=today.year - 85),
        id_number="110105194001011234",
        phone="13812345678",
    )
    young = _resident(world["c1"], world["g2"], "李强", today.replace(year=today.year - 40))
    disabled = _resident(world["c2"], world["g3"], "张伟", today.replace(year=today.year - 50))
    far = _resident(world["c3"], world["g4"], "赵敏", today.replace(year=today.year - 90))
    dead = _resident(
        world["c1"], world["g1"], "刘德", today.replace(year=today.year - 95), status="deceased"
    )
    do_set_tag(clerk(), disabled, Tag.objects.get(code="disability"), grade=2)
    do_set_tag(clerk(), young, Tag.objects.get(code="dibao"))
    do_set_tag(clerk(), old, Tag.objects.get(code="veteran"))
    return {"old": old, "young": young, "disabled": disabled, "far": far, "dead": dead}


def test_elderly_80_ledger_from_birth_date_within_scope(people, users):
    rows = set(queries.ledger_residents("elderly80", users["street_admin"]))
    assert rows == {people["old"]}  # not the 90-year-old of the other street, not the deceased


def test_generated_ledgers_from_tags(people, users):
    admin = users["street_admin"]
    assert set(queries.ledger_residents("dibao", admin)) == {people["young"]}
    assert set(queries.ledger_residents("disability", admin)) == {people["disabled"]}
    assert set(queries.ledger_residents("veteran", admin)) == {people["old"]}


def test_ledger_scope_grid_worker_sees_own_grid_only(people, users):
    assert set(queries.ledger_residents("elderly80", users["grid_worker"])) == {people["old"]}
    assert not queries.ledger_residents("elderly80", users["bob"]).exists()


def test_ledger_export_xlsx_masked_and_audited(people, users):
    data = exports.export_ledger("disability", users["street_admin"])
    ws = load_workbook(io.BytesIO(data)).active
    values = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    assert values[3][3] == "张伟"
    assert "2" in values[3][9]  # disability grade in the note column
    data = exports.export_ledger("veteran", users["street_admin"])
    ws = load_workbook(io.BytesIO(data)).active
    row = [c for c in list(ws.iter_rows(values_only=True))[3]]
    # Birth year (not the date, no exact age) beside the masked ID number: core.masking.
    assert (
        row[5] == people["old"].birth_date.year
        and row[6] == "110105**********34"
        and row[7] == "138****5678"
    )
    assert "110105194001011234" not in str(list(ws.iter_rows(values_only=True)))
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.EXPORT, extra__ledger="veteran"
    ).exists()


def test_ledger_export_needs_permission(people, users):
    with pytest.raises(ValidationError):
        exports.export_ledger("dibao", users["grid_worker"])


def test_ledger_cancel_merge_keep(world, users):
    a = Ledger.objects.create(street=world["s1"], name="创卫工作台帐", category="城市管理")
    b = Ledger.objects.create(street=world["s1"], name="爱国卫生台帐", category="城市管理")
    actions.do_decide_ledger(users["street_admin"], a, "merged", merged_into=b)
    a.refresh_from_db()
    assert a.decision == "merged" and a.merged_into == b
    with pytest.raises(ValidationError):
        actions.do_decide_ledger(users["street_admin"], b, "merged", merged_into=b)
    with pytest.raises(ValidationError):
        actions.do_decide_ledger(
            users["street_admin"], b, "merged", merged_into=a
        )  # into a merged ledger
    actions.do_decide_ledger(users["street_admin"], b, "cancelled")
    b.refresh_from_db()
    assert b.decision == "cancelled" and b.merged_into is None


def test_plaque_policy_limit_violations_flagged(world):
    for kind, name in [
        ("party", "中共幸福社区委员会"),
        ("committee", "幸福社区居民委员会"),
        ("name", "幸福社区"),
    ]:
        Plaque.objects.create(community=world["c1"], kind=kind, name=name)
    assert figures.plaque_check(world["c1"]).violation is False
    Plaque.objects.create(community=world["c1"], kind="other", name="创建文明城市工作站")
    check = figures.plaque_check(world["c1"])
    assert check.violation and check.over_limit and len(check.not_allowed) == 1
    AccessPolicy.objects.create(street=world["s1"], plaque_limit=5)
    check = figures.plaque_check(world["c1"])
    assert not check.over_limit and check.violation  # still a plaque not allowed


def test_removed_plaque_no_longer_counts(world, users):
    p = Plaque.objects.create(
        community=world["c1"],
        kind="other",
        name="xx",
        hung_on=datetime.date(2020, 1, 1),
        removed_on=datetime.date(2021, 1, 1),
    )
    assert figures.plaque_check(world["c1"]).count == 0
    p.removed_on = datetime.date(2019, 1, 1)
    with pytest.raises(ValidationError):
        actions.save_plaque(users["street_admin"], p)


def test_burden_stats(people, users, world):
    Ledger.objects.create(
        street=world["s1"], name="a", category="x", decision="cancelled", hours_per_month=4
    )
    Plaque.objects.create(community=world["c1"], kind="other", name="xx")
    actions.do_record_unadmitted_task(users["street_admin"], world["c1"], title="t")
    stats = figures.burden_stats(users["street_admin"], street=world["s1"])
    assert stats["ledgers"]["cancelled"] == 1
    assert stats["plaques_over_limit"] == 1
    assert stats["unadmitted"] == 1
    assert stats["hours_saved_per_month"] == 4.0
    assert len(stats["trend"]["months"]) == 12


def test_ledger_export_all_kinds_one_sheet_each(people, users):
    data = exports.export_ledger(None, users["street_admin"])
    wb = load_workbook(io.BytesIO(data))
    assert len(wb.sheetnames) == len(Ledger.Generated.values)
    names = {ws.title: [r[3] for r in ws.iter_rows(min_row=4, values_only=True)] for ws in wb}
    assert names[str(Ledger.Generated.ELDERLY80.label)[:31]] == ["王秀英"]
    assert names[str(Ledger.Generated.DIBAO.label)[:31]] == ["李强"]
    audited = set(
        AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).values_list(
            "extra__ledger", flat=True
        )
    )
    assert audited == set(Ledger.Generated.values)


def test_ledger_export_unknown_kind_is_refused(people, users):
    with pytest.raises(ValidationError):
        exports.export_ledger("nonsense", users["street_admin"])


def test_ledger_export_screen_one_url_per_kind(people, users, verified_client):
    from django.urls import reverse

    client = verified_client(users["street_admin"])
    for kind in Ledger.Generated.values:
        url = reverse("access:ledger_export", kwargs={"kind": kind})
        assert url == f"/access/ledgers/export/{kind}/"
        response = client.get(url)
        assert response.status_code == 200, kind
        assert f"ledger-{kind}-" in response["Content-Disposition"]
    assert client.get("/access/ledgers/export/nonsense/").status_code == 404
    assert verified_client(users["grid_worker"]).get(url).status_code == 403


def test_api_ledger_export_get_without_kind_exports_all(people, users, verified_client):
    client = verified_client(users["street_admin"])
    response = client.get("/api/access/ledgers/export/")
    assert response.status_code == 200
    assert len(load_workbook(io.BytesIO(response.content)).sheetnames) == len(
        Ledger.Generated.values
    )
    response = client.get("/api/access/ledgers/export/?kind=veteran")
    assert load_workbook(io.BytesIO(response.content)).sheetnames == [
        str(Ledger.Generated.VETERAN.label)[:31]
    ]
    response = client.get("/api/access/ledgers/export/?kind=nonsense")
    assert response.status_code == 400 and "kind" in response.json()
