"""The window desk in Chromium, as a station clerk uses it: find the resident, start a
request from the menu, tick the materials, fill the item's fields, submit, and print the
receipt (a real PDF) — all on one screen, and with the keyboard alone where the issue asks
("usable with the keyboard": the search field has the cursor, Enter submits, Tab reaches the
menu, the cursor moves on to the materials, the receipt button takes Enter)."""

# ruff: noqa: F811  (the registry's and the menu's fixtures are imported, then requested)

import pytest
from django.urls import reverse

from gongzhi.services.models import ServiceRequest
from tests.browser.conftest import PHONE, log_in, path_of
from tests.conftest import PASSWORD
from tests.registry.helpers import reg  # noqa: F401
from tests.services.conftest import menu  # noqa: F401
from tests.tools import pdftotext

pytestmark = pytest.mark.browser


def focused(page) -> dict:
    """What has the keyboard focus: its tag, name, id, value and text."""
    return page.evaluate(
        """() => { const e = document.activeElement;
        return {tag: e.tagName.toLowerCase(), name: e.getAttribute('name') || '',
                id: e.id || '', value: e.value || '', text: (e.innerText || '').trim(),
                href: e.getAttribute('href') || ''}; }"""
    )


def tab_until(page, predicate, limit=40) -> dict:
    """Press Tab until the focused element matches `predicate` (fails after `limit`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        el = focused(page)
        if predicate(el):
            return el
    raise AssertionError(f"Tab never reached the element; last focus {focused(page)}")


def test_station_clerk_serves_a_resident_from_one_screen_with_the_keyboard(
    page,
    users,
    world,
    reg,
    menu,
    tmp_path,
):
    log_in(page, users["station_staff"].username, PASSWORD)
    desk = reverse("services:desk")
    page.goto(desk)
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("main h1").inner_text().strip() == "窗口受理"

    # 1. The cursor is in the search field: type the name, Enter searches.
    assert focused(page)["name"] == "q"
    page.keyboard.type("张三")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=**")
    assert path_of(page) == desk
    # Tab from the search field to the resident found, Enter picks them.
    page.locator("input[name=q]").focus()
    el = tab_until(page, lambda e: e["tag"] == "a" and "张三" in e["text"])
    assert f"resident={reg['zhang'].pk}" in el["href"]
    page.keyboard.press("Enter")
    page.wait_for_url(f"**resident={reg['zhang'].pk}**")
    assert "张三" in page.locator("main").inner_text()

    # 2. Tab reaches the menu; the arrow keys choose the item; Enter on "Choose" opens it.
    page.locator("input[name=q]").focus()
    el = tab_until(page, lambda e: e["name"] == "item")
    assert el["tag"] == "select"
    page.keyboard.press("ArrowDown")  # "—" → the first item of the first category
    assert focused(page)["value"] == str(menu["permit"].pk)
    page.keyboard.press("Tab")
    assert focused(page)["tag"] == "button"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**item={menu['permit'].pk}**")
    assert path_of(page) == desk
    assert "居住证申领" in page.locator("main").inner_text()

    # 3. The cursor is on the first material: Space ticks, Tab moves on.
    el = focused(page)
    assert (el["name"], el["value"]) == ("materials", "居民身份证")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # skip the photo
    assert focused(page)["value"] == "租房合同"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # the first choice of 居住事由 (a radio group)
    assert focused(page)["name"] == "f_reason"
    page.keyboard.press("Space")
    page.fill("#f_since", "2026-01-05")  # the date picker: filled directly
    page.locator("#f_people").focus()
    page.keyboard.type("2")
    # Enter in a text field submits the form (no mouse).
    page.keyboard.press("Enter")
    page.wait_for_url("**created=**")

    req = ServiceRequest.objects.get()
    assert req.resident == reg["zhang"] and req.item == menu["permit"]
    assert req.materials_received == ["居民身份证", "租房合同"]
    assert req.values == {"reason": "work", "since": "2026-01-05", "people": "2"}
    assert req.channel == "window" and req.handled_by == users["station_staff"]

    # 4. Still the desk: the receipt with its tracking code and QR code, the print button
    # has the focus (Enter prints), and the search is there for the next resident.
    assert path_of(page) == desk
    assert page.locator("#created-code").inner_text() == req.tracking_code
    assert page.locator("#created svg").count() == 1
    el = focused(page)
    assert el["id"] == "print-receipt"
    assert el["href"] == reverse("services:receipt_pdf", args=[req.pk])
    assert page.locator("input[name=q]").is_visible()

    # The receipt downloads as a PDF (with the clerk's session) and names the request.
    response = page.request.get(el["href"])
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    assert pdf.startswith(b"%PDF")
    text = pdftotext(pdf)
    assert req.tracking_code in text and "居住证申领" in text
    # Enter on the focused button opens the receipt in a new tab.
    with page.context.expect_page() as popup:
        page.keyboard.press("Enter")
    assert popup.value.url.endswith(el["href"])


def test_desk_keeps_what_was_typed_and_moves_to_the_first_error(
    page,
    users,
    world,
    reg,
    menu,
):
    log_in(page, users["station_staff"].username, PASSWORD)
    page.goto(reverse("services:desk") + f"?resident={reg['zhang'].pk}&item={menu['permit'].pk}")
    page.locator("#m1").check()
    page.locator("#f_reason_1").check()
    page.fill("#f_since", "")
    page.locator("#f_note").fill("备注内容")
    page.locator("#f_note").press("Enter")
    page.wait_for_load_state("domcontentloaded")
    assert not ServiceRequest.objects.exists()
    # the error is shown in Chinese, next to the field, and has the cursor
    assert "必填" in page.locator("#f_since ~ .invalid-feedback").inner_text()
    assert focused(page)["id"] == "f_since"
    # nothing typed is lost
    assert page.locator("#m1").is_checked() and page.locator("#f_reason_1").is_checked()
    assert page.locator("#f_note").input_value() == "备注内容"


def test_desk_works_on_a_phone(new_page, users, world, reg, menu):
    page = new_page(viewport=PHONE)
    log_in(page, users["station_staff"].username, PASSWORD)
    page.goto(reverse("services:desk") + f"?resident={reg['zhang'].pk}&item={menu['permit'].pk}")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.locator("button[type=submit][accesskey=s]").is_visible()
    page.screenshot(path="/tmp/gongzhi-phone-desk.png", full_page=True)
