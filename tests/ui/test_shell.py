"""The UI shell (base.html): menu from nav items, phone bottom bar, top bar with user,
roles, language switch and log-out, messages, CSP-safe markup, no external URLs."""

import re

import pytest
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template import Context, Template
from django.urls import path, reverse

from gongzhi.core import nav
from gongzhi.core.nav import NavItem, current_url, menu_for, mobile_menu
from gongzhi.core.templatetags.ui import alert_class
from gongzhi.org.roles import Role
from gongzhi.org.services import roles_of

pytestmark = pytest.mark.django_db

EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["'](?:[a-z][a-z0-9+.-]*:)?//""", re.I)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.I)


def sidebar_links(html: str) -> list[str]:
    block = html.split('id="sidebar"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'href="([^"]+)"', block)


def bottom_links(html: str) -> list[str]:
    if 'id="bottom-nav"' not in html:
        return []
    block = html.split('id="bottom-nav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'href="([^"]+)"', block)


def test_login_page_is_a_clean_shell(client):
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="zh-hans">' in html
    assert "共治" in html and "gongzhi" in html
    assert 'class="visually-hidden-focusable skip-link" href="#main"' in html
    assert 'id="main"' in html
    # language switch: a POST form to Django's set_language
    assert re.search(r'<form class="lang-switch" action="/i18n/setlang/" method="post">', html)
    assert 'name="language" value="en"' in html
    # vendored assets only, all present on disk
    for asset in re.findall(r'(?:src|href)="/static/([^"?]+)"', html):
        assert finders.find(asset), asset
    assert "/static/vendor/htmx/htmx.min.js" in html
    assert "/static/vendor/bootstrap/bootstrap.bundle.min.js" in html
    assert "/static/js/app.js" in html
    assert not EXTERNAL.search(html), EXTERNAL.search(html)
    assert not INLINE_SCRIPT.search(html)
    assert not INLINE_HANDLER.search(html)
    # no menu for an anonymous visitor
    assert 'id="sidebar"' not in html and 'id="bottom-nav"' not in html


@pytest.mark.parametrize(
    "who", ["street_admin", "grid_worker", "resident", "station_staff", "nobody"]
)
def test_menu_shows_exactly_the_entries_the_user_may_open(users, verified_client, who):
    user = users[who]
    html = verified_client(user).get("/").content.decode()
    expected = [item.url for item in menu_for(user)]
    assert sidebar_links(html) == expected
    assert bottom_links(html) == [i.url for i in mobile_menu(menu_for(user))]
    assert len(bottom_links(html)) <= 5


def test_top_bar_shows_name_roles_and_logout(users, verified_client):
    user = users["grid_worker"]
    user.display_name = "张网格"
    user.save()
    html = verified_client(user).get("/").content.decode()
    assert "张网格" in html
    assert str(Role.GRID_WORKER.label) in html  # 网格员 via the zh_Hans catalogue or English msgid
    assert re.search(r'<form action="{}" method="post">'.format(reverse("logout")), html)
    # htmx sends the CSRF token on every request
    assert re.search(r"""hx-headers='\{"X-CSRFToken": "[A-Za-z0-9]+"\}'""", html)
    assert not EXTERNAL.search(html)
    assert not INLINE_SCRIPT.search(html)


def test_role_labels_follow_the_roles_held(users, verified_client):
    html = verified_client(users["street_admin"]).get("/").content.decode()
    box = html.split('class="user-box', 1)[1].split("</div>\n      </div>", 1)[0]
    for role in roles_of(users["street_admin"]):
        assert str(Role(role).label) in box


def test_logout_is_a_post(users, verified_client):
    client = verified_client(users["resident"])
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302  # back to the log-in page


def test_messages_are_alerts(rf, users):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = users["resident"]
    request.session = {}
    request._messages = FallbackStorage(request)
    messages.success(request, "Saved it.")
    messages.error(request, "Broke it.")
    html = render_to_string("base.html", request=request)
    assert 'class="alert alert-success alert-dismissible fade show" role="status"' in html
    assert 'class="alert alert-danger alert-dismissible fade show" role="alert"' in html
    assert "Saved it." in html and "Broke it." in html


def test_alert_class_maps_django_levels():
    assert alert_class("error") == "danger"
    assert alert_class("success") == "success"
    assert alert_class("warning") == "warning"
    assert alert_class("info") == "info"
    assert alert_class("debug") == "secondary"


def _view(request):
    return HttpResponse("ok")


urlpatterns = [
    path("", _view, name="home"),
    path("things/", _view, name="things"),
    path("things/new/", _view, name="new_thing"),
]


def test_nav_entries_whose_url_is_missing_are_left_out(monkeypatch, users):
    items = (
        NavItem(label="Home", url_name="home", permission=None, order=0, mobile=True),
        NavItem(label="Missing", url_name="nowhere:list", permission=None, order=1, mobile=True),
        NavItem(label="Org", url_name="home", permission="org.add_street", order=2),
    )
    monkeypatch.setattr(nav, "all_items", lambda: items)
    assert [i.label for i in menu_for(users["resident"])] == ["Home"]
    assert [i.label for i in menu_for(users["street_admin"])] == ["Home", "Org"]
    assert menu_for(AnonymousUser()) == []


def test_mobile_menu_takes_at_most_five_marked_entries():
    items = [
        NavItem(label=str(n), url_name="home", permission=None, order=n, mobile=n != 2)
        for n in range(9)
    ]
    assert [i.label for i in mobile_menu(items)] == ["0", "1", "3", "4", "5"]


def test_one_menu_entry_is_highlighted_the_longest_match(settings):
    """Issue #18 §5: the entry whose address is the longest prefix of the page's, and only
    that one (a new thing's page is under "New thing", not also under "Things")."""
    settings.ROOT_URLCONF = __name__
    home = NavItem(label="Home", url_name="home", permission=None)
    things = NavItem(label="Things", url_name="things", permission=None)
    new = NavItem(label="New thing", url_name="new_thing", permission=None)
    menu = [home, things, new]
    assert current_url(menu, "/") == "/"
    assert current_url(menu, "/things/") == "/things/"
    assert current_url(menu, "/things/12/") == "/things/"
    assert current_url(menu, "/things/new/") == "/things/new/"
    assert current_url(menu, "/thingsx/") == ""


def test_sidebar_is_grouped_by_task_with_one_entry_highlighted(users, verified_client):
    from django.urls import reverse

    client = verified_client(users["street_admin"])
    page = client.get(reverse("services:request_list")).content.decode()
    sidebar = page[page.index('id="sidebar"') : page.index("</nav>", page.index('id="sidebar"'))]
    headers = re.findall(r'<li class="sidebar-group[^"]*"[^>]*>([^<]+)</li>', sidebar)
    assert headers[:2] == ["窗口服务", "网格"] and headers[-1] == "系统", headers
    active = re.findall(r'<a class="nav-link active" href="([^"]+)"', sidebar)
    assert active == [reverse("services:request_list")]
    assert sidebar.count('aria-current="page"') == 1


def test_nav_icon_renders_bootstrap_icon_or_text():
    t = Template("{% load ui %}{% nav_icon item %}")
    html = t.render(
        Context({"item": NavItem(label="x", url_name="home", permission=None, icon="bi-house")})
    )
    assert html == '<i class="bi bi-house nav-icon" aria-hidden="true"></i>'
    html = t.render(
        Context({"item": NavItem(label="x", url_name="home", permission=None, icon="<b>")})
    )
    assert "&lt;b&gt;" in html


def test_every_declared_nav_item_is_well_formed():
    from django.contrib.auth.models import Permission  # noqa: F401 - app registry loaded

    for item in nav.all_items():
        assert item.label, item
        assert item.icon, item
        assert item.permission is None or "." in item.permission, item


def test_no_menu_before_the_second_factor(client, users):
    """A street admin who has not passed the TOTP step sees no menu (it only leads back)."""
    client.force_login(users["street_admin"])
    response = client.get(reverse("otp-verify"), follow=True)
    html = response.content.decode()
    assert 'id="sidebar"' not in html and 'id="bottom-nav"' not in html
    assert re.search(
        r'<form action="{}" method="post">'.format(reverse("logout")), html
    )  # can leave
