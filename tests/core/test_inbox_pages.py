"""The bell's page and 已办 speak Chinese, answer only a signed-in user, and show the user's
own records: a notification linking off-site is kept without its link (no open redirect)."""

import re

import pytest
from django.urls import reverse

from gongzhi.core.inbox import notify_in_app
from gongzhi.core.models import Notification

pytestmark = pytest.mark.django_db


def test_the_pages_are_in_chinese_and_only_for_signed_in_users(client, users, verified_client):
    for name in ("inbox:notifications", "inbox:done"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("login") in response["Location"]
    notify_in_app(users["station_staff"], "服务申请已转交", "/services/")
    me = verified_client(users["station_staff"])
    page = me.get(reverse("inbox:notifications")).content.decode()
    assert "消息通知" in page and "服务申请已转交" in page and "阅读时间" in page
    assert not re.search(r">\s*(Notifications|read at|time|No notifications\.)\s*<", page)
    page = me.get(reverse("inbox:done")).content.decode()
    assert "已办" in page and "还没有办结的事项" in page and "Nothing finished" not in page
    assert 'data-unread="1"' in me.get(reverse("home")).content.decode()


def test_a_link_off_site_is_dropped_and_opening_goes_to_the_list(users, verified_client):
    note = notify_in_app(users["resident"], "看这里", "https://evil.example/")
    assert note.url == ""
    assert notify_in_app(users["resident"], "看这里", "//evil.example/").url == ""
    response = verified_client(users["resident"]).get(reverse("inbox:open", args=[note.pk]))
    assert response["Location"] == reverse("inbox:notifications")
    assert Notification.objects.get(pk=note.pk).read_at is not None


def test_nobody_to_tell_writes_nothing(users):
    users["nobody"].is_active = False
    assert notify_in_app(users["nobody"], "x", "/") is None
    assert notify_in_app(None, "x", "/") is None
    assert notify_in_app(users["resident"], "   ", "/") is None
    assert not Notification.objects.exists()
