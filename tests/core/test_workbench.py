"""The workbench (工作台): each app declares its to-dos (core.nav.Todo) and the home page
shows a card per kind the user's roles have, with `data-todo`/`data-count`, linking to the
list narrowed to exactly those items (`?todo=<key>` in core.tables.Table)."""

import re
import types

import pytest
from django.urls import reverse

from gongzhi.core import nav
from gongzhi.core.nav import Todo
from gongzhi.org.models import Community

pytestmark = pytest.mark.django_db


@pytest.fixture
def c1_only(monkeypatch, world):
    todo = Todo(
        "test-c1",
        "Only C1",
        "org.view_community",
        lambda user: Community.objects.visible_to(user).filter(code="001"),
        "org:community_list",
    )
    never = Todo("test-never", "Nobody", "org.no_such_permission", Community.objects.all, "home")
    module = types.SimpleNamespace(TODOS=[todo, never])
    monkeypatch.setattr(nav, "_nav_modules", lambda: (module,))
    nav.all_todos.cache_clear()
    yield todo
    nav.all_todos.cache_clear()


def rows(html: str) -> set[str]:
    return set(re.findall(r'href="/org/community/(\d+)/edit/"', html))


def test_the_card_count_is_the_length_of_the_list_it_links_to(
    c1_only, users, verified_client, world
):
    client = verified_client(users["street_admin"])
    page = client.get(reverse("home")).content.decode()
    assert f'href="{c1_only.url}" data-todo="test-c1" data-count="1"' in page
    assert 'data-todo="test-never"' not in page  # a permission the role lacks: no card
    listed = client.get(c1_only.url).content.decode()
    assert rows(listed) == {str(world["c1"].pk)}  # exactly the item
    assert 'data-todo-filter="test-c1"' in listed
    everything = client.get(reverse("org:community_list")).content.decode()
    assert rows(everything) == {str(world["c1"].pk), str(world["c2"].pk)}  # the whole list


def test_an_unknown_or_foreign_todo_key_leaves_the_list_whole(
    c1_only, users, verified_client, world
):
    client = verified_client(users["street_admin"])
    page = client.get(reverse("org:community_list") + "?todo=test-never").content.decode()
    assert len(rows(page)) == 2 and "data-todo-filter" not in page
    page = client.get(reverse("org:community_list") + "?todo=nope").content.decode()
    assert len(rows(page)) == 2
