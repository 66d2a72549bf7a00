"""Screens, public pages and API of the access system."""

import datetime

from gongzhi.access import actions
from gongzhi.access.models import AdmittedAffair, Application, CommunityTask, FundTransfer
from gongzhi.org.models import DispatchedCadre
from gongzhi.workdays.services import Calendar

from .conftest import TODAY


def test_public_admitted_list_without_login(client, affair, world):
    AdmittedAffair.objects.create(
        street=world["s1"],
        name="居民自治章程备案",
        body="committee",
        valid_from=datetime.date(2020, 1, 1),
    )
    response = client.get(f"/public/access/streets/{world['s1'].pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "居民自治章程备案" in body
    on_list = AdmittedAffair.objects.active().filter(pk=affair.pk).exists()
    assert (affair.name in body) == on_list


def test_public_list_hides_revoked(client, world, users):
    item = AdmittedAffair.objects.create(
        street=world["s1"],
        name="流动人口信息采集",
        body="station",
        valid_from=datetime.date(2020, 1, 1),
    )
    actions.do_revoke_affair(users["street_admin"], item, reason="回归部门")
    assert (
        "流动人口信息采集"
        not in client.get(f"/public/access/streets/{world['s1'].pk}/").content.decode()
    )


def test_public_dispatched_staff_page(client, world):
    DispatchedCadre.objects.create(
        department=world["dept"],
        community=world["c1"],
        name="陈警官",
        post="社区民警",
        duties="治安巡逻",
        office_hours="周二、周四上午",
        start_date=datetime.date(2024, 1, 1),
    )
    body = client.get(f"/public/access/communities/{world['c1'].pk}/dispatched/").content.decode()
    assert "陈警官" in body and "周二、周四上午" in body


def test_screens_render_for_street_admin(verified_client, users, affair, world):
    c = verified_client(users["street_admin"])
    for url in [
        "/access/",
        "/access/applications/",
        f"/access/applications/{affair.application.pk}/",
        "/access/affairs/",
        "/access/tasks/",
        "/access/funds/",
        "/access/ledgers/",
        "/access/plaques/",
        "/access/tasks/assign/",
        "/access/applications/new/",
        "/access/dashboard/data/",
        "/access/dashboard/export/",
    ]:
        assert c.get(url).status_code == 200, url


def test_dashboard_data_json(verified_client, users, affair):
    data = verified_client(users["street_admin"]).get("/access/dashboard/data/").json()
    assert (
        data["admitted"]["station"]
        == AdmittedAffair.objects.active().filter(body="station").count()
    )
    assert "trend" in data and "labels" in data


def test_community_refuses_with_one_click(verified_client, users, world):
    task = actions.do_record_unadmitted_task(
        users["street_admin"], world["c1"], title="创卫检查材料"
    )
    c = verified_client(users["party_secretary"])
    response = c.post(f"/access/tasks/{task.pk}/refuse/")
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == CommunityTask.Status.REFUSED
    body = (
        verified_client(users["street_admin"]).get("/access/tasks/?kind=refused").content.decode()
    )
    assert "创卫检查材料" in body


def test_other_community_cannot_refuse(verified_client, users, world):
    task = actions.do_record_unadmitted_task(users["street_admin"], world["c2"], title="x")
    response = verified_client(users["party_secretary"]).post(f"/access/tasks/{task.pk}/refuse/")
    assert response.status_code == 404


def test_out_of_scope_application_is_404(verified_client, users, affair):
    assert (
        verified_client(users["outsider"])
        .get(f"/access/applications/{affair.application.pk}/")
        .status_code
        == 404
    )


def test_form_shows_localized_error_for_wrong_dates(verified_client, users, world):
    c = verified_client(users["department_staff"])
    response = c.post(
        "/access/applications/new/",
        {
            "street": world["s1"].pk,
            "department": world["dept"].pk,
            "title": "t",
            "content": "c",
            "legal_basis": "l",
            "body": "station",
            "communities": [world["c1"].pk],
            "start_date": "2026-09-01",
            "end_date": "2026-08-01",
            "hours_per_month": "3",
        },
    )
    assert response.status_code == 200
    assert "结束日期不能早于开始日期" in response.content.decode()
    assert not Application.objects.exists()


def test_api_application_flow(verified_client, users, world):
    c = verified_client(users["department_staff"])
    start = Calendar.load().add_working_days(datetime.date.today(), 31)
    payload = {
        "street": world["s1"].pk,
        "department": world["dept"].pk,
        "title": "残疾人两项补贴复核",
        "content": "入户复核",
        "legal_basis": "《残疾人保障法》",
        "body": "station",
        "communities": [world["c1"].pk],
        "start_date": start.isoformat(),
        "end_date": (start + datetime.timedelta(days=100)).isoformat(),
        "hours_per_month": "6",
        "funding": "none",
        "personnel": "none",
        "service_support": "无",
        "task_definition": "每季度复核一次",
    }
    r = c.post("/api/access/applications/", payload, content_type="application/json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["meets_four_sync"] is False
    r = c.post(f"/api/access/applications/{pk}/submit/")
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "submitted"
    staff = verified_client(users["street_staff"])
    r = staff.post(
        f"/api/access/applications/{pk}/decide/",
        {"decision": "approve"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "override_reason" in r.json()
    r = staff.post(
        f"/api/access/applications/{pk}/decide/",
        {"decision": "reject", "reason": "部门职责"},
        content_type="application/json",
    )
    assert r.json()["status"] == "rejected"
    r = staff.post(
        f"/api/access/applications/{pk}/decide/",
        {"decision": "approve", "override_reason": "x"},
        content_type="application/json",
    )
    assert r.status_code == 400
    assert Application.objects.get(pk=pk).status == "rejected"
    r = staff.get(f"/api/access/applications/{pk}/transitions/")
    assert [t["to_status"] for t in r.json()] == ["submitted", "rejected"]


def test_api_negative_amount_is_400(verified_client, users, world):
    r = verified_client(users["department_staff"]).post(
        "/api/access/applications/",
        {
            "street": world["s1"].pk,
            "department": world["dept"].pk,
            "title": "t",
            "content": "c",
            "legal_basis": "l",
            "communities": [world["c1"].pk],
            "start_date": "2026-09-01",
            "end_date": "2026-08-01",
            "hours_per_month": "6",
            "funding_per_community": "-10",
        },
        content_type="application/json",
    )
    assert r.status_code == 400
    assert "funding_per_community" in r.json()
    assert not Application.objects.exists()


def test_api_task_outside_list_is_400(verified_client, users, world):
    r = verified_client(users["department_staff"]).post(
        "/api/access/tasks/assign/",
        {"communities": [world["c1"].pk], "title": "临时任务"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "affair" in r.json()
    assert not CommunityTask.objects.exists()


def test_api_transfer_and_arrears(verified_client, users, affair, world):
    c = verified_client(users["department_staff"])
    accounts = c.get("/api/access/funds/").json()["results"]
    assert len(accounts) == 2
    pk = accounts[0]["id"]
    r = c.post(
        f"/api/access/funds/{pk}/transfer/",
        {"date": TODAY.isoformat(), "amount": "-3", "voucher": "V1"},
        content_type="application/json",
    )
    assert r.status_code == 400 and not FundTransfer.objects.exists()
    r = c.post(
        f"/api/access/funds/{pk}/transfer/",
        {"date": TODAY.isoformat(), "amount": "3000", "voucher": "V1"},
        content_type="application/json",
    )
    assert r.status_code == 201
    arrears = verified_client(users["street_admin"]).get("/api/access/funds/arrears/").json()
    assert arrears[0]["outstanding"] == "37000.00"


def test_api_scoped(verified_client, users, affair):
    assert verified_client(users["outsider"]).get("/api/access/applications/").json()["count"] == 0
    assert (
        verified_client(users["outsider"])
        .get(f"/api/access/applications/{affair.application.pk}/")
        .status_code
        == 404
    )


def test_api_dashboard_and_schema(verified_client, users):
    c = verified_client(users["street_admin"])
    assert c.get("/api/access/dashboard/").status_code == 200
    schema = c.get("/api/schema/").content.decode()
    assert "/api/access/applications/{id}/decide/" in schema


def test_api_actions_out_of_scope_404_before_input_errors(verified_client, users, world):
    """An object outside the caller's area answers 404 even when the body is empty or
    wrong: its existence is not revealed through a 400."""
    from gongzhi.access.models import Ledger

    far_task = CommunityTask.objects.create(community=world["c3"], title="外街道任务")
    far_ledger = Ledger.objects.create(street=world["s2"], name="外街道台帐", category="民政")
    admin = verified_client(users["street_admin"])
    assert admin.post(f"/api/access/tasks/{far_task.pk}/classify/", {}).status_code == 404
    assert admin.post(f"/api/access/ledgers/{far_ledger.pk}/decide/", {}).status_code == 404
    secretary = verified_client(users["party_secretary"])
    assert secretary.post(f"/api/access/tasks/{far_task.pk}/refuse/", {}).status_code == 404
    # Inside the area the same empty body is a 400 with field errors.
    near = CommunityTask.objects.create(community=world["c1"], title="本社区任务")
    response = verified_client(users["street_admin"]).post(
        f"/api/access/tasks/{near.pk}/classify/", {}
    )
    assert response.status_code == 400 and "disposition" in response.json()
