# ruff: noqa: F811  (pytest fixtures imported by name)
"""The hours ledger and time bank screens: recording by hand (a refusal shown on its field,
nothing written), confirming, correcting, the export, a volunteer's standing, certificates;
the time bank's account, transfer and requests; the workbench's to-dos."""

from decimal import Decimal

import pytest
from django.db import transaction

from gongzhi.civil.actions import ledger
from gongzhi.civil.models import Account, Certificate, HoursEntry, Redemption
from tests.civil.bank_helpers import at, bank  # noqa: F401
from tests.registry.helpers import reg  # noqa: F401
from tests.workbench import card, home, listed


@pytest.fixture
def admin(verified_client, users):
    return verified_client(users["street_admin"])


def _form(volunteer, start, end):
    return {
        "volunteer": volunteer.pk,
        "content": "陪伴老人",
        "place": "幸福社区",
        "started_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ended_at": end.strftime("%Y-%m-%dT%H:%M"),
    }


def _checked_out(bank, volunteer, start, end, activity=None):
    with transaction.atomic():
        return ledger.record_entry(
            bank["admin"],
            volunteer,
            started_at=start,
            ended_at=end,
            content="陪伴",
            place="社区",
            activity=activity,
        )


def test_hours_recorded_by_hand_on_the_form(admin, bank):
    r = admin.post("/civil/hours/new/", _form(bank["zhang"], at(3, 9), at(3, 11)))
    assert r.status_code == 302, r.content.decode()[:2000]
    entry = HoursEntry.objects.get()
    assert entry.hours == Decimal("2.00") and entry.confirmed_at
    assert "陪伴老人" in admin.get(f"/civil/hours/{entry.pk}/").content.decode()


def test_a_refused_entry_shows_on_its_field_and_writes_nothing(admin, bank):
    r = admin.post("/civil/hours/new/", _form(bank["zhang"], at(3, 11), at(3, 9)))
    assert r.status_code == 400
    assert "civil_hours_end_before_start" not in r.content.decode()  # a message, not a code
    assert "invalid-feedback" in r.content.decode()
    assert not HoursEntry.objects.exists()


def test_confirm_and_correct_on_the_entry_page(admin, bank):
    entry = _checked_out(bank, bank["zhang"], at(3, 9), at(3, 11))
    page = admin.get(f"/civil/hours/{entry.pk}/").content.decode()
    assert f"/civil/hours/{entry.pk}/confirm/" in page
    admin.post(f"/civil/hours/{entry.pk}/confirm/")
    entry.refresh_from_db()
    assert entry.confirmed_at is not None
    r = admin.post(f"/civil/hours/{entry.pk}/reverse/", {"reason": "记错"})
    reversal = HoursEntry.objects.get(reverses=entry)
    assert r.url == f"/civil/hours/{reversal.pk}/"
    assert reversal.hours == Decimal("-2.00")


def test_the_list_and_the_export_are_scoped(verified_client, users, bank):
    from tests.civil.bank_helpers import make_volunteer

    _checked_out(bank, bank["zhang"], at(3, 9), at(3, 11))
    qian = make_volunteer(bank["qian"])
    with transaction.atomic():
        ledger.record_entry(
            users["outsider"],
            qian,
            started_at=at(3, 9),
            ended_at=at(3, 11),
            content="外街道",
            place="莫愁",
        )
    page = verified_client(users["street_admin"]).get("/civil/hours/").content.decode()
    assert "张三" in page and "钱七" not in page
    r = verified_client(users["street_admin"]).get("/civil/hours/export/")
    assert r.status_code == 200 and "钱七".encode() not in r.content


def test_a_volunteers_standing_and_a_certificate_from_the_page(admin, bank):
    admin.post("/civil/hours/new/", _form(bank["zhang"], at(3, 9), at(3, 11)))
    page = admin.get(f"/civil/volunteers/{bank['zhang'].pk}/hours/").content.decode()
    assert 'data-stars="0"' in page and "2.00" in page
    r = admin.post(
        f"/civil/volunteers/{bank['zhang'].pk}/certificate/",
        {
            "period_from": "2020-01-01",
            "period_to": at(1, 0).date().isoformat(),
            "issuer": "示范街道",
        },
    )
    cert = Certificate.objects.get()
    assert r.url == f"/civil/certificates/{cert.pk}/pdf/"
    assert admin.get(r.url)["Content-Type"] == "application/pdf"


def test_transfer_and_request_on_the_account_page(admin, bank):
    _checked_out(bank, bank["zhang"], at(3, 9), at(3, 12), activity=bank["need"])
    account = Account.objects.get(owner=bank["zhang"].resident)
    page = admin.get(f"/civil/timebank/accounts/{account.pk}/").content.decode()
    assert "李四" in page  # the family member offered
    admin.post(
        f"/civil/timebank/accounts/{account.pk}/transfer/",
        {"to": bank["li"].resident.pk, "hours": "5"},
    )  # above the balance: refused
    assert Account.objects.filter(owner=bank["li"].resident).count() == 0
    admin.post(
        f"/civil/timebank/accounts/{account.pk}/transfer/",
        {"to": bank["li"].resident.pk, "hours": "1"},
    )
    assert Account.objects.get(owner=bank["li"].resident).balance == Decimal("1.00")
    admin.post(f"/civil/timebank/accounts/{account.pk}/redeem/", {"service": "理发", "hours": "1"})
    redemption = Redemption.objects.get()
    admin.post(f"/civil/timebank/requests/{redemption.pk}/serve/")
    assert Account.objects.get(pk=account.pk).balance == Decimal("1.00")


def test_workbench_hours_to_confirm(verified_client, users, bank):
    entry = _checked_out(bank, bank["zhang"], at(3, 9), at(3, 11))
    _checked_out(bank, bank["wang"], at(3, 9), at(3, 11))
    client = verified_client(users["street_admin"])
    page = home(client)
    assert card(page, "civil-hours-to-confirm") == 2
    ids = listed(client, page, "civil-hours-to-confirm", r'href="/civil/hours/(\d+)/"')
    assert str(entry.pk) in ids and len(ids) == 2
    assert card(home(verified_client(users["outsider"])), "civil-hours-to-confirm") in (None, 0)


def test_workbench_requests_waiting(verified_client, users, bank):
    from gongzhi.civil.actions import timebank

    _checked_out(bank, bank["zhang"], at(3, 9), at(3, 12), activity=bank["need"])
    account = Account.objects.get(owner=bank["zhang"].resident)
    timebank.do_request_redemption(bank["admin"], account, service="理发", hours=1)
    client = verified_client(users["street_admin"])
    page = home(client)
    assert card(page, "civil-redemptions-waiting") == 1
