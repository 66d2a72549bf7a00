# ruff: noqa: F811  (pytest fixtures imported by name)
"""Star levels from the StarLevel rows (data) and the volunteer's total hours; certificates
issued through the API from confirmed hours, as a PDF with a CJK font, verified by code on
public pages that show no personal data."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from gongzhi.civil.actions import ledger, recognition
from gongzhi.civil.models import Certificate, StarLevel, Volunteer
from gongzhi.core.models import AuditEntry
from tests.civil.bank_helpers import at, bank  # noqa: F401
from tests.registry.helpers import reg  # noqa: F401
from tests.tools import pdffonts, pdftotext

API = "/api/civil/"


@pytest.fixture
def api(verified_client, users):
    return verified_client(users["street_admin"])


def _serve(bank, volunteer, start, end, confirmed=True):
    with transaction.atomic():
        if confirmed:
            return ledger.do_record_hours(
                bank["admin"],
                volunteer,
                started_at=start,
                ended_at=end,
                content="陪伴",
                place="社区",
            )
        return ledger.record_entry(
            bank["admin"], volunteer, started_at=start, ended_at=end, content="陪伴", place="社区"
        )


def _with_total(volunteer, hours):
    Volunteer.objects.filter(pk=volunteer.pk).update(total_hours=Decimal(hours))
    return Volunteer.objects.get(pk=volunteer.pk)


@pytest.mark.parametrize(
    "hours,stars",
    [
        ("0", 0),
        ("99.99", 0),
        ("100", 1),
        ("299", 1),
        ("300", 2),
        ("600", 3),
        ("1000", 4),
        ("1500", 5),
        ("9000", 5),
    ],
)
def test_star_level_by_cumulative_hours(bank, hours, stars):
    assert recognition.star_level(_with_total(bank["zhang"], hours)) == stars


def test_star_levels_are_data(bank):
    StarLevel.objects.filter(stars=1).update(min_hours=50)
    assert recognition.star_level(_with_total(bank["zhang"], "60")) == 1


def test_standing_through_the_api(api, bank):
    _with_total(bank["zhang"], "250")
    r = api.get(f"{API}volunteer-standing/{bank['zhang'].pk}/")
    assert r.status_code == 200
    assert r.json() == {
        "volunteer": bank["zhang"].pk,
        "total_hours": "250.00",
        "stars": 1,
        "next_stars": 2,
        "hours_to_next": "50.00",
    }
    assert api.get(f"{API}volunteer-standing/abc/").status_code == 404


def _issue(api, volunteer, **extra):
    body = {
        "volunteer": volunteer.pk,
        "period_from": "2000-01-01",
        "period_to": timezone.localdate().isoformat(),
        "issuer": "青山街道志愿服务站",
        **extra,
    }
    return api.post(f"{API}certificates/", body, content_type="application/json")


def test_a_certificate_counts_confirmed_hours_of_the_period(api, bank):
    _serve(bank, bank["zhang"], at(10, 9), at(10, 12))
    wrong = _serve(bank, bank["zhang"], at(9, 9), at(9, 10))
    ledger.do_reverse_hours(bank["admin"], wrong, "记错")
    _serve(bank, bank["zhang"], at(8, 9), at(8, 11), confirmed=False)  # not yet confirmed
    before = AuditEntry.objects.count()
    r = _issue(api, bank["zhang"])
    assert r.status_code == 201, r.content
    assert r.json()["hours"] == "3.00" and r.json()["entries"] == 1
    assert AuditEntry.objects.count() == before + 1
    # the period bounds the hours
    r = _issue(api, bank["zhang"], period_from=at(9, 0).date().isoformat())
    assert r.status_code == 400 and r.json()["period_from"][0]["code"] == "civil_cert_no_hours"


def test_no_certificate_without_confirmed_hours(api, bank):
    _serve(bank, bank["zhang"], at(8, 9), at(8, 11), confirmed=False)
    r = _issue(api, bank["zhang"])
    assert r.status_code == 400 and r.json()["period_from"][0]["code"] == "civil_cert_no_hours"
    assert not Certificate.objects.exists()


def test_a_certificates_period_ends_after_it_starts_and_not_ahead(api, bank):
    _serve(bank, bank["zhang"], at(10, 9), at(10, 12))
    r = _issue(api, bank["zhang"], period_from="2020-02-01", period_to="2020-01-01")
    assert r.status_code == 400 and r.json()["period_to"][0]["code"] == "civil_cert_period"
    r = _issue(api, bank["zhang"], period_to="2999-01-01")
    assert r.status_code == 400 and r.json()["period_to"][0]["code"] == "civil_cert_period"
    assert not Certificate.objects.exists()


def test_the_certificate_pdf_has_the_code_and_a_cjk_font(api, bank):
    _serve(bank, bank["zhang"], at(10, 9), at(10, 12))
    cert = _issue(api, bank["zhang"]).json()
    r = api.get(f"{API}certificates/{cert['id']}/pdf/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    text = pdftotext(r.content)
    assert cert["code"] in text and "张三" in text
    assert "NotoSansCJK" in pdffonts(r.content)


def test_anyone_verifies_a_certificate_without_personal_data(client, api, bank):
    _serve(bank, bank["zhang"], at(10, 9), at(10, 12))
    cert = _issue(api, bank["zhang"]).json()
    client.logout()
    r = client.get(f"{API}certificate-verification/", {"code": cert["code"]})
    assert r.status_code == 200
    assert r.json()["name"] == "张*" and r.json()["hours"] == "3.00"
    assert "id_number" not in r.json() and "volunteer" not in r.json()
    page = client.get(f"/public/civil/certificates/{cert['code']}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "张*" in html and "张三" not in html
    assert client.get("/public/civil/certificates/FFFFFFFFFFFF/").status_code == 404
    assert (
        client.get(f"{API}certificate-verification/", {"code": "FFFFFFFFFFFF"}).status_code == 404
    )
    assert client.get(f"{API}certificate-verification/", {"code": "x"}).status_code == 400


def test_certificates_are_scoped(verified_client, users, bank):
    admin = verified_client(users["street_admin"])
    _serve(bank, bank["zhang"], at(10, 9), at(10, 12))
    cert = _issue(admin, bank["zhang"]).json()
    outsider = verified_client(users["outsider"])
    assert outsider.get(f"{API}certificates/{cert['id']}/pdf/").status_code == 404
    assert _issue(outsider, bank["zhang"]).status_code == 400  # not a volunteer it sees
