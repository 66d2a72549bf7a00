"""Household pickers: suggestions as you type from a small JSON endpoint (scoped, at least
two characters, at most 20 results), and a plain text field resolved on the server so the
forms work without JavaScript."""

import re

import pytest
from django.urls import reverse

from gongzhi.registry import lookup
from gongzhi.registry.models import Household, Resident
from tests.registry.helpers import make_building, make_household

pytestmark = pytest.mark.django_db

URL = "registry:household_lookup"


def _labels(client, **params):
    r = client.get(reverse(URL), params)
    assert r.status_code == 200
    return [x["label"] for x in r.json()["results"]]


def test_lookup_finds_by_number_address_and_head_name(reg, users, verified_client):
    c = verified_client(users["street_admin"])
    h1 = "H001 · 幸福路1号 1-101"
    assert _labels(c, q="h00") == [h1, "H002 · 幸福路2号 1-201", "H003 · 和谐路3号"]
    assert _labels(c, q="1-101") == [h1]
    assert _labels(c, q="张三") == [h1]
    result = c.get(reverse(URL), {"q": "张三"}).json()["results"][0]
    assert result == {"id": reg["h1"].pk, "label": h1, "head": "张三", "community": "幸福社区"}


def test_lookup_needs_two_characters(reg, users, verified_client):
    c = verified_client(users["street_admin"])
    assert _labels(c, q="H") == []
    assert _labels(c) == []


def test_lookup_is_scoped_to_what_the_user_sees(reg, users, verified_client):
    # alice is the grid worker of G1: only H001
    assert _labels(verified_client(users["grid_worker"]), q="H0") == ["H001 · 幸福路1号 1-101"]
    assert verified_client(users["resident"]).get(reverse(URL), {"q": "H0"}).status_code == 403


def test_lookup_returns_at_most_twenty_open_households(reg, users, verified_client):
    for n in range(25):
        make_household(reg["b1"], f"X{n:03d}")
    Household.objects.filter(number="X000").update(active=False)
    labels = _labels(verified_client(users["street_admin"]), q="X0")
    assert len(labels) == lookup.MAX_RESULTS
    assert not any(label.startswith("X000 ") for label in labels)


def test_lookup_can_be_limited_to_a_community(reg, users, verified_client):
    c = verified_client(users["street_admin"])
    assert _labels(c, q="H00", community=reg["h3"].community_id) == ["H003 · 和谐路3号"]


def _transfer(client, resident, text):
    return client.post(
        reverse("registry:resident_transfer", args=[resident.pk]),
        {"household": text, "relation": "", "date": "2024-05-01", "note": ""},
    )


def test_transfer_form_picks_household_by_typed_text(reg, users, verified_client):
    c = verified_client(users["station_staff"])
    page = c.get(reverse("registry:resident_transfer", args=[reg["li"].pk])).content.decode()
    # a text box with suggestions, not a list of every household
    assert re.search(r'<input[^>]*name="household"[^>]*data-lookup-url', page)
    assert "<datalist" in page
    assert "registry/household_lookup.js" in page
    # the suggestion's text, as the browser fills it in
    assert _transfer(c, reg["li"], "H002 · 幸福路2号 1-201").status_code == 302
    assert Resident.objects.get(pk=reg["li"].pk).household == reg["h2"]
    # without JavaScript: the household number alone (any case) or the exact address
    assert _transfer(c, reg["li"], "h001").status_code == 302
    assert Resident.objects.get(pk=reg["li"].pk).household == reg["h1"]
    assert _transfer(c, reg["li"], "幸福路2号 1-201").status_code == 302
    assert Resident.objects.get(pk=reg["li"].pk).household == reg["h2"]


def test_transfer_form_refuses_unknown_ambiguous_or_invisible_household(
    reg, users, verified_client
):
    c = verified_client(users["station_staff"])  # community C1
    for text in ("H999", "H004", "H003 · 和谐路3号"):  # unknown, other street, other community
        r = _transfer(c, reg["li"], text)
        assert r.status_code == 200 and r.context["form"].errors["household"], text
    # two households at the same address: the address alone does not say which
    make_household(reg["b2"], "H005", address="幸福路2号 1-201")
    r = _transfer(c, reg["li"], "幸福路2号 1-201")
    assert r.status_code == 200 and r.context["form"].errors["household"]
    assert Resident.objects.get(pk=reg["li"].pk).household == reg["h1"]


def test_merge_form_suggests_and_accepts_households_of_the_same_community(
    reg, users, verified_client, world
):
    b = make_building(world["c1"], world["g1"], "幸福路5号")
    other = make_household(b, "H006")
    c = verified_client(users["station_staff"])
    url = reverse("registry:household_merge", args=[reg["h1"].pk])
    page = c.get(url).content.decode()
    assert f'data-lookup-community="{world["c1"].pk}"' in page
    r = c.post(url, {"source": "H006", "date": "2024-05-01", "note": ""})
    assert r.status_code == 302
    other.refresh_from_db()
    assert not other.active
    # a household of another community cannot be merged, even typed by hand
    r = c.post(url, {"source": "H003", "date": "2024-05-01", "note": ""})
    assert r.status_code == 200 and r.context["form"].errors["source"]
