"""The 12345 hotline import through its screen: upload → preview (errors by row and column,
nothing written) → confirm (all rows, or valid rows only); every row a case of channel
hotline keeping its ticket number; repeated tickets refused, in the file and in the store."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongzhi.cases.choices import Channel
from gongzhi.cases.models import Case
from gongzhi.core.models import AuditEntry

HEADERS = [
    "工单编号",
    "受理时间",
    "诉求类别",
    "所属社区",
    "地址",
    "诉求内容",
    "来电人",
    "联系电话",
    "紧急程度",
]


def xlsx(*rows, headers=HEADERS):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(list(r))
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("12345.xlsx", out.getvalue())


def row(ticket, category="0109", community="幸福社区", **more):
    values = {
        "time": "2026-12-07 09:30",
        "address": "幸福路12号",
        "text": "路灯不亮",
        "caller": "李先生",
        "phone": "13812345678",
        "urgency": "一般",
        **more,
    }
    return [
        ticket,
        values["time"],
        category,
        community,
        values["address"],
        values["text"],
        values["caller"],
        values["phone"],
        values["urgency"],
    ]


URL = "cases:hotline_import"


def upload(client, *rows):
    return client.post(reverse(URL), {"file": xlsx(*rows)})


def test_all_valid_rows_import_after_the_preview(verified_client, users, tree):
    client = verified_client(users["street_staff"])
    preview = upload(
        client,
        row("GD001"),
        row("GD002", category="噪声扰民", community="和谐社区", urgency="紧急"),
    )
    assert preview.status_code == 200
    result = preview.context["result"]
    assert (result.total, result.valid, result.rejected) == (2, 2, 0)
    assert Case.objects.count() == 0  # the preview writes nothing
    events = AuditEntry.objects.count()
    done = client.post(reverse(URL), {"token": preview.context["token"]})
    assert done.status_code == 302
    cases = Case.objects.order_by("hotline_ticket")
    assert [c.hotline_ticket for c in cases] == ["GD001", "GD002"]
    assert {c.channel for c in cases} == {Channel.HOTLINE}
    assert cases[1].category == tree["noise"] and cases[1].urgency == "urgent"
    assert cases[0].reporter_name == "李先生" and cases[0].hotline_received_at is not None
    assert cases[0].reporter_phone == "13812345678"
    assert AuditEntry.objects.count() == events + 1  # one event for the import
    assert AuditEntry.objects.latest("pk").action == AuditEntry.Action.IMPORT


def test_errors_name_row_and_column_and_nothing_is_written(verified_client, users, tree):
    client = verified_client(users["street_staff"])
    stored = upload(client, row("GD-OLD"))
    assert client.post(reverse(URL), {"token": stored.context["token"]}).status_code == 302
    assert Case.objects.filter(hotline_ticket="GD-OLD").count() == 1
    preview = upload(
        client,
        row("GD010"),
        row("GD011", category="9999"),  # unknown class
        row("GD012", community="莫愁社区"),  # another street's community
        row("GD010"),  # repeats row 2
        row("GD-OLD"),  # already a case
    )
    result = preview.context["result"]
    assert (result.total, result.valid, result.rejected) == (5, 1, 4)
    errors = {(e["row"], e["column"]) for e in result.errors}
    assert errors == {(3, "诉求类别"), (4, "所属社区"), (5, "工单编号"), (6, "工单编号")}
    assert "第 2 行" in preview.content.decode()  # the repeat names the first row
    before = Case.objects.count()
    refused = client.post(reverse(URL), {"token": preview.context["token"]})
    assert refused.status_code == 200 and not refused.context["result"].committed
    assert Case.objects.count() == before  # all or nothing


def test_valid_rows_only(verified_client, users, tree):
    client = verified_client(users["street_staff"])
    preview = upload(
        client, row("GD020"), row("GD021", category="不存在"), row("GD022", phone="12")
    )
    assert preview.context["result"].valid == 1
    done = client.post(reverse(URL), {"token": preview.context["token"], "valid_only": "1"})
    assert done.status_code == 302
    assert list(Case.objects.values_list("hotline_ticket", flat=True)) == ["GD020"]


def test_missing_columns_and_bad_files_are_refused(verified_client, users, tree):
    client = verified_client(users["street_staff"])
    r = client.post(reverse(URL), {"file": xlsx(["GD1"], headers=["工单编号"])})
    assert r.status_code == 200 and r.context["form"].errors["file"]
    r = client.post(reverse(URL), {"file": SimpleUploadedFile("x.xlsx", b"not a workbook")})
    assert r.context["form"].errors["file"]
    assert Case.objects.count() == 0


def test_template_download_and_who_may_import(verified_client, users, tree):
    client = verified_client(users["street_staff"])
    r = client.get(reverse("cases:hotline_template"))
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert [c.value for c in wb.worksheets[0][1]][:4] == HEADERS[:4]
    worker = verified_client(users["grid_worker"])
    assert worker.get(reverse(URL)).status_code == 403
    community = verified_client(users["station_staff"])  # of 幸福社区 only
    preview = upload(community, row("GD040"), row("GD041", community="和谐社区"))
    result = preview.context["result"]
    assert result.valid == 1 and [(e["row"], e["column"]) for e in result.errors] == [
        (3, "所属社区")
    ]


def test_another_streets_staff_imports_into_their_own_street(verified_client, users, tree):
    client = verified_client(users["outsider"])
    preview = upload(client, row("GD030"), row("GD031", community="莫愁社区"))
    result = preview.context["result"]
    assert result.valid == 1 and {e["column"] for e in result.errors} == {"所属社区"}
