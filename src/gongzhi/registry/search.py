"""One search box for the registry: residents by name, pinyin (``zhangsan``), initials
(``zs``), last 4 characters of the ID number, the full ID number (blind index), phone
(blind index) or address; households and buildings by address. Always inside
``Model.objects.visible_to(user)``.

Every query is index-friendly, so it stays fast on a million residents (bench/search.py):
exact look-ups on indexed columns (``id_number_index``, ``phone_index``, ``id_last4``) or a
prefix ``startswith`` (``LIKE 'q%'``) on an indexed column (``name``, ``name_pinyin``,
``name_initials``, ``address``: on PostgreSQL Django adds a ``varchar_pattern_ops`` index
to each indexed CharField for exactly this). No ``contains``, no ORDER BY over the whole
match set: each query takes at most ``limit`` rows and the few results are sorted here.

``search(user, q, limit=20)`` returns a list of ``SearchResult(kind, object, label, url,
detail, match)``; ``kind`` is ``resident``, ``household`` or ``building`` and ``match``
says which rule found it (``name``, ``pinyin``, ``initials``, ``id_last4``, ``id_number``,
``phone``, ``address``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.urls import reverse

from gongzhi.core.fields import index_lookup
from gongzhi.registry.models import Building, Household, Resident, normalize_phone

_ID_FULL = re.compile(r"^\d{17}[\dX]$")
_ID_LAST4 = re.compile(r"^\d{3}[\dX]$")
_PHONE = re.compile(r"^\+?[\d\- ]{7,20}$")
_LETTERS = re.compile(r"^[a-z]+$")
_CJK = re.compile(r"[\u3400-\u9fff]")

KINDS = ("name", "pinyin", "initials", "id_last4", "id_number", "phone", "address")


@dataclass
class SearchResult:
    kind: str  # resident | household | building
    object: object
    label: str
    url: str
    detail: str = ""
    match: str = ""


def normalize_query(q: str) -> str:
    q = unicodedata.normalize("NFKC", q or "").strip()
    return re.sub(r"\s+", " ", q)[:100]


def classify(q: str) -> list[str]:
    """Which kinds of search a query can be (most specific first)."""
    q = normalize_query(q)
    if not q:
        return []
    compact = q.replace(" ", "").upper()
    if _ID_FULL.match(compact):
        return ["id_number"]
    if _ID_LAST4.match(compact):
        return ["id_last4", "address"]
    if _PHONE.match(q) and len(normalize_phone(q)) >= 7:
        return ["phone"]
    lower = q.lower().replace(" ", "")
    if _LETTERS.match(lower):
        kinds = ["initials", "pinyin"] if len(lower) <= 4 else ["pinyin"]
        return [*kinds, "address"]
    if _CJK.search(q):
        return ["name", "address"]
    return ["address"]


def _residents(user):
    return (
        Resident.objects.visible_to(user)
        .select_related("household", "community")
        .order_by()  # no sort over the match set: the index decides, we sort the few rows
    )


def _resident_result(r: Resident, match: str) -> SearchResult:
    parts = [r.id_number_masked]
    if r.household_id:
        parts.append(r.household.address)
    else:
        parts.append(r.community.name)
    if r.status != "active":
        parts.append(str(r.get_status_display()))
    return SearchResult(
        kind="resident",
        object=r,
        label=r.name,
        url=reverse("registry:resident_detail", args=[r.pk]),
        detail=" · ".join(p for p in parts if p),
        match=match,
    )


def _household_result(h: Household) -> SearchResult:
    return SearchResult(
        kind="household",
        object=h,
        label=h.address,
        url=reverse("registry:household_detail", args=[h.pk]),
        detail=h.number,
        match="address",
    )


def _building_result(b: Building) -> SearchResult:
    return SearchResult(
        kind="building",
        object=b,
        label=b.address,
        url=reverse("registry:building_detail", args=[b.pk]),
        detail=b.name,
        match="address",
    )


def search(user, q: str, limit: int = 20) -> list[SearchResult]:
    """Find residents, households and buildings matching `q` that `user` may see."""
    q = normalize_query(q)
    kinds = classify(q)
    if not kinds or limit <= 0 or user is None:
        return []
    # visible_to() says where; the role's permissions say what (a resident of C1 is "in" C1
    # but may not read the registry).
    see_residents = user.has_perm("registry.view_resident")
    see_households = user.has_perm("registry.view_household")
    see_buildings = user.has_perm("registry.view_building")
    if not see_residents:
        kinds = [k for k in kinds if k == "address"]
    if not (see_residents or see_households or see_buildings):
        return []
    results: list[SearchResult] = []
    seen: set[tuple[str, int]] = set()

    def add(items):
        for item in items:
            key = (item.kind, item.object.pk)
            if key not in seen and len(results) < limit:
                seen.add(key)
                results.append(item)

    compact = q.replace(" ", "")
    lower = compact.lower()
    for kind in kinds:
        remaining = limit - len(results)
        if remaining <= 0:
            break
        if kind == "id_number":
            rows = _residents(user).filter(**index_lookup(Resident, "id_number", compact))[
                :remaining
            ]
            add(_resident_result(r, kind) for r in rows)
        elif kind == "phone":
            rows = _residents(user).filter(**index_lookup(Resident, "phone", q))[:remaining]
            add(_resident_result(r, kind) for r in rows)
        elif kind == "id_last4":
            rows = _residents(user).filter(id_last4=compact.upper())[:remaining]
            add(sorted((_resident_result(r, kind) for r in rows), key=lambda x: x.label))
        elif kind == "initials":
            # Exact initials first (zs → 张三 before 张森林), then longer names.
            exact = list(_residents(user).filter(name_initials=lower)[:remaining])
            add(sorted((_resident_result(r, kind) for r in exact), key=lambda x: x.label))
            remaining = limit - len(results)
            if remaining > 0:
                rows = (
                    _residents(user)
                    .filter(name_initials__startswith=lower)
                    .exclude(name_initials=lower)[:remaining]
                )
                add(sorted((_resident_result(r, kind) for r in rows), key=lambda x: x.label))
        elif kind == "pinyin":
            rows = _residents(user).filter(name_pinyin__startswith=lower)[:remaining]
            add(sorted((_resident_result(r, kind) for r in rows), key=lambda x: x.label))
        elif kind == "name":
            exact = list(_residents(user).filter(name=q)[:remaining])
            add(_resident_result(r, kind) for r in exact)
            remaining = limit - len(results)
            if remaining > 0:
                rows = _residents(user).filter(name__startswith=q)[: remaining + len(exact)]
                add(sorted((_resident_result(r, kind) for r in rows), key=lambda x: x.label))
        elif kind == "address":
            if see_buildings:
                buildings = (
                    Building.objects.visible_to(user)
                    .filter(address__startswith=q)
                    .order_by()[:remaining]
                )
                add(sorted((_building_result(b) for b in buildings), key=lambda x: x.label))
            remaining = limit - len(results)
            if remaining <= 0 or not (see_households or see_residents):
                break
            households = list(
                Household.objects.visible_to(user)
                .filter(address__startswith=q, active=True)
                .order_by()[:remaining]
            )
            if see_households:
                add(sorted((_household_result(h) for h in households), key=lambda x: x.label))
            remaining = limit - len(results)
            if remaining > 0 and households and see_residents:
                # Residents living at those addresses (one indexed IN on household_id).
                rows = _residents(user).filter(
                    household__in=[h.pk for h in households], status="active"
                )[:remaining]
                add(sorted((_resident_result(r, kind) for r in rows), key=lambda x: x.label))
    return results
