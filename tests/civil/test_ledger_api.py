# ruff: noqa: F811  (pytest fixtures imported by name)
"""The hours ledger's rules through the API (POST by hand, confirm, reverse, export) and the
check-out's entry point `record_entry`: one test per rule; a refusal writes nothing."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from gongzhi.civil.actions import ledger
from gongzhi.civil.models import HoursEntry, Volunteer
from gongzhi.core.models import AuditEntry
from tests.civil.bank_helpers import at, bank  # noqa: F401
from tests.registry.helpers import reg  # noqa: F401

URL = "/api/civil/hours/"


def _body(volunteer, start, end, **extra):
    return {
        "volunteer": volunteer.pk,
        "started_at": start.isoformat(),
        "ended_at": end.isoformat(),
        "content": "陪伴老人聊天",
        "place": "幸福社区",
        **extra,
    }


@pytest.fixture
def api(verified_client, users):
    return verified_client(users["street_admin"])


def _post(api, body):
    return api.post(URL, body, content_type="application/json")


def _codes(response, field):
    return [e["code"] for e in response.json()[field]]


def test_hours_recorded_by_hand_are_confirmed_counted_and_audited(api, bank):
    zhang = bank["zhang"]
    before = AuditEntry.objects.count()
    r = _post(api, _body(zhang, at(3, 9), at(3, 11, 30)))
    assert r.status_code == 201, r.content
    assert r.json()["hours"] == "2.50"
    assert r.json()["confirmed_at"] is not None
    zhang.refresh_from_db()
    assert zhang.total_hours == Decimal("2.50")
    assert AuditEntry.objects.count() == before + 1


def test_end_must_be_after_start(api, bank):
    r = _post(api, _body(bank["zhang"], at(3, 11), at(3, 9)))
    assert r.status_code == 400
    assert _codes(r, "ended_at") == ["civil_hours_end_before_start"]
    assert not HoursEntry.objects.exists()


def test_hours_are_recorded_once_served_not_ahead(api, bank):
    r = _post(api, _body(bank["zhang"], at(-2, 9), at(-2, 11)))
    assert r.status_code == 400
    assert _codes(r, "ended_at") == ["civil_hours_in_future"]
    assert not HoursEntry.objects.exists()


def test_hours_may_not_overlap_the_volunteers_recorded_hours(api, bank):
    assert _post(api, _body(bank["zhang"], at(3, 9), at(3, 11))).status_code == 201
    r = _post(api, _body(bank["zhang"], at(3, 10), at(3, 12)))
    assert r.status_code == 400
    assert _codes(r, "started_at") == ["civil_hours_overlap"]
    assert HoursEntry.objects.count() == 1
    # another volunteer at the same time is fine; so is the same volunteer right after
    assert _post(api, _body(bank["wang"], at(3, 10), at(3, 12))).status_code == 201
    assert _post(api, _body(bank["zhang"], at(3, 11), at(3, 12))).status_code == 201


def test_a_reversed_entry_no_longer_blocks_its_time(api, bank):
    first = _post(api, _body(bank["zhang"], at(3, 9), at(3, 11))).json()
    api.post(f"{URL}{first['id']}/reverse/", {"reason": "记错"}, content_type="application/json")
    assert _post(api, _body(bank["zhang"], at(3, 9), at(3, 10))).status_code == 201


def test_no_more_than_24_hours_in_one_entry(api, bank):
    r = _post(api, _body(bank["zhang"], at(5, 8), at(4, 9)))
    assert r.status_code == 400
    assert _codes(r, "ended_at") == ["civil_hours_over_day"]


def test_an_entry_across_midnight_counts_in_both_calendar_days(api, bank):
    """≤ 24 h a calendar day: with no overlap and ≤ 24 h an entry, a day can hold at most its
    own 24 hours, entries across midnight included (Asia/Shanghai has no daylight saving)."""
    assert _post(api, _body(bank["zhang"], at(6, 0), at(6, 20))).status_code == 201
    assert _post(api, _body(bank["zhang"], at(6, 20, 30), at(5, 5))).status_code == 201
    r = _post(api, _body(bank["zhang"], at(5, 4), at(5, 6)))
    assert r.status_code == 400
    assert _codes(r, "started_at") == ["civil_hours_overlap"]


def test_one_entry_per_assignment_a_retried_check_out_records_nothing(bank):
    """The check-out's step (volunteers' action) calls record_entry with its assignment."""
    from django.db import transaction

    from gongzhi.civil.models import Assignment

    assignment = Assignment.objects.create(
        activity=bank["plain"], volunteer=bank["zhang"], source="signup", status="accepted"
    )
    with transaction.atomic():
        first = ledger.record_entry(
            bank["admin"],
            bank["zhang"],
            started_at=at(2, 9),
            ended_at=at(2, 10),
            content="清扫",
            place="幸福社区",
            assignment=assignment,
            activity=bank["plain"],
        )
        again = ledger.record_entry(
            bank["admin"],
            bank["zhang"],
            started_at=at(2, 9),
            ended_at=at(2, 10),
            content="清扫",
            place="幸福社区",
            assignment=assignment,
            activity=bank["plain"],
        )
    assert again.pk == first.pk
    assert HoursEntry.objects.count() == 1
    assert Volunteer.objects.get(pk=bank["zhang"].pk).total_hours == Decimal("1.00")
    assert first.confirmed_at is None  # a check-out's hours wait for confirmation


def test_hours_from_a_check_out_are_confirmed_once(api, bank, users):
    from django.db import transaction

    with transaction.atomic():
        entry = ledger.record_entry(
            users["street_admin"],
            bank["zhang"],
            started_at=at(2, 9),
            ended_at=at(2, 10),
            content="清扫",
            place="幸福社区",
        )
    r = api.post(f"{URL}{entry.pk}/confirm/")
    assert r.status_code == 200 and r.json()["confirmed_at"]
    r = api.post(f"{URL}{entry.pk}/confirm/")
    assert r.status_code == 400
    assert _codes(r, "non_field_errors") == ["civil_hours_confirmed"] or r.json()


def test_a_correction_is_a_new_reversing_entry_the_wrong_one_stays(api, bank):
    entry = _post(api, _body(bank["zhang"], at(3, 9), at(3, 12))).json()
    r = api.post(
        f"{URL}{entry['id']}/reverse/", {"reason": "时间记错"}, content_type="application/json"
    )
    assert r.status_code == 201, r.content
    assert r.json()["hours"] == "-3.00" and r.json()["reverses"] == entry["id"]
    assert HoursEntry.objects.count() == 2
    assert HoursEntry.objects.get(pk=entry["id"]).hours == Decimal("3.00")
    assert Volunteer.objects.get(pk=bank["zhang"].pk).total_hours == 0


def test_a_correction_says_why(api, bank):
    entry = _post(api, _body(bank["zhang"], at(3, 9), at(3, 12))).json()
    r = api.post(f"{URL}{entry['id']}/reverse/", {"reason": "  "}, content_type="application/json")
    assert r.status_code == 400
    assert HoursEntry.objects.count() == 1


def test_an_entry_is_corrected_once_and_a_correction_is_not_corrected(api, bank):
    entry = _post(api, _body(bank["zhang"], at(3, 9), at(3, 12))).json()
    reversal = api.post(
        f"{URL}{entry['id']}/reverse/", {"reason": "错"}, content_type="application/json"
    ).json()
    for pk in (entry["id"], reversal["id"]):
        r = api.post(f"{URL}{pk}/reverse/", {"reason": "再错"}, content_type="application/json")
        assert r.status_code == 400
        assert "civil_hours_reversed" in r.content.decode()
    assert HoursEntry.objects.count() == 2


def test_entries_are_never_edited_or_deleted_through_the_api(api, bank):
    entry = _post(api, _body(bank["zhang"], at(3, 9), at(3, 12))).json()
    r = api.patch(f"{URL}{entry['id']}/", {"hours": "9"}, content_type="application/json")
    assert r.status_code in (403, 405)
    assert api.delete(f"{URL}{entry['id']}/").status_code in (403, 405)
    assert HoursEntry.objects.get().hours == Decimal("3.00")


def test_hours_are_scoped_to_the_users_area(verified_client, users, bank, world):
    from tests.civil.bank_helpers import make_volunteer
    from tests.registry.helpers import make_resident

    qian = make_volunteer(bank["qian"])  # street S2
    api = verified_client(users["street_admin"])
    assert _post(api, _body(qian, at(3, 9), at(3, 10))).status_code == 400  # not visible
    outsider = verified_client(users["outsider"])
    assert _post(outsider, _body(qian, at(3, 9), at(3, 10))).status_code == 201
    api = verified_client(users["street_admin"])
    assert api.get(URL).json()["count"] == 0
    assert api.get(f"{URL}abc/").status_code == 404
    assert api.get(f"{URL}{HoursEntry.objects.get().pk}/").status_code == 404
    del make_resident


def test_a_resident_may_not_record_hours(verified_client, users, bank):
    api = verified_client(users["resident"])
    r = _post(api, _body(bank["zhang"], at(3, 9), at(3, 10)))
    assert r.status_code == 403
    assert not HoursEntry.objects.exists()


def test_an_org_contact_confirms_but_does_not_record_or_correct(verified_client, users, bank):
    admin = verified_client(users["street_admin"])
    entry = _post(admin, _body(bank["zhang"], at(3, 9), at(3, 10))).json()
    contact = verified_client(users["social_org_contact"])
    assert _post(contact, _body(bank["zhang"], at(4, 9), at(4, 10))).status_code == 403
    r = contact.post(
        f"{URL}{entry['id']}/reverse/", {"reason": "x"}, content_type="application/json"
    )
    assert r.status_code == 403


def test_national_export_has_one_row_per_entry_masked_and_audited(api, bank):
    _post(api, _body(bank["zhang"], at(3, 9), at(3, 12), content="=cmd|' /C calc'!A0"))
    before = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count()
    r = api.get(f"{URL}export/")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(openpyxl.load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2
    row = rows[1]
    assert row[0] == "张三"
    assert "*" in row[2]  # the ID number masked
    assert row[4].startswith("'=")  # a formula neutralized
    assert row[8] == 3.0
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count() == before + 1


def test_served_hours_sums_a_period_with_corrections(api, bank):
    import datetime

    entry = _post(api, _body(bank["zhang"], at(3, 9), at(3, 12))).json()
    _post(api, _body(bank["zhang"], at(3, 13), at(3, 14)))
    api.post(f"{URL}{entry['id']}/reverse/", {"reason": "错"}, content_type="application/json")
    total = ledger.served_hours(
        Volunteer.objects.all(), at(4, 0), at(2, 0) + datetime.timedelta(hours=1)
    )
    assert total == Decimal("1.00")


def test_the_streets_monthly_report_sums_per_community(api, bank, world):
    from gongzhi.civil.ledger_report import street_month

    start = at(40, 9)
    _post(api, _body(bank["zhang"], start, start + datetime.timedelta(hours=2)))
    _post(api, _body(bank["wang"], start, start + datetime.timedelta(hours=1)))
    wrong = _post(api, _body(bank["zhang"], at(40, 13), at(40, 14))).json()
    api.post(f"{URL}{wrong['id']}/reverse/", {"reason": "错"}, content_type="application/json")
    local = timezone.localtime(start)
    rows = street_month(world["s1"], local.year, local.month)
    assert rows == [
        {"community": world["c1"].pk, "hours": Decimal("3.00"), "entries": 4, "volunteers": 2}
    ]
    assert street_month(world["s2"], local.year, local.month) == []


def test_hours_copied_from_a_sheet_wait_for_confirmation(bank):
    from django.db import transaction

    with transaction.atomic():
        entry = ledger.do_record_hours(
            bank["admin"],
            bank["zhang"],
            started_at=at(2, 9),
            ended_at=at(2, 10),
            content="签到表",
            place="社区",
            confirmed=False,
        )
    assert entry.confirmed_at is None and entry.confirmed_by is None
    assert Volunteer.objects.get(pk=bank["zhang"].pk).total_hours == Decimal("1.00")
