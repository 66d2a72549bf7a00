"""Masked ID numbers cannot be rebuilt from what a role sees, for every role and every door.

For one resident, collect everything each role gets without the audited reveal — resident
page, list, household page, search page; the REST detail, list and search; the residents
export (web and API) and the generated elderly ledger (web and API) — and play the attacker:
take every known character of the ID number from any masked or partial form of it, the birth
date or year wherever it appears, an exact age, and the sex; then enumerate every 18-character
number consistent with all of it and its check digit. The candidates must stay many."""

import datetime
import io
import re

import openpyxl
import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from rest_framework.test import APIClient
from stdnum.cn import ric

from gongzhi.core.masking import birth_year, mask_id_number
from gongzhi.registry.models import Resident
from tests.conftest import ROLE_USERS
from tests.registry.helpers import id_number, make_resident

pytestmark = pytest.mark.django_db

ENOUGH = 1000  # fewer candidates than this and a patient worker tries them all
BIRTH = datetime.date(1939, 8, 23)  # 80+: in the generated elderly ledger too
ROLES = ROLE_USERS


@pytest.fixture
def target(reg):
    number = id_number(BIRTH.strftime("%Y%m%d"), area="320106", seq=386, sex="F")
    return make_resident(
        reg["h1"], "周淑芬", relation="parent", id_number=number, phone="13705550199"
    )


def _xlsx_text(content: bytes) -> str:
    wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        " ".join("" if v is None else str(v) for v in row)
        for ws in wb.worksheets
        for row in ws.iter_rows(values_only=True)
    )


def _seen(response) -> str:
    if response.status_code != 200:
        return ""
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in kind:
        return _xlsx_text(body)
    return body.decode()


def doors(client, r):
    """(door, response) for everything the client can open about resident `r`."""
    h = r.household_id
    kind = ContentType.objects.get_for_model(Resident).pk
    return [
        ("page:edit", client.get(reverse("registry:resident_edit", args=[r.pk]))),
        ("page:audit-history", client.get(reverse("core:history", args=[kind, r.pk]))),
        ("page:audit-list", client.get(reverse("core:audit"))),
        ("page:resident", client.get(reverse("registry:resident_detail", args=[r.pk]))),
        ("page:list", client.get(reverse("registry:resident_list"), {"q": r.name})),
        (
            "page:list-by-year",
            client.get(reverse("registry:resident_list"), {"sort": "birth_year"}),
        ),
        ("page:household", client.get(reverse("registry:household_detail", args=[h]))),
        ("page:search", client.get(reverse("registry:search"), {"q": r.name})),
        ("api:resident", client.get(f"/api/registry/residents/{r.pk}/")),
        ("api:list", client.get("/api/registry/residents/", {"search": r.name})),
        ("api:search", client.get("/api/registry/search/", {"q": r.name})),
        ("export:web", client.post(reverse("registry:export_residents"), {})),
        ("export:api", client.get("/api/exports/residents/")),
        ("ledger:web", client.get(reverse("access:ledger_export", kwargs={"kind": "elderly80"}))),
        ("ledger:api", client.get("/api/access/ledgers/export/", {"kind": "elderly80"})),
    ]


def known_characters(text: str, number: str) -> dict[int, str]:
    """Positions of `number` that `text` discloses: any masked form (``*`` for hidden) or any
    unmasked run that is its beginning or end."""
    known: dict[int, str] = {}
    for token in re.findall(r"[0-9X*＊]{2,18}", text.upper()):
        token = token.replace("＊", "*")
        if len(token) == 18 and all(c in ("*", n) for c, n in zip(token, number, strict=True)):
            known.update({i: c for i, c in enumerate(token) if c != "*"})
        elif "*" not in token and len(token) >= 3:
            if number.endswith(token):
                known.update({18 - len(token) + i: c for i, c in enumerate(token)})
            if number.startswith(token) and len(token) >= 6:
                known.update(dict(enumerate(token)))
    return known


def date_shown(text: str, day: datetime.date) -> bool:
    forms = {
        day.isoformat(),
        day.strftime("%Y%m%d"),
        day.strftime("%Y/%m/%d"),
        f"{day.year}年{day.month}月{day.day}日",
        f"{day.year}/{day.month}/{day.day}",
    }
    return any(f in text for f in forms)


def age_shown(text: str, day: datetime.date) -> bool:
    today = datetime.date.today()
    age = today.year - day.year - ((today.month, today.day) < (day.month, day.day))
    return bool(re.search(rf"(?<!\d){age}\s*(岁|years)", text))


def candidates(text: str, number: str, sex: str) -> int:
    """How many ID numbers fit what `text` shows (counting stops at ENOUGH)."""
    if number in text.upper():
        return 1
    known = known_characters(text, number)
    born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    if date_shown(text, born):
        days = [born]
    else:
        start, end = datetime.date(1900, 1, 1), datetime.date.today()
        if str(born.year) in text:  # the year is assumed known wherever it appears
            start, end = datetime.date(born.year, 1, 1), datetime.date(born.year, 12, 31)
        days = [start + datetime.timedelta(n) for n in range((end - start).days + 1)]
        if age_shown(text, born):
            today = datetime.date.today()
            age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
            days = [
                d
                for d in days
                if today.year - d.year - ((today.month, today.day) < (d.month, d.day)) == age
            ]
    days = [
        d for d in days if all(known.get(6 + i, c) == c for i, c in enumerate(d.strftime("%Y%m%d")))
    ]
    count = 0
    for d in days:
        for seq in range(1000):
            body = number[:6] + d.strftime("%Y%m%d") + f"{seq:03d}"
            if any(known.get(i, c) != c for i, c in enumerate(body)):
                continue
            if (seq % 2 == 1) != (sex == "M"):
                continue  # the sex is shown everywhere: digit 17 is odd for men
            check = ric.calc_check_digit(body + "0")
            if known.get(17, check) != check:
                continue
            count += 1
            if count >= ENOUGH:
                return count
    return count


def test_attacker_counts_what_the_old_screens_gave_away():
    # The measure itself: the old mask with the date beside it gives the number away.
    number = id_number("19390823", area="320106", seq=386, sex="F")
    old_mask = number[:6] + "********" + number[-4:]
    assert candidates(f"{old_mask} 1939-08-23", number, "F") == 1
    assert candidates(f"{old_mask} 1939", number, "F") < 50
    assert candidates(f"{mask_id_number(number)} {birth_year(BIRTH)}", number, "F") >= ENOUGH


@pytest.mark.parametrize("role", ROLES)
def test_masked_id_number_cannot_be_rebuilt_by_any_role_from_any_door(
    role, users, verified_client, target
):
    client = verified_client(users[role])
    opened = {door: response for door, response in doors(client, target)}
    assert all(r.status_code < 500 for r in opened.values()), {
        d: r.status_code for d, r in opened.items()
    }
    seen = {door: _seen(response) for door, response in opened.items()}
    # Each door alone, and everything the role sees put together.
    for door, text in [*seen.items(), ("all doors", "\n".join(seen.values()))]:
        found = candidates(text, target.id_number, target.sex)
        assert found >= ENOUGH, f"{role} narrows the ID number to {found} via {door}"
    if role == "grid_worker":  # the test does see the resident (it is not vacuous)
        assert mask_id_number(target.id_number) in seen["page:resident"]
        assert str(BIRTH.year) in seen["page:resident"] and str(BIRTH.year) in seen["api:resident"]
        assert Resident.objects.visible_to(users[role]).filter(pk=target.pk).exists()


def test_age_groups_and_sorting_follow_the_birth_year_not_the_day(reg, users, verified_client):
    """A resident whose 60th birthday is still ahead this year is already in 60+ (list filter
    and API), so watching the group day by day tells no birthday; sorting is by year."""
    today = datetime.date.today()
    later = datetime.date(today.year - 60, 12, 31)
    if later == today.replace(year=today.year - 60):  # 31 December: use 1 January next
        later = datetime.date(today.year - 59, 1, 1)
    r = make_resident(reg["h1"], "吴未满", birth=later.strftime("%Y%m%d"))
    reached = today.year - later.year >= 60
    client = verified_client(users["grid_worker"])
    page = client.get(reverse("registry:resident_list"), {"age": "60"}).content.decode()
    assert ("吴未满" in page) == reached
    api = APIClient()
    api.force_authenticate(users["grid_worker"])
    rows = api.get("/api/registry/residents/", {"min_age": 60}).json()["results"]
    assert (r.pk in {row["id"] for row in rows}) == reached
    detail = client.get(reverse("registry:resident_detail", args=[r.pk])).content.decode()
    assert ("60+" in detail) == reached and later.isoformat() not in detail
    ordered = api.get("/api/registry/residents/", {"ordering": "birth_year"})
    assert ordered.status_code == 200
    years = [row["birth_year"] for row in ordered.json()["results"]]
    assert years == sorted(years)


def test_audit_log_never_shows_the_derived_birth_date_or_last_four(target, users, verified_client):
    """New entries leave them out; entries written before that are shown without them."""
    from gongzhi.core.models import AuditEntry

    kind = ContentType.objects.get_for_model(Resident)
    entries = AuditEntry.objects.filter(content_type=kind, object_id=str(target.pk))
    assert entries.exists()
    assert all(
        "birth_date" not in (e.after or {}) and "id_last4" not in (e.after or {}) for e in entries
    )
    # An entry as the old code wrote it (the log is append-only: a new one).
    old = entries.first()
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                content_type=kind,
                object_id=str(target.pk),
                object_repr=old.object_repr,
                action=AuditEntry.Action.CREATE,
                after={
                    **(old.after or {}),
                    "birth_date": BIRTH.isoformat(),
                    "id_last4": target.id_number[-4:],
                },
            )
        ]
    )
    client = verified_client(users["street_admin"])
    page = _seen(client.get(reverse("core:history", args=[kind.pk, target.pk])))
    assert page.count("周") >= 2  # both entries are shown
    assert BIRTH.isoformat() not in page and target.id_number[-4:] not in page
