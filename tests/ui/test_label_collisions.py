"""Short words that mean different things in two apps carry a translation context, so one
app's Chinese never shows in the other (issue 12, "Labels collide across apps"): a transferred
service request is 已转办 (not 已拨, "disbursed"), and the money columns of funds are 应拨 /
已拨 (not 截止日期, "deadline")."""

from django.urls import reverse
from django.utils import translation

from gongzhi.services.models import Status


def test_a_transferred_request_reads_as_transferred_not_disbursed():
    with translation.override("zh-hans"):
        assert str(Status.TRANSFERRED.label) == "已转办"


def test_fund_columns_read_as_amounts_not_a_deadline(users, verified_client):
    page = verified_client(users["street_admin"]).get(reverse("access:fund_list"))
    assert page.status_code == 200
    headers = page.content.decode().split("<tbody>")[0]
    assert "应拨" in headers and "已拨" in headers
    assert "截止日期" not in headers
