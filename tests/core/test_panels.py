"""Panels: an upper app adds a section to a lower app's page (core.nav.Panel) without the
lower app importing it — the community page, its public page and a building's page."""

import types

import pytest
from django.urls import reverse
from django.utils.html import format_html

from gongzhi.core import nav
from gongzhi.core.nav import Panel

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_app(monkeypatch):
    seen = []

    def render(request, obj):
        seen.append((request.path, obj))
        return format_html('<section data-panel="fake">{}</section>', f"<{obj}>")

    module = types.SimpleNamespace(
        PANELS=[
            Panel("org.community", render),
            Panel("org.public_community", render),
            Panel("registry.building", render),
            Panel("registry.building", lambda request, obj: "", order=1),  # nothing to say
        ]
    )
    monkeypatch.setattr(nav, "_nav_modules", lambda: (module,))
    return seen


def test_a_page_shows_the_panels_of_its_slot_escaped_by_their_app(
    fake_app, reg, users, verified_client, client
):
    c1 = reg["b1"].community
    staff = verified_client(users["street_admin"])
    pages = [
        (staff, reverse("org:community", args=[c1.pk]), c1),
        (client, reverse("org_public:community", args=[c1.pk]), c1),
        (staff, reverse("registry:building_detail", args=[reg["b1"].pk]), reg["b1"]),
    ]
    for who, url, obj in pages:
        html = who.get(url).content.decode()
        assert html.count('data-panel="fake"') == 1, url
        assert f"&lt;{obj}&gt;" in html
    assert [obj for _, obj in fake_app] == [c1, c1, reg["b1"]]


def test_panels_are_ordered_and_filtered_by_slot(monkeypatch):
    a, b, c = (Panel("x", str, order=2), Panel("x", str, order=1), Panel("y", str))
    monkeypatch.setattr(nav, "_nav_modules", lambda: (types.SimpleNamespace(PANELS=[a, b, c]),))
    assert nav.panels_for("x") == [b, a]
    assert nav.panels_for("z") == []
