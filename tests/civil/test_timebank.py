# ruff: noqa: F811  (pytest fixtures imported by name)
"""The time bank's rules through the API and the ledger's signal: deposits of hours served
for people in need (and only where the street runs a bank), the storage cap, transfers to a
family member, redemption requests served or cancelled, the published record, and the
auditor's command."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from gongzhi.civil.actions import ledger, timebank
from gongzhi.civil.models import Account, Posting, Redemption, TimeBankSettings, Transfer
from gongzhi.civil.timebank_check import check
from gongzhi.core.models import AuditEntry
from tests.civil.bank_helpers import at, bank  # noqa: F401
from tests.registry.helpers import reg  # noqa: F401

API = "/api/civil/timebank/"


def serve_hours(bank, volunteer, activity, start, end):
    with transaction.atomic():
        return ledger.do_record_hours(
            bank["admin"],
            volunteer,
            started_at=start,
            ended_at=end,
            content="陪伴老人",
            place="幸福社区",
            activity=activity,
        )


def account_of(bank, resident):
    return Account.objects.filter(owner=resident).first()


@pytest.fixture
def api(verified_client, users):
    return verified_client(users["street_admin"])


def test_hours_for_people_in_need_are_deposited(bank):
    serve_hours(bank, bank["zhang"], bank["need"], at(3, 9), at(3, 12))
    account = account_of(bank, bank["zhang"].resident)
    assert account.balance == Decimal("3.00")
    deposit = Transfer.objects.get()
    assert deposit.kind == "deposit" and deposit.hours_entry.activity == bank["need"]
    assert sorted(p.amount for p in deposit.postings.all()) == [Decimal("-3.00"), Decimal("3.00")]
    assert check().ok


def test_other_hours_are_not_deposited(bank):
    serve_hours(bank, bank["zhang"], bank["plain"], at(3, 9), at(3, 12))
    serve_hours(bank, bank["zhang"], None, at(4, 9), at(4, 12))
    assert not Transfer.objects.exists()


def test_no_deposit_where_the_street_does_not_run_a_bank(bank, world):
    timebank.do_configure_time_bank(bank["admin"], world["s1"], enabled=False, cap_hours=1500)
    serve_hours(bank, bank["zhang"], bank["need"], at(3, 9), at(3, 12))
    assert not Transfer.objects.exists()


def test_a_deposit_stops_at_the_storage_cap(bank, world):
    timebank.do_configure_time_bank(bank["admin"], world["s1"], enabled=True, cap_hours=4)
    serve_hours(bank, bank["zhang"], bank["need"], at(3, 9), at(3, 12))
    serve_hours(bank, bank["zhang"], bank["need"], at(2, 9), at(2, 12))
    assert account_of(bank, bank["zhang"].resident).balance == Decimal("4.00")
    serve_hours(bank, bank["zhang"], bank["need"], at(1, 9), at(1, 12))
    assert Transfer.objects.count() == 2
    assert check().ok


def test_a_correction_takes_the_deposit_back(bank):
    entry = serve_hours(bank, bank["zhang"], bank["need"], at(3, 9), at(3, 12))
    ledger.do_reverse_hours(bank["admin"], entry, "记错了")
    assert account_of(bank, bank["zhang"].resident).balance == 0
    assert Transfer.objects.count() == 2
    assert check().ok


def test_a_correction_of_hours_already_spent_is_refused(api, bank):
    entry = serve_hours(bank, bank["zhang"], bank["need"], at(3, 9), at(3, 12))
    account = account_of(bank, bank["zhang"].resident)
    r = api.post(
        f"{API}accounts/{account.pk}/transfer/",
        {"to": bank["li"].resident.pk, "hours": "2"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    r = api.post(
        f"/api/civil/hours/{entry.pk}/reverse/", {"reason": "错"}, content_type="application/json"
    )
    assert r.status_code == 400
    assert "civil_tb_reverse_spent" in r.content.decode()
    assert Transfer.objects.count() == 2


def test_transfer_to_a_family_member(api, bank):
    serve_hours(bank, bank["zhang"], bank["need"], at(3, 9), at(3, 12))
    account = account_of(bank, bank["zhang"].resident)
    before = AuditEntry.objects.count()
    r = api.post(
        f"{API}accounts/{account.pk}/transfer/",
        {"to": bank["li"].resident.pk, "hours": "1.5", "memo": "给老伴"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    assert account_of(bank, bank["zhang"].resident).balance == Decimal("1.50")
    assert account_of(bank, bank["li"].resident).balance == Decimal("1.50")
    assert AuditEntry.objects.count() == before + 1
    assert check().ok


def test_a_transfer_above_the_balance_is_refused_and_writes_nothing(api, bank):
    serve_hours(bank, bank["zhang"], bank["need"], at(3, 9), at(3, 12))
    account = account_of(bank, bank["zhang"].resident)
    postings = Posting.objects.count()
    r = api.post(
        f"{API}accounts/{account.pk}/transfer/",
        {"to": bank["li"].resident.pk, "hours": "3.01"},
        content_type="application/json",
    )
    assert r.status_code == 400
    error = r.json()["hours"][0]
    assert error["code"] == "civil_tb_balance" and "3.00" in error["message"]
    assert Posting.objects.count() == postings
    assert account_of(bank, bank["li"].resident) is None
    assert account_of(bank, bank["zhang"].resident).balance == Decimal("3.00")


def test_hours_go_only_to_another_member_of_the_same_household(api, bank):
    serve_hours(bank, bank["zhang"], bank["need"], at(3, 9), at(3, 12))
    account = account_of(bank, bank["zhang"].resident)
    for to in (bank["wang"].resident, bank["zhang"].resident):
        r = api.post(
            f"{API}accounts/{account.pk}/transfer/",
            {"to": to.pk, "hours": "1"},
            content_type="application/json",
        )
        assert r.status_code == 400
        assert r.json()["to"][0]["code"] == "civil_tb_family"
    assert Transfer.objects.count() == 1


def test_a_transfer_may_not_pass_the_receivers_cap(api, bank, world):
    timebank.do_configure_time_bank(bank["admin"], world["s1"], enabled=True, cap_hours=4)
    serve_hours(bank, bank["zhang"], bank["need"], at(3, 9), at(3, 12))
    serve_hours(bank, bank["li"], bank["need"], at(3, 9), at(3, 12))
    account = account_of(bank, bank["zhang"].resident)
    r = api.post(
        f"{API}accounts/{account.pk}/transfer/",
        {"to": bank["li"].resident.pk, "hours": "2"},
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["hours"][0]["code"] == "civil_tb_cap"


def test_redemption_requested_then_served_spends_the_hours(api, bank):
    serve_hours(bank, bank["zhang"], bank["need"], at(3, 9), at(3, 12))
    account = account_of(bank, bank["zhang"].resident)
    r = api.post(
        f"{API}accounts/{account.pk}/redeem/",
        {"service": "上门理发", "hours": "2"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    assert account_of(bank, bank["zhang"].resident).balance == Decimal("3.00")
    r = api.post(f"{API}redemptions/{r.json()['id']}/serve/")
    assert r.status_code == 200 and r.json()["status"] == "served"
    assert account_of(bank, bank["zhang"].resident).balance == Decimal("1.00")
    assert check().ok
    assert check().streets[bank["zhang"].community.street_id] == (
        Decimal("1.00"),
        Decimal("3.00"),
        Decimal("2.00"),
    )
    r = api.post(f"{API}redemptions/{r.json()['id']}/serve/")
    assert r.status_code == 400  # served once


def test_requests_may_not_ask_more_than_the_free_balance(api, bank):
    serve_hours(bank, bank["zhang"], bank["need"], at(3, 9), at(3, 12))
    account = account_of(bank, bank["zhang"].resident)
    url = f"{API}accounts/{account.pk}/redeem/"
    assert (
        api.post(
            url, {"service": "理发", "hours": "2"}, content_type="application/json"
        ).status_code
        == 201
    )
    r = api.post(url, {"service": "理发", "hours": "1.5"}, content_type="application/json")
    assert r.status_code == 400 and r.json()["hours"][0]["code"] == "civil_tb_balance"
    # hours promised to a waiting request cannot be given away either
    r = api.post(
        f"{API}accounts/{account.pk}/transfer/",
        {"to": bank["li"].resident.pk, "hours": "1.5"},
        content_type="application/json",
    )
    assert r.status_code == 400
    assert Redemption.objects.count() == 1


def test_a_cancelled_request_spends_nothing(api, bank):
    serve_hours(bank, bank["zhang"], bank["need"], at(3, 9), at(3, 12))
    account = account_of(bank, bank["zhang"].resident)
    r = api.post(
        f"{API}accounts/{account.pk}/redeem/",
        {"service": "理发", "hours": "2"},
        content_type="application/json",
    )
    r = api.post(f"{API}redemptions/{r.json()['id']}/cancel/")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    assert account_of(bank, bank["zhang"].resident).balance == Decimal("3.00")
    assert Transfer.objects.count() == 1


def test_no_movement_where_the_street_does_not_run_a_bank(api, bank, world):
    serve_hours(bank, bank["zhang"], bank["need"], at(3, 9), at(3, 12))
    timebank.do_configure_time_bank(bank["admin"], world["s1"], enabled=False, cap_hours=1500)
    account = account_of(bank, bank["zhang"].resident)
    r = api.post(
        f"{API}accounts/{account.pk}/redeem/",
        {"service": "理发", "hours": "1"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "civil_tb_disabled" in r.content.decode()


def test_the_cap_cannot_fall_below_what_accounts_hold(api, bank, world):
    serve_hours(bank, bank["zhang"], bank["need"], at(3, 9), at(3, 12))
    r = api.post(
        f"{API}settings/configure/",
        {"street": world["s1"].pk, "enabled": True, "cap_hours": "2"},
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["cap_hours"][0]["code"] == "civil_tb_cap"
    assert TimeBankSettings.objects.get(street=world["s1"]).cap_hours == Decimal("1500.00")


def test_settings_are_the_streets_to_change(verified_client, users, world, bank):
    api = verified_client(users["committee_member"])
    r = api.post(
        f"{API}settings/configure/",
        {"street": world["s1"].pk, "enabled": False, "cap_hours": "1500"},
        content_type="application/json",
    )
    assert r.status_code == 403
    assert TimeBankSettings.objects.get(street=world["s1"]).enabled


def test_accounts_are_scoped_and_ids_that_are_not_numbers_404(verified_client, users, bank):
    serve_hours(bank, bank["zhang"], bank["need"], at(3, 9), at(3, 12))
    outsider = verified_client(users["outsider"])
    assert outsider.get(f"{API}accounts/").json()["count"] == 0
    account = account_of(bank, bank["zhang"].resident)
    assert outsider.get(f"{API}accounts/{account.pk}/").status_code == 404
    assert outsider.get(f"{API}accounts/x1/").status_code == 404
    assert outsider.get(f"{API}postings/").json()["count"] == 0


def test_the_published_redemption_record_counts_requests_and_speed(client, api, bank, world):
    serve_hours(bank, bank["zhang"], bank["need"], at(3, 9), at(3, 12))
    account = account_of(bank, bank["zhang"].resident)
    url = f"{API}accounts/{account.pk}/redeem/"
    first = api.post(url, {"service": "理发", "hours": "1"}, content_type="application/json")
    api.post(url, {"service": "送餐", "hours": "1"}, content_type="application/json")
    api.post(f"{API}redemptions/{first.json()['id']}/serve/")
    client.logout()
    r = client.get(f"/api/civil/timebank/record/{world['s1'].pk}/")
    assert r.status_code == 200
    month = r.json()["months"][0]
    assert (month["requested"], month["served"], month["waiting"]) == (2, 1, 1)
    assert month["median_days"] == 0.0
    page = client.get(f"/public/civil/timebank/{world['s1'].pk}/")
    assert page.status_code == 200 and "张" not in page.content.decode()


def test_check_timebank_passes_on_a_sound_bank(bank, capsys):
    serve_hours(bank, bank["zhang"], bank["need"], at(3, 9), at(3, 12))
    call_command("check_timebank")
    assert "OK" in capsys.readouterr().out


def test_check_timebank_fails_on_a_tampered_balance(bank):
    serve_hours(bank, bank["zhang"], bank["need"], at(3, 9), at(3, 12))
    Account.objects.filter(owner=bank["zhang"].resident).update(balance=Decimal("5.00"))
    with pytest.raises(CommandError):
        call_command("check_timebank")


def test_check_timebank_fails_on_an_unbalanced_movement(bank):
    serve_hours(bank, bank["zhang"], bank["need"], at(3, 9), at(3, 12))
    Posting.objects.filter(amount__lt=0).update(amount=Decimal("-2.00"))
    report = check()
    assert not report.ok
    assert any("postings sum to" in p for p in report.problems)
