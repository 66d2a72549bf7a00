"""A resident's own account linked to their registry record: proved online ("verify who I
am": name, ID number, last four digits of the phone, found by the blind index, limited and
audited) or linked at the window by station staff; one account per person and one person
per account; a linked resident's online request carries the record."""

import re

import pytest
from django.urls import reverse

from gongzhi.core.models import AuditEntry
from gongzhi.org.roles import Role
from gongzhi.registry import actions, queries
from gongzhi.registry.models import Resident
from gongzhi.services.models import ServiceRequest
from tests.conftest import make_user
from tests.registry.helpers import clerk
from tests.services.conftest import VALID, menu  # noqa: F401

pytestmark = pytest.mark.django_db

VERIFY = "registry:verify_identity"


def _details(resident, **kw):
    return {
        "name": resident.name,
        "id_number": resident.id_number,
        "phone_last4": resident.phone[-4:],
        **kw,
    }


def test_resident_verifies_identity_and_account_is_linked(reg, users, verified_client):
    c = verified_client(users["resident"])
    zhang = reg["zhang"]
    assert c.get(reverse(VERIFY)).status_code == 200
    r = c.post(reverse(VERIFY), _details(zhang, id_number=zhang.id_number.lower() + " "))
    assert r.status_code == 302
    zhang.refresh_from_db()
    assert zhang.account == users["resident"]
    entry = AuditEntry.objects.filter(reason="account linked").get()
    assert entry.actor == users["resident"] and entry.extra["method"] == "self"
    # the page now says so, with the name masked, and offers no form
    html = c.get(reverse(VERIFY)).content.decode()
    assert "张*" in html and 'name="id_number"' not in html


@pytest.mark.parametrize(
    "change",
    [
        {"name": "张四"},
        {"phone_last4": "0000"},
        {"id_number": "110105198001010000"},
    ],
    ids=["wrong-name", "wrong-phone", "unknown-id"],
)
def test_identity_mismatch_links_nothing_and_is_audited(reg, users, verified_client, change):
    c = verified_client(users["resident"])
    r = c.post(reverse(VERIFY), _details(reg["zhang"], **change))
    assert r.status_code == 200
    assert not Resident.objects.filter(account__isnull=False).exists()
    failed = AuditEntry.objects.get(reason=queries.IDENTITY_CHECK_FAILED)
    assert failed.actor == users["resident"]
    assert queries.identity_checks_left(users["resident"]) == 4


def test_identity_check_is_limited_per_day(reg, users, verified_client):
    c = verified_client(users["resident"])
    for _i in range(queries.IDENTITY_CHECK_MAX_FAILURES):
        c.post(reverse(VERIFY), _details(reg["zhang"], phone_last4="0000"))
    assert queries.identity_checks_left(users["resident"]) == 0
    # even the right details are refused now (and the attempt is not checked)
    r = c.post(reverse(VERIFY), _details(reg["zhang"]))
    assert r.status_code == 200
    reg["zhang"].refresh_from_db()
    assert reg["zhang"].account is None
    assert (
        AuditEntry.objects.filter(reason=queries.IDENTITY_CHECK_FAILED).count()
        == queries.IDENTITY_CHECK_MAX_FAILURES
    )


def test_incomplete_identity_form_is_not_counted(reg, users, verified_client):
    c = verified_client(users["resident"])
    r = c.post(reverse(VERIFY), {"name": "张三", "id_number": "", "phone_last4": "12"})
    assert r.status_code == 200
    assert not AuditEntry.objects.filter(reason=queries.IDENTITY_CHECK_FAILED).exists()


def test_identity_must_be_in_the_accounts_community(reg, users, verified_client):
    # 赵六 lives in C2; the resident account is a resident of C1
    zhao = reg["zhao"]
    actions.do_update_phone(clerk(), zhao, "13700002222")
    c = verified_client(users["resident"])
    c.post(reverse(VERIFY), _details(zhao, phone_last4="2222"))
    zhao.refresh_from_db()
    assert zhao.account is None
    assert AuditEntry.objects.get(reason=queries.IDENTITY_CHECK_FAILED).extra["why"] == "community"


def test_record_without_phone_cannot_be_verified_online(reg, users, verified_client):
    li = reg["li"]  # no phone on record: only at the window
    c = verified_client(users["resident"])
    c.post(reverse(VERIFY), {"name": li.name, "id_number": li.id_number, "phone_last4": "5678"})
    li.refresh_from_db()
    assert li.account is None


def test_person_linked_to_another_account_is_not_linked_again(reg, users, verified_client, world):
    other = make_user("resident2", Role.RESIDENT, world["c1"])
    actions.do_link_account(clerk(), reg["zhang"], "resident2")
    c = verified_client(users["resident"])
    c.post(reverse(VERIFY), _details(reg["zhang"]))
    reg["zhang"].refresh_from_db()
    assert reg["zhang"].account == other


def test_staff_link_and_unlink_account_at_the_window(reg, users, verified_client):
    c = verified_client(users["station_staff"])
    zhang = reg["zhang"]
    url = reverse("registry:resident_account", args=[zhang.pk])
    assert c.get(url).status_code == 200
    assert c.post(url, {"username": "resident"}).status_code == 302
    zhang.refresh_from_db()
    assert zhang.account == users["resident"]
    assert AuditEntry.objects.get(reason="account linked").extra["method"] == "window"
    assert "resident" in c.get(url).content.decode()
    r = c.post(reverse("registry:resident_account_unlink", args=[zhang.pk]))
    assert r.status_code == 302
    zhang.refresh_from_db()
    assert zhang.account is None
    assert AuditEntry.objects.filter(reason="account unlinked").count() == 1


def test_staff_link_needs_a_resident_account_of_the_community(reg, users, verified_client):
    c = verified_client(users["station_staff"])
    url = reverse("registry:resident_account", args=[reg["zhang"].pk])
    for username in ("committee_member", "nobody", "no-such-user", ""):
        r = c.post(url, {"username": username})
        assert r.status_code == 200, username
    reg["zhang"].refresh_from_db()
    assert reg["zhang"].account is None


def test_one_account_one_person(reg, users, verified_client):
    c = verified_client(users["station_staff"])
    c.post(reverse("registry:resident_account", args=[reg["zhang"].pk]), {"username": "resident"})
    r = c.post(reverse("registry:resident_account", args=[reg["li"].pk]), {"username": "resident"})
    assert r.status_code == 200 and "张*" in r.content.decode()
    reg["li"].refresh_from_db()
    assert reg["li"].account is None


def test_only_station_staff_and_street_admin_link_accounts(reg, users, verified_client):
    url = reverse("registry:resident_account", args=[reg["zhang"].pk])
    assert verified_client(users["grid_worker"]).get(url).status_code == 403
    assert verified_client(users["resident"]).get(url).status_code == 403
    # out of the staff's area: 404
    other = reverse("registry:resident_account", args=[reg["qian"].pk])
    assert verified_client(users["station_staff"]).get(other).status_code == 404


def test_linked_residents_online_request_carries_the_record(
    reg,
    users,
    verified_client,
    menu,  # noqa: F811
):
    actions.do_link_account(clerk(), reg["zhang"], "resident")
    c = verified_client(users["resident"])
    r = c.post(
        reverse("services:my_new"),
        {"item": menu["permit"].pk, "f_reason": "work", "f_since": VALID["since"]},
    )
    assert r.status_code == 302
    req = ServiceRequest.objects.get(account=users["resident"])
    assert req.resident == reg["zhang"]
    assert req.applicant_name == "张三" and req.community == reg["zhang"].community


def test_unlinked_or_moved_out_residents_request_carries_no_record(
    reg,
    users,
    verified_client,
    menu,  # noqa: F811
):
    actions.do_link_account(clerk(), reg["zhang"], "resident")
    actions.do_move_out(clerk(), reg["zhang"])
    c = verified_client(users["resident"])
    c.post(
        reverse("services:my_new"),
        {"item": menu["permit"].pk, "f_reason": "work", "f_since": VALID["since"]},
    )
    req = ServiceRequest.objects.get(account=users["resident"])
    assert req.resident is None


def test_every_mismatch_gets_the_same_answer(reg, users, verified_client):
    """The page must not tell whether an ID number is registered, or which detail is wrong."""
    c = verified_client(users["resident"])
    answers = []
    for change in ({"name": "张四"}, {"id_number": "110105198001010000"}, {"phone_last4": "0000"}):
        r = c.post(reverse(VERIFY), _details(reg["zhang"], **change))
        # only the count of attempts left differs
        answers.append(re.sub(r"\d+", "N", r.context["form"].non_field_errors()[0]))
    assert len(set(answers)) == 1, answers
