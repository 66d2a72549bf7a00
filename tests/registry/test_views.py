"""Registry screens: every page renders, scoping holds through the UI (404 outside the
user's area, 403 without the role), forms go through the services."""

import datetime

import pytest
from django.urls import reverse

from gongzhi.core.models import AuditEntry
from gongzhi.registry.choices import EventKind, ResidentStatus
from gongzhi.registry.models import Household, Resident, ResidentEvent, Tag, Visit
from tests.registry.helpers import id_number

pytestmark = pytest.mark.django_db


def test_every_page_renders_for_the_street_admin(reg, users, verified_client):
    c = verified_client(users["street_admin"])
    h1, z = reg["h1"], reg["zhang"]
    urls = [
        reverse("registry:building_list"),
        reverse("registry:building_create"),
        reverse("registry:building_detail", args=[reg["b1"].pk]),
        reverse("registry:building_edit", args=[reg["b1"].pk]),
        reverse("registry:household_list"),
        reverse("registry:household_create"),
        reverse("registry:household_list") + "?status=all&q=幸福",
        reverse("registry:household_detail", args=[h1.pk]),
        reverse("registry:household_edit", args=[h1.pk]),
        reverse("registry:household_split", args=[h1.pk]),
        reverse("registry:household_merge", args=[h1.pk]),
        reverse("registry:household_head", args=[h1.pk]),
        reverse("registry:visit_create", args=[h1.pk]),
        reverse("registry:resident_list"),
        reverse("registry:resident_list") + "?q=zs&age=60&status=active&tag=disability",
        reverse("registry:resident_create"),
        reverse("registry:resident_create") + f"?household={h1.pk}",
        reverse("registry:resident_detail", args=[z.pk]),
        reverse("registry:resident_edit", args=[z.pk]),
        reverse("registry:resident_move_out", args=[z.pk]),
        reverse("registry:resident_transfer", args=[z.pk]),
        reverse("registry:resident_death", args=[z.pk]),
        reverse("registry:resident_phone", args=[z.pk]),
        reverse("registry:resident_tags", args=[z.pk]),
        reverse("registry:tag_list"),
        reverse("registry:tag_create"),
        reverse("registry:search") + "?q=zhangsan",
        reverse("registry:my_grid"),
        reverse("registry:my_households"),
        reverse("registry:visit_list"),
        reverse("registry:visit_list") + "?follow_up=1",
    ]
    for url in urls:
        r = c.get(url)
        assert r.status_code == 200, url


def test_resident_detail_shows_masked_id_and_phone(reg, users, verified_client):
    c = verified_client(users["street_admin"])
    z = reg["zhang"]
    html = c.get(reverse("registry:resident_detail", args=[z.pk])).content.decode()
    assert z.id_number_masked in html and z.id_number not in html
    assert "138****5678" in html and "13812345678" not in html


def test_ui_default_language_is_chinese(reg, users, verified_client):
    c = verified_client(users["street_admin"])
    html = c.get(reverse("registry:household_detail", args=[reg["h1"].pk])).content.decode()
    assert "成员" in html or "走访" in html


def test_grid_worker_scoping_through_ui(reg, users, verified_client):
    c = verified_client(users["grid_worker"])
    assert c.get(reverse("registry:resident_detail", args=[reg["zhang"].pk])).status_code == 200
    for name, obj in (
        ("resident_detail", reg["wang"]),
        ("household_detail", reg["h2"]),
        ("building_detail", reg["b2"]),
        ("resident_edit", reg["wang"]),
        ("resident_move_out", reg["wang"]),
        ("resident_phone", reg["qian"]),
    ):
        assert c.get(reverse(f"registry:{name}", args=[obj.pk])).status_code == 404, name
    html = c.get(reverse("registry:resident_list")).content.decode()
    assert "张三" in html and "王五" not in html and "赵六" not in html
    html = c.get(reverse("registry:my_households")).content.decode()
    assert "幸福路1号" in html and "幸福路2号" not in html
    html = c.get(reverse("registry:search") + "?q=王五").content.decode()
    assert reverse("registry:resident_detail", args=[reg["wang"].pk]) not in html
    # Writing into another grid's household is refused like a missing one.
    r = c.post(
        reverse("registry:visit_create", args=[reg["h2"].pk]),
        {"date": "2024-01-01", "purpose": "x"},
    )
    assert r.status_code == 404 and not Visit.objects.exists()


def test_roles_without_registry_permission_get_403(reg, users, verified_client):
    for who in ("resident", "department_staff", "care_provider"):
        c = verified_client(users[who])
        assert c.get(reverse("registry:resident_list")).status_code == 403, who
        assert c.get(reverse("registry:search") + "?q=张").status_code == 403, who
    c = verified_client(users["committee_member"])  # may view, not change
    assert c.get(reverse("registry:resident_list")).status_code == 200
    assert c.get(reverse("registry:resident_edit", args=[reg["zhang"].pk])).status_code == 403


def test_register_resident_form_bad_id_shows_error_writes_nothing(reg, users, verified_client):
    c = verified_client(users["station_staff"])
    url = reverse("registry:resident_create") + f"?household={reg['h1'].pk}"
    data = {
        "name": "孙八",
        "id_number": "110105198001010000",
        "ethnicity": "01",
        "residence_type": "registered",
        "political_status": "masses",
        "relation": "child",
        "household_id": reg["h1"].pk,
    }
    r = c.post(url, data)
    assert r.status_code == 200
    assert "校验" in r.content.decode() or "check digit" in r.content.decode()
    assert not Resident.objects.filter(name="孙八").exists()
    data["id_number"] = reg["wang"].id_number
    r = c.post(url, data)
    assert r.status_code == 200 and "王*" in r.content.decode()
    data["id_number"] = id_number("20100101")
    r = c.post(url, data)
    assert r.status_code == 302
    sun = Resident.objects.get(name="孙八")
    assert sun.household_id == reg["h1"].pk and sun.grid_id == reg["h1"].grid_id
    assert ResidentEvent.objects.filter(
        resident=sun, kind=EventKind.MOVE_IN, recorded_by=users["station_staff"]
    ).exists()


def test_edit_resident_keeps_id_when_left_empty(reg, users, verified_client):
    c = verified_client(users["station_staff"])
    z = reg["zhang"]
    r = c.post(
        reverse("registry:resident_edit", args=[z.pk]),
        {
            "name": "张三丰",
            "id_number": "",
            "phone": "",
            "ethnicity": "01",
            "residence_type": "registered",
            "political_status": "masses",
            "relation": "head",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    z2 = Resident.objects.get(pk=z.pk)
    assert z2.name == "张三丰" and z2.name_pinyin == "zhangsanfeng"
    assert z2.id_number == z.id_number and z2.phone == z.phone


def test_grid_worker_quick_updates_on_the_phone(reg, users, verified_client):
    c = verified_client(users["grid_worker"])
    z, li = reg["zhang"], reg["li"]
    r = c.post(
        reverse("registry:resident_phone", args=[z.pk]),
        {"phone": "13700000000", "next": reverse("registry:household_detail", args=[reg["h1"].pk])},
    )
    assert r.status_code == 302 and r.url == reverse(
        "registry:household_detail", args=[reg["h1"].pk]
    )
    assert Resident.objects.get(pk=z.pk).phone == "13700000000"
    r = c.post(reverse("registry:resident_move_out", args=[li.pk]), {"date": "2024-02-01"})
    assert r.status_code == 302
    li.refresh_from_db()
    assert li.status == ResidentStatus.MOVED_OUT
    assert AuditEntry.objects.filter(object_id=str(li.pk), actor=users["grid_worker"]).exists()
    r = c.post(
        reverse("registry:visit_create", args=[reg["h1"].pk]),
        {
            "date": datetime.date.today().isoformat(),
            "purpose": "走访",
            "notes": "",
            "follow_up_needed": "on",
        },
    )
    assert r.status_code == 302
    v = Visit.objects.get()
    assert v.visitor == users["grid_worker"] and v.follow_up_needed
    r = c.post(reverse("registry:visit_followed_up", args=[v.pk]))
    assert r.status_code == 302 and Visit.objects.get().followed_up_at is not None
    html = c.get(reverse("registry:my_grid")).content.decode()
    assert "grid-card" in html


def test_split_and_merge_through_forms(reg, users, verified_client):
    c = verified_client(users["station_staff"])
    h1 = reg["h1"]
    r = c.post(
        reverse("registry:household_split", args=[h1.pk]),
        {
            "members": [reg["li"].pk],
            "head": reg["li"].pk,
            "number": "H001-B",
            "address": "",
            "date": "2024-01-01",
            "note": "",
        },
    )
    assert r.status_code == 302
    new = Household.objects.get(number="H001-B")
    assert new.head_id == reg["li"].pk
    r = c.post(
        # the household picker takes the typed household number (registry.lookup)
        reverse("registry:household_merge", args=[h1.pk]),
        {"source": new.number, "date": "2024-02-01"},
    )
    assert r.status_code == 302
    assert not Household.objects.get(pk=new.pk).active
    # Splitting everyone away is refused on the form, nothing written.
    r = c.post(
        reverse("registry:household_split", args=[h1.pk]),
        {"members": [reg["zhang"].pk, reg["li"].pk], "number": "H001-C", "date": "2024-03-01"},
    )
    assert r.status_code == 200 and not Household.objects.filter(number="H001-C").exists()


def test_tags_page_requires_grade_for_disability(reg, users, verified_client):
    c = verified_client(users["station_staff"])
    dis = Tag.objects.get(code="disability")
    url = reverse("registry:resident_tags", args=[reg["zhang"].pk])
    r = c.post(url, {"tag": dis.pk, "grade": ""})
    assert r.status_code == 200 and not reg["zhang"].tag_links.exists()
    r = c.post(url, {"tag": dis.pk, "grade": "3"})
    assert r.status_code == 302 and reg["zhang"].tag_links.get().grade == 3
    html = c.get(reverse("registry:resident_list") + "?tag=disability").content.decode()
    assert "张三" in html and "李四" not in html


def test_building_form_creates_and_moves_grid(reg, users, verified_client, world):
    c = verified_client(users["street_admin"])
    r = c.post(
        reverse("registry:building_edit", args=[reg["b1"].pk]),
        {
            "community": world["c1"].pk,
            "grid": world["g2"].pk,
            "name": "1号楼",
            "address": "幸福路1号",
            "kind": "residential",
            "floors": 6,
            "units": 2,
        },
    )
    assert r.status_code == 302
    assert Resident.objects.get(pk=reg["zhang"].pk).grid_id == world["g2"].pk
    r = c.post(
        reverse("registry:building_create"),
        {
            "community": world["c1"].pk,
            "grid": world["g3"].pk,
            "name": "x",
            "address": "新路9号",
            "kind": "residential",
            "floors": 6,
            "units": 2,
        },
    )
    assert r.status_code == 200  # grid of another community


def test_grid_worker_menu_has_phone_entries(reg, users):
    from gongzhi.core.nav import menu_for, mobile_menu

    alice = users["grid_worker"]
    names = [i.url_name for i in mobile_menu(menu_for(alice))]
    assert "registry:my_grid" in names and "registry:my_households" in names
    # a resident's only registry page: proving who they are
    resident_entries = [
        i.url_name for i in menu_for(users["resident"]) if i.url_name.startswith("registry:")
    ]
    assert resident_entries == ["registry:verify_identity"]


def test_id_and_phone_searches_are_posted_not_put_in_the_url(reg, users, verified_client):
    c = verified_client(users["street_admin"])
    url = reverse("registry:search")
    html = c.get(url).content.decode()
    assert 'method="post" role="search"' in html and "csrfmiddlewaretoken" in html
    detail = reverse("registry:resident_detail", args=[reg["zhang"].pk])
    # The form's POST finds by ID number and by phone.
    for q in (reg["zhang"].id_number, "13812345678"):
        assert detail in c.post(url, {"q": q}).content.decode(), q
    # A GET carrying a number is not searched: back to the empty form.
    r = c.get(url + "?q=" + reg["zhang"].id_number)
    assert r.status_code == 302 and r["Location"] == url
    # Names still work through a GET link.
    assert detail in c.get(url + "?q=张三").content.decode()
