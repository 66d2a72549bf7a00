"""End to end in Chromium: log-in per role (with TOTP for the street admin), the menu,
the language switch, lock-out, scoping by URL and the phone layout."""

import pytest

from gongzhi.core import otp
from gongzhi.core.nav import menu_for, mobile_menu
from tests.browser.conftest import PHONE, log_in, path_of
from tests.conftest import PASSWORD, ROLE_USERS

pytestmark = pytest.mark.browser

TOTP_KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test key, hex

ROLES = [*ROLE_USERS, "nobody"]


def sidebar_entries(page):
    links = page.locator("#sidebar a.nav-link")
    return [
        (links.nth(i).get_attribute("href"), links.nth(i).inner_text().strip())
        for i in range(links.count())
    ]


def expected_entries(user):
    return [(item.url, str(item.label)) for item in menu_for(user)]


@pytest.mark.parametrize("who", ROLES)
def test_each_role_logs_in_and_sees_exactly_its_menu(page, users, who):
    user = users[who]
    key = None
    if who == "street_admin":
        otp.install_key(user, TOTP_KEY)
        key = TOTP_KEY
    log_in(page, user.username, PASSWORD, totp_key=key)
    assert path_of(page) == "/", page.url
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    from django.utils import translation

    with translation.override("zh-hans"):
        expected = expected_entries(user)
    assert sidebar_entries(page) == expected
    assert page.locator("#sidebar").is_visible()
    assert not page.locator("#bottom-nav").is_visible()  # desktop: no bottom bar
    if who == "nobody":
        assert page.locator(".no-role").is_visible()
    else:
        assert page.locator(".role-card").count() >= 1


def test_street_admin_without_the_code_stays_at_the_totp_step(page, users):
    user = users["street_admin"]
    otp.install_key(user, TOTP_KEY)
    log_in(page, user.username, PASSWORD)
    page.goto("/")
    assert path_of(page) == "/accounts/otp/"
    wrong = "000000" if otp.current_code(otp.confirmed_device(user)) != "000000" else "111111"
    page.fill("input[name=code]", wrong)
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state("domcontentloaded")
    assert path_of(page) == "/accounts/otp/"
    assert page.locator(".invalid-feedback, .alert-danger").count() >= 1
    assert page.locator("#sidebar a.nav-link").count() == 0


def test_language_switch_zh_to_en(page, users):
    log_in(page, users["grid_worker"].username, PASSWORD)
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert "退出" in page.locator("header").inner_text()
    page.locator("form.lang-switch button").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("html").get_attribute("lang") == "en"
    header = page.locator("header").inner_text()
    assert "Log out" in header and "Grid worker" in header
    from django.utils import translation

    with translation.override("en"):
        assert sidebar_entries(page) == expected_entries(users["grid_worker"])
    # and back
    page.locator("form.lang-switch button").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("html").get_attribute("lang") == "zh-hans"


def test_five_wrong_passwords_lock_the_account(page, users):
    user = users["resident"]
    for _ in range(5):
        log_in(page, user.username, "wrong-password-123")
        assert path_of(page) == "/accounts/login/"
    log_in(page, user.username, PASSWORD)  # the right one, too late
    assert "锁定" in page.locator("main h1").inner_text()  # 账户已锁定: "Account locked"
    assert page.locator("#sidebar").count() == 0
    page.goto("/")
    assert path_of(page) == "/accounts/login/"  # not signed in


def test_a_community_user_cannot_open_another_community_by_url(page, users, world):
    log_in(page, users["party_secretary"].username, PASSWORD)
    own = page.goto(f"/org/communities/{world['c1'].pk}/")
    assert own.status == 200
    for other in ("c2", "c3"):
        response = page.goto(f"/org/communities/{world[other].pk}/")
        assert response.status == 404, other
        assert page.locator(".error-page").is_visible()
        assert world[other].name not in page.locator("main").inner_text()


def test_phone_shows_the_bottom_bar_and_hides_the_sidebar(new_page, users):
    page = new_page(viewport=PHONE)
    user = users["grid_worker"]
    log_in(page, user.username, PASSWORD)
    assert page.locator("#bottom-nav").is_visible()
    assert not page.locator("#sidebar").is_visible()
    links = page.locator("#bottom-nav a")
    assert 1 <= links.count() <= 5
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
        i.url for i in mobile_menu(menu_for(user))
    ]
    # the bottom bar sits at the bottom of the screen, over the full width
    box = page.locator("#bottom-nav").bounding_box()
    assert box["y"] + box["height"] == pytest.approx(PHONE["height"], abs=1)
    assert box["width"] == pytest.approx(PHONE["width"], abs=1)
    # nothing sticks out sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path="/tmp/gongzhi-phone-home.png", full_page=False)
    # the menu button opens the full menu
    page.locator("header [data-bs-toggle=offcanvas]").click()
    page.locator("#sidebar.show").wait_for()
    assert page.locator("#sidebar").is_visible()


def test_desktop_screenshot(page, users):
    otp.install_key(users["street_admin"], TOTP_KEY)
    log_in(page, "street_admin", PASSWORD, totp_key=TOTP_KEY)
    page.screenshot(path="/tmp/gongzhi-desktop-home.png", full_page=True)
    assert page.locator("#sidebar").is_visible()


def test_table_sorts_searches_and_scrolls_on_a_phone(new_page, users, world, settings):
    from gongzhi.org.models import Community

    settings.ROOT_URLCONF = "tests.browser.table_urls"
    for n in range(10, 35):
        Community.objects.create(
            street=world["s1"],
            name=f"测试社区{n}",
            code=f"{n:03d}",
            structure="party_committee",
            household_count=100 + n,
        )
    page = new_page(viewport=PHONE)
    log_in(page, users["street_staff"].username, PASSWORD)
    page.goto("/table-test/")
    table = page.locator(".data-table")
    assert "27" in table.locator(".table-count").inner_text()  # 25 + c1 + c2 of street S1
    assert table.locator("tbody tr").count() == 10
    # the table scrolls sideways inside its box; the page itself does not
    wrapper = table.locator(".table-responsive")
    assert wrapper.evaluate("el => el.scrollWidth > el.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path="/tmp/gongzhi-phone-table.png")

    # sort by households, descending on the second click (htmx swaps the table, URL follows)
    table.locator("th a.sort-link").nth(3).click()  # household count
    page.wait_for_url("**sort=household_count**")
    page.locator(".data-table th[aria-sort=ascending]").wait_for()
    page.locator(".data-table th a.sort-link.sorted").click()
    page.wait_for_url("**sort=-household_count**")
    page.locator(".data-table th[aria-sort=descending]").wait_for()
    assert page.locator(".data-table tbody tr").first.inner_text().startswith("幸福社区")  # 650
    assert page.locator(".data-table tbody tr").nth(2).inner_text().startswith("测试社区34")

    # typing in the search box filters without a page load
    page.fill(".data-table input[type=search]", "测试社区2")
    page.wait_for_url("**q=**")
    page.locator(".data-table .table-count", has_text="10").wait_for()
    assert page.locator(".data-table tbody tr").count() == 10

    # next page
    page.fill(".data-table input[type=search]", "")
    page.locator(".data-table .table-count", has_text="27").wait_for()
    page.locator(".data-table a[rel=next]").click()
    page.wait_for_url("**page=2**")
    assert page.locator(".data-table .pagination .active").inner_text().strip() == "2"
