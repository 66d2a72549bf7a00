"""The access lists on core.tables (applications, tasks, funds, ledgers, plaques), through
their views: a sortable column, the search, a filter, pages, and rows out of the user's
scope never shown."""

import datetime
import re

import pytest
from django.utils.html import strip_tags

from gongzhi.access.models import Application, CommunityTask, FundAccount, Ledger, Plaque

pytestmark = pytest.mark.django_db

ROW = re.compile(r"<tr>\s*<td[^>]*>(.*?)</td>", re.S)


def first_cells(client, url, **params):
    """The first cell of each row of the page's table, in order (text only)."""
    body = client.get(url, params).content.decode()
    # The list is the page's last table (a page may show a summary table above it).
    tbody = body.split("<tbody>")[-1].split("</tbody>", 1)[0] if "<tbody>" in body else ""
    return [strip_tags(cell.split("<div", 1)[0]).strip() for cell in ROW.findall(tbody)]


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr("gongzhi.access.views._common.PAGE_SIZE", 2)


def test_application_list(make_app, world, users, verified_client, small_pages):
    for title, due in (("乙申请", 5), ("甲申请", 9), ("丙申请", 1)):
        app = make_app(title=title)
        Application.objects.filter(pk=app.pk).update(
            decision_due=datetime.date(2030, 1, due), status="submitted"
        )
    far = make_app(title="外街道申请")
    Application.objects.filter(pk=far.pk).update(street=world["s2"], status="submitted")
    c = verified_client(users["street_admin"])
    url = "/access/applications/"
    everything = first_cells(c, url, sort="decision_due") + first_cells(
        c, url, sort="decision_due", page=2
    )
    assert everything == ["丙申请", "乙申请", "甲申请"]  # two pages, the street's only
    assert first_cells(c, url, sort="-decision_due") == ["甲申请", "乙申请"]
    assert first_cells(c, url, q="甲") == ["甲申请"]
    assert first_cells(c, url, q="外街道") == []
    Application.objects.filter(title="乙申请").update(status="approved")
    assert first_cells(c, url, status="approved") == ["乙申请"]
    assert first_cells(c, url, status="overdue") == []


def test_task_list(world, users, verified_client, small_pages):
    t = CommunityTask.objects.create
    t(community=world["c1"], title="B入户调查")
    t(community=world["c2"], title="A台账报送", status=CommunityTask.Status.REFUSED)
    t(community=world["c1"], title="C创城检查")
    t(community=world["c3"], title="外街道任务")
    c = verified_client(users["street_staff"])
    url = "/access/tasks/"
    assert first_cells(c, url, sort="title") == ["A台账报送", "B入户调查"]
    assert first_cells(c, url, sort="title", page=2) == ["C创城检查"]
    assert first_cells(c, url, sort="-title") == ["C创城检查", "B入户调查"]
    assert first_cells(c, url, q="入户") == ["B入户调查"]
    assert first_cells(c, url, kind="refused") == ["A台账报送"]
    assert first_cells(c, url, q="外街道") == []


def test_task_list_buttons_post_with_their_csrf_token(world, users, verified_client):
    """The refuse form sits in a table cell: it carries the CSRF token, so it works."""
    task = CommunityTask.objects.create(community=world["c1"], title="未准入任务")
    c = verified_client(users["party_secretary"])
    c.handler.enforce_csrf_checks = True
    body = c.get("/access/tasks/").content.decode()
    form = body.split(f'action="/access/tasks/{task.pk}/refuse/"', 1)[1].split("</form>", 1)[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = c.post(f"/access/tasks/{task.pk}/refuse/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == CommunityTask.Status.REFUSED


def test_ledger_list(world, users, verified_client, small_pages):
    L = Ledger.objects.create
    L(street=world["s1"], name="B民政台账", category="民政")
    L(street=world["s1"], name="A卫健台账", category="卫健", decision="cancelled")
    L(street=world["s1"], name="C综合台账", category="综合")
    L(street=world["s2"], name="外街道台账", category="民政")
    c = verified_client(users["street_admin"])
    url = "/access/ledgers/"
    assert first_cells(c, url, sort="name") == ["A卫健台账", "B民政台账"]
    assert first_cells(c, url, sort="name", page=2) == ["C综合台账"]
    assert first_cells(c, url, sort="-name") == ["C综合台账", "B民政台账"]
    assert first_cells(c, url, q="民政") == ["B民政台账"]
    assert first_cells(c, url, decision="cancelled") == ["A卫健台账"]
    assert "外街道台账" not in c.get(url).content.decode()


def test_plaque_list(world, users, verified_client, small_pages):
    P = Plaque.objects.create
    P(community=world["c1"], name="B工作站", kind="other")
    P(community=world["c2"], name="A居委会", kind="committee")
    P(community=world["c1"], name="C党委", kind="party", removed_on=datetime.date(2026, 1, 2))
    P(community=world["c3"], name="外街道挂牌", kind="other")
    c = verified_client(users["street_staff"])
    url = "/access/plaques/"

    def names(**params):
        body = c.get(url, params).content.decode()
        assert "外街道挂牌" not in body
        tbody = body.split("<tbody>")[-1] if "<tbody>" in body else ""  # below the checks
        found = [(tbody.find(n), n) for n in ("A居委会", "B工作站", "C党委")]
        return [n for at, n in sorted(found) if at >= 0]

    assert names(sort="name") == ["A居委会", "B工作站"]
    assert names(sort="name", page=2) == ["C党委"]
    assert names(sort="-name") == ["C党委", "B工作站"]
    assert names(q="工作") == ["B工作站"]
    assert names(community=world["c2"].pk) == ["A居委会"]
    assert names(kind="party") == ["C党委"]
    assert "2026-01-02" in c.get(url, {"kind": "party"}).content.decode()
    assert names(community=world["c3"].pk, sort="name") == ["A居委会", "B工作站"]  # refused


def test_fund_list(affair, world, users, verified_client, small_pages):
    FundAccount.objects.filter(community=world["c2"]).update(amount_due=5)
    c = verified_client(users["street_admin"])
    url = "/access/funds/"

    def communities(**params):
        body = c.get(url, params).content.decode()
        tbody = body.split("<tbody>")[-1] if "<tbody>" in body else ""
        found = [(tbody.find(n), n) for n in ("幸福社区", "和谐社区", "莫愁社区")]
        return [n for at, n in sorted(found) if at >= 0]

    assert communities(sort="amount_due") == ["和谐社区", "幸福社区"]
    assert communities(sort="-outstanding") == ["幸福社区", "和谐社区"]
    assert communities(q="和谐") == ["和谐社区"]
    assert communities(community=world["c1"].pk) == ["幸福社区"]
    far = verified_client(users["outsider"])
    assert "幸福社区" not in far.get(url).content.decode()


def test_affair_list(world, users, verified_client, small_pages):
    from gongzhi.access.models import AdmittedAffair

    def A(**kw):
        kw.setdefault("street", world["s1"])
        return AdmittedAffair.objects.create(valid_from=datetime.date(2020, 1, 1), **kw)

    A(number=2, name="B养老服务", body="station", category="民政")
    A(number=1, name="A协助调查", body="committee", category="统计")
    A(number=3, name="C创城宣传", body="station", category="宣传")
    A(number=4, name="D已撤销", body="station", status=AdmittedAffair.Status.REVOKED)
    A(number=1, name="外街道事项", body="station", street=world["s2"])
    c = verified_client(users["street_admin"])
    url = "/access/affairs/"
    assert first_cells(c, url) == ["1", "2"]  # in force, by body and number
    assert first_cells(c, url, page=2) == ["3"]

    def names(**params):
        body = c.get(url, params).content.decode()
        assert "外街道事项" not in body
        return [n for n in ("A协助调查", "B养老服务", "C创城宣传", "D已撤销") if n in body]

    assert first_cells(c, url, sort="-name") == ["3", "2"]
    assert names(q="养老") == ["B养老服务"]
    assert names(show="ended") == ["D已撤销"]
    assert names(body="committee") == ["A协助调查"]
    assert names(show="all", sort="number") == ["A协助调查", "B养老服务"]
