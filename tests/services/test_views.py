import re

import pytest
from django.urls import reverse

from gongzhi.services import actions, rating_links
from gongzhi.services.models import Opinion, Rating, ServiceRequest, Status, Supervision
from tests.services.conftest import VALID
from tests.tools import pdffonts

pytestmark = pytest.mark.django_db


def make(menu, world, users, community="c1", **kw):
    c = world[community]
    return actions.submit_request(
        menu["permit"],
        street=c.street,
        community=c,
        channel="window",
        user=users["station_staff"],
        applicant_name="张三",
        applicant_phone="13812345678",
        values=VALID,
        **kw,
    )


def test_desk_finds_resident_and_creates_request(menu, world, users, reg, verified_client):
    client = verified_client(users["station_staff"])
    r = client.get(reverse("services:desk"), {"q": "张三"})
    assert r.status_code == 200 and "张三" in r.content.decode()
    r = client.get(
        reverse("services:desk"), {"resident": reg["zhang"].pk, "item": menu["permit"].pk}
    )
    body = r.content.decode()
    assert "居住事由" in body and "近期一寸免冠照片" in body
    r = client.post(
        reverse("services:desk"),
        {
            "resident": reg["zhang"].pk,
            "item": menu["permit"].pk,
            "materials": ["居民身份证", "租房合同"],
            "f_reason": "work",
            "f_since": "2026-01-05",
            "f_tags": ["a"],
        },
    )
    req = ServiceRequest.objects.get()
    # back to the same screen, which shows the receipt to print
    assert r.status_code == 302 and r["Location"] == reverse("services:desk") + f"?created={req.pk}"
    body = client.get(r["Location"]).content.decode()
    assert req.tracking_code in body and "<svg" in body
    assert reverse("services:receipt_pdf", args=[req.pk]) in body
    assert req.resident == reg["zhang"] and req.community == world["c1"]
    assert req.applicant_phone == "13812345678"  # taken from the registry
    assert req.materials_received == ["居民身份证", "租房合同"]
    assert req.values["tags"] == ["a"]


def test_desk_shows_localized_field_errors_and_stores_nothing(
    menu, world, users, reg, verified_client
):
    client = verified_client(users["station_staff"])
    r = client.post(
        reverse("services:desk"),
        {
            "resident": reg["zhang"].pk,
            "item": menu["permit"].pk,
            "f_reason": "play",
            "f_since": "x",
        },
    )
    assert r.status_code == 200
    body = r.content.decode()
    assert "不是可选项" in body or "Not one of the choices" in body
    assert ServiceRequest.objects.count() == 0


def test_desk_cannot_pick_resident_outside_scope(menu, world, users, reg, verified_client):
    client = verified_client(users["station_staff"])
    r = client.get(reverse("services:desk"), {"resident": reg["qian"].pk})  # C3
    assert r.status_code == 404


def test_desk_shows_no_receipt_of_a_request_outside_scope(menu, world, users, verified_client):
    other = make(menu, world, users, community="c3")
    client = verified_client(users["station_staff"])
    body = client.get(reverse("services:desk"), {"created": other.pk}).content.decode()
    assert other.tracking_code not in body


def test_desk_puts_the_cursor_where_the_clerk_types_next(menu, world, users, reg, verified_client):
    client = verified_client(users["station_staff"])
    url = reverse("services:desk")

    def focused(response):
        return re.findall(r'<[^>]*\bid="([^"]+)"[^>]*\bautofocus\b', response.content.decode())

    assert focused(client.get(url)) == []  # the search field has autofocus (no id)
    assert "autofocus" in client.get(url).content.decode().split('name="q"')[1].split(">")[0]
    r = client.get(url, {"resident": reg["zhang"].pk, "item": menu["permit"].pk})
    assert focused(r) == ["m1"]  # the first material to tick
    r = client.get(url, {"resident": reg["zhang"].pk, "item": menu["simple"].pk})
    assert focused(r) == ["m1"]
    r = client.post(
        url,
        {
            "resident": reg["zhang"].pk,
            "item": menu["permit"].pk,
            "f_reason": "work",
            "f_since": "x",
        },
    )
    assert focused(r) == ["f_since"]  # the first field with an error


def test_request_list_flags_overdue_and_scope(menu, world, users, verified_client):
    import datetime

    mine = make(menu, world, users)
    ServiceRequest.objects.filter(pk=mine.pk).update(due_date=datetime.date(2020, 1, 1))
    other = make(menu, world, users, community="c3")
    client = verified_client(users["station_staff"])
    body = client.get(reverse("services:request_list")).content.decode()
    assert mine.tracking_code in body and other.tracking_code not in body
    assert "badge text-bg-danger" in body
    body = client.get(reverse("services:request_list"), {"status": "overdue"}).content.decode()
    assert mine.tracking_code in body
    assert client.get(reverse("services:request_detail", args=[other.pk])).status_code == 404


def test_staff_moves_request_through_the_screen(menu, world, users, verified_client):
    req = make(menu, world, users)
    client = verified_client(users["station_staff"])
    url = reverse("services:request_act", args=[req.pk])
    client.post(url, {"action": "refuse", "note": ""})
    req.refresh_from_db()
    assert req.status == Status.SUBMITTED  # reason required: nothing changed
    client.post(url, {"action": "accept"})
    client.post(url, {"action": "complete", "note": "已办结"})
    req.refresh_from_db()
    assert req.status == Status.COMPLETED
    client.post(reverse("services:request_rate", args=[req.pk]), {"stars": "5", "comment": "好"})
    assert Rating.objects.get(request=req).channel == "window"


def test_receipt_pdf_embeds_a_cjk_font(menu, world, users, verified_client, tmp_path):
    req = make(menu, world, users)
    client = verified_client(users["station_staff"])
    r = client.get(reverse("services:receipt_pdf", args=[req.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    fonts = pdffonts(r.content)
    assert re.search(r"NotoSansCJK|SourceHanSans", fonts), fonts
    assert " yes " in fonts.split("\n", 2)[2]  # embedded (subset)


def test_detail_has_qr_code_to_public_tracking(menu, world, users, verified_client):
    req = make(menu, world, users)
    body = (
        verified_client(users["station_staff"])
        .get(reverse("services:request_detail", args=[req.pk]))
        .content.decode()
    )
    assert "<svg" in body and f"/public/services/track/?code={req.tracking_code}" in body


def test_public_tracking_shows_status_without_personal_data(menu, world, users, client):
    req = make(menu, world, users, description="家住幸福路1号")
    r = client.get(reverse("services_public:track"), {"code": req.tracking_code.lower()})
    body = r.content.decode()
    assert r.status_code == 200 and "已提交" in body
    for secret in ("张三", "13812345678", "138****5678", "幸福路", "幸福社区"):
        assert secret not in body
    r = client.get(reverse("services_public:track"), {"code": "NOPE"})
    assert r.status_code == 200


def test_committee_member_supervises_and_sees_figures(menu, world, users, verified_client):
    req = make(menu, world, users)
    client = verified_client(users["committee_member"])
    assert req.tracking_code in client.get(reverse("services:request_list")).content.decode()
    client.post(reverse("services:request_supervise", args=[req.pk]), {"note": "请尽快办理"})
    req.refresh_from_db()
    assert req.supervised and Supervision.objects.get().by == users["committee_member"]
    assert client.get(reverse("services:stats"), {"by": "community"}).status_code == 200
    # members supervise; they do not handle
    assert (
        client.post(
            reverse("services:request_act", args=[req.pk]), {"action": "accept"}
        ).status_code
        == 403
    )


def test_supervision_needs_a_note(menu, world, users):
    req = make(menu, world, users)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions.do_supervise(users["committee_member"], req, " ")
    assert not Supervision.objects.exists()


def test_opinions_grouped_converted_and_linked_both_ways(menu, world, users, verified_client):
    client = verified_client(users["committee_member"])
    for content in ("小区停车难", "夜间停车乱"):
        client.post(
            reverse("services:opinion_create"),
            {"community": world["c1"].pk, "topic": "停车", "content": content},
        )
    client.post(
        reverse("services:opinion_create"),
        {"community": world["c1"].pk, "topic": "养老", "content": "希望有助餐点"},
    )
    assert Opinion.objects.count() == 3
    body = client.get(reverse("services:opinion_list")).content.decode()
    assert "停车" in body and ">2<" in body.replace(" ", "")
    op = Opinion.objects.get(topic="养老")
    client.post(reverse("services:opinion_convert", args=[op.pk]), {"item": menu["simple"].pk})
    op.refresh_from_db()
    assert op.status == "converted" and op.request is not None
    assert op.request.opinion == op
    detail = client.get(reverse("services:request_detail", args=[op.request.pk])).content.decode()
    assert reverse("services:opinion_detail", args=[op.pk]) in detail
    back = client.get(reverse("services:opinion_detail", args=[op.pk])).content.decode()
    assert op.request.tracking_code in back
    other = Opinion.objects.filter(topic="停车").first()
    client.post(reverse("services:opinion_answer", args=[other.pk]), {"answer": "已协调物业"})
    other.refresh_from_db()
    assert other.status == "answered"


def test_opinion_html_refused_with_the_error_next_to_the_field(world, users, verified_client):
    client = verified_client(users["committee_member"])
    r = client.post(
        reverse("services:opinion_create"),
        {"community": world["c1"].pk, "topic": "停车", "content": "<script>x</script>"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert not Opinion.objects.exists()
    assert r.status_code == 200
    body = r.content.decode()
    assert "不允许使用 HTML" in body or "HTML" in body
    assert 'value="停车"' in body and "&lt;script&gt;x&lt;/script&gt;</textarea>" in body
    r = client.post(
        reverse("services:opinion_create"),
        {"community": world["c1"].pk, "topic": "", "content": "夜间噪音"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert r.status_code == 200 and "invalid-feedback" in r.content.decode()
    assert not Opinion.objects.exists()


def test_rating_by_signed_sms_link(menu, world, users, client):
    staff = users["station_staff"]
    req = actions.do_transition(
        staff, actions.do_transition(staff, make(menu, world, users), "accept"), "complete", "ok"
    )
    token = rating_links.rating_token(req)
    url = reverse("services_public:rate")
    assert client.get(url, {"t": token + "x"}).status_code == 404
    r = client.post(url, {"t": token, "stars": "9"})
    assert not Rating.objects.exists() and r.status_code == 200
    client.post(url, {"t": token, "stars": "4", "comment": "不错"})
    rating = Rating.objects.get()
    assert (rating.stars, rating.channel, rating.comment) == (4, "sms", "不错")
    # a second rating is refused
    client.post(url, {"t": token, "stars": "1"})
    assert Rating.objects.count() == 1


def test_rating_only_after_completion(menu, world, users):
    from django.core.exceptions import ValidationError

    req = make(menu, world, users)
    with pytest.raises(ValidationError):
        actions.do_rate(users["station_staff"], req, 5, channel="window")
    assert not Rating.objects.exists()


def test_resident_requests_online_sees_only_own_withdraws_and_rates(
    menu, world, users, verified_client
):
    other = make(menu, world, users)
    client = verified_client(users["resident"])
    r = client.post(
        reverse("services:my_new"),
        {
            "item": menu["permit"].pk,
            "f_reason": "study",
            "f_since": "2026-02-01",
            "applicant_phone": "13900000000",
        },
    )
    assert r.status_code == 302
    req = ServiceRequest.objects.get(account=users["resident"])
    assert req.channel == "online" and req.community == world["c1"]
    body = client.get(reverse("services:my_requests")).content.decode()
    assert req.tracking_code in body and other.tracking_code not in body
    # a resident may not open the staff list nor others' requests
    assert client.get(reverse("services:request_list")).status_code == 403
    assert (
        client.post(reverse("services:servicerequest_withdraw", args=[other.pk])).status_code == 404
    )
    client.post(reverse("services:servicerequest_withdraw", args=[req.pk]))
    req.refresh_from_db()
    assert req.status == Status.WITHDRAWN


def test_resident_online_form_errors_in_chinese(menu, world, users, verified_client):
    client = verified_client(users["resident"])
    r = client.post(
        reverse("services:my_new"),
        {"item": menu["permit"].pk, "f_since": "2026-02-01"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert "这个字段是必填项" in r.content.decode() or "必填" in r.content.decode()
    assert not ServiceRequest.objects.exists()


def test_desk_file_field_is_stored_only_when_valid(
    menu, world, users, reg, verified_client, tmp_path, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client = verified_client(users["station_staff"])
    base = {"resident": reg["zhang"].pk, "item": menu["permit"].pk, "f_since": "2026-01-05"}
    client.post(
        reverse("services:desk"),
        {**base, "f_reason": "bad", "f_scan": SimpleUploadedFile("a.pdf", b"%PDF-1.4")},
    )
    assert not ServiceRequest.objects.exists() and not list(tmp_path.rglob("*.pdf"))
    client.post(
        reverse("services:desk"),
        {**base, "f_reason": "work", "f_scan": SimpleUploadedFile("a.pdf", b"%PDF-1.4")},
    )
    req = ServiceRequest.objects.get()
    assert req.values["scan"].startswith("services/") and list(tmp_path.rglob("*.pdf"))


# --- the lists on core.tables --------------------------------------------------------------


def _codes(body, reqs):
    """The tracking codes of `reqs` in the order the page shows them."""
    found = [(body.find(r.tracking_code), r.tracking_code) for r in reqs]
    return [code for at, code in sorted(found) if at >= 0]


def test_request_list_sorts_searches_filters_pages_in_scope(
    menu, world, users, verified_client, monkeypatch
):
    import datetime

    reqs = [make(menu, world, users) for _ in range(3)]
    for i, r in enumerate(reqs):
        ServiceRequest.objects.filter(pk=r.pk).update(
            applicant_name=f"申请人{i}", due_date=datetime.date(2030, 1, 3 - i)
        )
    other = make(menu, world, users, community="c3")
    client = verified_client(users["station_staff"])
    url = reverse("services:request_list")
    body = client.get(url, {"sort": "due_date"}).content.decode()
    assert _codes(body, reqs) == [r.tracking_code for r in reversed(reqs)]
    assert 'aria-sort="ascending"' in body and other.tracking_code not in body
    body = client.get(url, {"sort": "-due_date"}).content.decode()
    assert _codes(body, reqs) == [r.tracking_code for r in reqs]
    body = client.get(url, {"q": "申请人1"}).content.decode()
    assert _codes(body, reqs) == [reqs[1].tracking_code]
    assert client.get(url, {"q": other.tracking_code}).content.decode().count("<tbody>") == 0
    ServiceRequest.objects.filter(pk=reqs[0].pk).update(supervised=True)
    body = client.get(url, {"status": "supervised"}).content.decode()
    assert _codes(body, reqs) == [reqs[0].tracking_code]
    body = client.get(url, {"community": world["c1"].pk}).content.decode()
    assert len(_codes(body, reqs)) == 3
    # a community out of scope is not a choice: the filter is refused, nothing leaks
    body = client.get(url, {"community": world["c3"].pk}).content.decode()
    assert other.tracking_code not in body
    monkeypatch.setattr("gongzhi.services.views._common.PAGE_SIZE", 2)
    first = client.get(url, {"sort": "due_date"}).content.decode()
    second = client.get(url, {"sort": "due_date", "page": 2}).content.decode()
    assert len(_codes(first, reqs)) == 2 and _codes(second, reqs) == [reqs[0].tracking_code]
    assert 'rel="next"' in first and other.tracking_code not in first + second


def test_opinion_list_sorts_searches_filters_pages_in_scope(
    world, users, verified_client, monkeypatch
):
    client = verified_client(users["committee_member"])
    for topic, content in (
        ("C停车", "小区停车难"),
        ("A养老", "希望有助餐点"),
        ("B绿化", "补种树木"),
    ):
        client.post(
            reverse("services:opinion_create"),
            {"community": world["c1"].pk, "topic": topic, "content": content},
        )
    Opinion.objects.create(community=world["c3"], topic="外区", content="别处的意见")
    url = reverse("services:opinion_list")

    def contents(params):
        body = client.get(url, params).content.decode()
        assert "别处的意见" not in body
        found = [(body.find(c), c) for c in ("小区停车难", "希望有助餐点", "补种树木")]
        return [c for at, c in sorted(found) if at >= 0]

    assert contents({"sort": "topic"}) == ["希望有助餐点", "补种树木", "小区停车难"]
    assert contents({"sort": "-topic"}) == ["小区停车难", "补种树木", "希望有助餐点"]
    assert contents({"q": "助餐"}) == ["希望有助餐点"]
    assert contents({"topic": "C停车"}) == ["小区停车难"]
    # not a topic this user sees: the filter is refused, the other community's row stays out
    assert len(contents({"topic": "外区"})) == 3
    monkeypatch.setattr("gongzhi.services.views._common.PAGE_SIZE", 2)
    assert len(contents({"sort": "topic"})) == 2
    assert contents({"sort": "topic", "page": 2}) == ["小区停车难"]


def test_resident_follows_a_request_step_by_step_and_rates_it(menu, world, users, verified_client):
    """Issue #18 §2 (我的诉求): each request links to a page with the steps in plain words —
    who (you, or the office; never a staff log-in) and when — the promised date, the result,
    and the rating once completed; another resident's request is not found."""
    client = verified_client(users["resident"])
    client.post(
        reverse("services:my_new"),
        {
            "item": menu["permit"].pk,
            "f_reason": "study",
            "f_since": "2026-02-01",
            "applicant_phone": "13900000000",
        },
    )
    req = ServiceRequest.objects.get(account=users["resident"])
    url = reverse("services:my_request", args=[req.pk])
    assert url in client.get(reverse("services:my_requests")).content.decode()
    staff = users["station_staff"]
    actions.do_transition(staff, req, "accept")
    actions.do_transition(staff, req, "complete", "证件已制好，请到服务站领取")
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    texts = [s.text for s in page.context["steps"]]
    assert texts == ["您提交了申请。", "幸福社区受理了申请。", "幸福社区已办结。"], texts
    body = page.content.decode()
    assert "证件已制好，请到服务站领取" in body and staff.username not in body
    assert 'id="rate"' in body
    client.post(reverse("services:servicerequest_rate", args=[req.pk]), {"stars": "5"})
    assert Rating.objects.get(request=req).stars == 5
    other = make(menu, world, users)
    assert client.get(reverse("services:my_request", args=[other.pk])).status_code == 404
