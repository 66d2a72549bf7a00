"""Every menu entry of every app points at a real page (menu_for hides broken ones, so a
typo in a url_name would otherwise silently remove a menu entry)."""

from django.urls import NoReverseMatch, reverse

from gongzhi.core.nav import all_items


def test_every_nav_item_resolves():
    broken = []
    for item in all_items():
        try:
            reverse(item.url_name)
        except NoReverseMatch:
            broken.append(item.url_name)
    assert broken == []


def test_browser_language_does_not_override_chinese_default(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "zh-hans"
