"""The home page per role, and the styled, translated error pages."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.views import defaults

from gongzhi.core.nav import menu_for
from gongzhi.core.views import ROLE_INTRO
from gongzhi.org.roles import Role
from tests.conftest import ROLE_USERS

pytestmark = pytest.mark.django_db


def test_home_sends_visitors_to_log_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "who",
    ROLE_USERS,
)
def test_home_shows_the_roles_held_and_the_pages_they_open(users, verified_client, who):
    user = users[who]
    response = verified_client(user).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    held = response.context["held_roles"]
    assert [h["role"] for h in held] == [who]
    with translation.override("zh-hans"):
        assert escape(str(Role(held[0]["role"]).label)) in html
        assert escape(str(ROLE_INTRO[held[0]["role"]])) in html
    assert escape(str(held[0]["place"])) in html
    assert "no-role" not in html
    cards = response.context["cards"]
    assert cards == [i for i in menu_for(user) if i.url_name != "home"]
    for item in cards:
        assert f'class="quick-link" href="{item.url}"' in html


def test_department_staff_see_their_department(users, verified_client, world):
    html = verified_client(users["department_staff"]).get("/").content.decode()
    assert world["dept"].name in html


def test_a_user_without_a_role_is_told_so(users, verified_client):
    response = verified_client(users["nobody"]).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="alert alert-warning no-role"' in html
    assert response.context["held_roles"] == []
    assert "role-card" not in html


def test_ended_roles_are_not_shown(users, verified_client):
    import datetime

    from gongzhi.org.models import RoleAssignment

    RoleAssignment.objects.filter(user=users["resident"]).update(end_date=datetime.date(2000, 1, 1))
    html = verified_client(users["resident"]).get("/").content.decode()
    assert "no-role" in html


def test_every_role_has_an_introduction():
    assert set(ROLE_INTRO) == set(Role.values)


# --- error pages -------------------------------------------------------------------------


def test_404_is_styled_and_chinese(users, verified_client):
    response = verified_client(users["resident"]).get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="error-page"' in html and ">404<" in html
    assert "页面不存在" in html  # translated
    assert 'id="sidebar"' in html  # inside the shell


def test_404_in_english(users, verified_client):
    client = verified_client(users["resident"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/no/such/page/").content.decode()
    assert "Page not found." in html


def test_403_is_styled(users, verified_client):
    from gongzhi.core.views import permission_denied

    request = RequestFactory().get("/secret/")
    request.user = users["resident"]
    with translation.override("zh-hans"):
        response = permission_denied(request)
    assert response.status_code == 403
    html = response.content.decode()
    assert 'class="error-page"' in html and ">403<" in html
    assert "您无权" in html


def test_500_renders_without_a_request_context():
    request = RequestFactory().get("/")
    with translation.override("zh-hans"):
        response = defaults.server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert ">500<" in html and "/static/css/app.css" in html
    assert "出错了" in html
    with translation.override("en"):
        html = defaults.server_error(request).content.decode()
    assert "Something went wrong on our side." in html


def test_500_from_a_broken_view(client, settings):
    client.raise_request_exception = False
    settings.ROOT_URLCONF = "tests.ui.broken_urls"
    response = client.get("/boom/")
    assert response.status_code == 500
    assert 'class="error-page"' in response.content.decode()


def test_csrf_failure_page(client, users):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert 'class="error-page"' in response.content.decode()
