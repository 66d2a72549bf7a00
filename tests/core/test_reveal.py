"""Revealing an encrypted value: permission, reason, scope, audit entry, template tag."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from gongzhi.core.models import AuditEntry
from gongzhi.org.models import Staff

PHONE = "13812345678"


@pytest.fixture
def staff(world):
    return {
        "c1": Staff.objects.create(
            street=world["s1"], community=world["c1"], name="王芳", position="社工", phone=PHONE
        ),
        "s2": Staff.objects.create(
            street=world["s2"], name="赵六", position="社工", phone="13900001111"
        ),
    }


def url(obj, field="phone"):
    return f"/audit/reveal/org/staff/{obj.pk}/{field}/"


def test_reveal_returns_the_value_and_logs_the_reason(verified_client, users, staff):
    client = verified_client(users["station_staff"])
    response = client.post(url(staff["c1"]), {"reason": "回访居民投诉"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert PHONE in html and "<html" not in html  # a fragment for htmx
    assert 'id="sensitive-org-staff-' in html
    assert "no-store" in response["Cache-Control"]
    entry = AuditEntry.objects.get(action="reveal")
    assert entry.actor == users["station_staff"]
    assert entry.reason == "回访居民投诉"
    assert entry.extra == {"field": "phone"}
    assert entry.object_id == str(staff["c1"].pk)
    assert PHONE not in str(entry.extra) + entry.reason + entry.object_repr + str(entry.after)


def test_reveal_without_htmx_gives_a_page(verified_client, users, staff):
    response = verified_client(users["station_staff"]).post(url(staff["c1"]), {"reason": "核对"})
    assert response.status_code == 200
    assert PHONE in response.content.decode() and "<html" in response.content.decode()


@pytest.mark.parametrize("reason", ["", "   "])
def test_reason_is_required(verified_client, users, staff, reason):
    client = verified_client(users["station_staff"])
    response = client.post(url(staff["c1"]), {"reason": reason})
    assert response.status_code == 400
    assert PHONE not in response.content.decode()
    assert "说明" in response.content.decode()
    response = client.post(url(staff["c1"]), {"reason": reason}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and PHONE not in response.content.decode()
    assert not AuditEntry.objects.filter(action="reveal").exists()


def test_permission_is_required(verified_client, users, staff):
    response = verified_client(users["committee_member"]).post(url(staff["c1"]), {"reason": "x"})
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="reveal").exists()


def test_get_is_refused(verified_client, users, staff):
    assert verified_client(users["station_staff"]).get(url(staff["c1"])).status_code == 405


def test_object_out_of_scope_is_404(verified_client, users, staff):
    client = verified_client(users["station_staff"])
    assert client.post(url(staff["s2"]), {"reason": "x"}).status_code == 404
    assert not AuditEntry.objects.filter(action="reveal").exists()


@pytest.mark.parametrize(
    "path",
    [
        "/audit/reveal/org/staff/{pk}/name/",  # not encrypted
        "/audit/reveal/org/staff/{pk}/nope/",  # no such field
        "/audit/reveal/org/nomodel/{pk}/phone/",
        "/audit/reveal/nope/staff/{pk}/phone/",
        "/audit/reveal/org/staff/abc/phone/",
        "/audit/reveal/org/staff/999999/phone/",
        "/audit/reveal/core/auditentry/1/reason/",
    ],
)
def test_unknown_or_plain_fields_are_404(verified_client, users, staff, path):
    client = verified_client(users["station_staff"])
    assert client.post(path.format(pk=staff["c1"].pk), {"reason": "x"}).status_code == 404


def render_tag(user, obj):
    request = RequestFactory().get("/")
    request.user = user
    template = Template('{% load sensitive %}{% sensitive obj "phone" %}')
    return template.render(Context({"obj": obj, "request": request, "csrf_token": "tok"}))


def test_tag_shows_masked_value_and_form_for_permitted_users(users, staff):
    html = render_tag(users["station_staff"], staff["c1"])
    assert "138****5678" in html and PHONE not in html
    assert f'hx-post="{url(staff["c1"])}"' in html
    assert 'name="reason"' in html and 'value="tok"' in html


def test_tag_hides_the_form_without_permission(users, staff):
    html = render_tag(users["committee_member"], staff["c1"])
    assert "138****5678" in html and 'name="reason"' not in html


def test_tag_with_empty_value(users, staff):
    staff["c1"].phone = ""
    html = render_tag(users["station_staff"], staff["c1"])
    assert "—" in html and 'name="reason"' not in html
