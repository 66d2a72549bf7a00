"""Reading the workbench as its markup contract says (issue #18): each card carries
`data-todo="<key>"` and `data-count="<n>"`, and its link is the list narrowed to its items."""

import re

from django.urls import reverse


def home(client) -> str:
    return client.get(reverse("home")).content.decode()


def card(page: str, key: str) -> int | None:
    """The count on the card `key`, or None when the page has no such card."""
    found = re.search(rf'href="[^"]+" data-todo="{key}" data-count="(\d+)"', page)
    return int(found.group(1)) if found else None


def listed(client, page: str, key: str, row_pattern: str) -> list[str]:
    """The ids the card's link lists (`row_pattern` captures one id per row link)."""
    href = re.search(rf'href="([^"]+)" data-todo="{key}"', page).group(1).replace("&amp;", "&")
    listing = client.get(href).content.decode()
    assert f'data-todo-filter="{key}"' in listing  # the list says it is narrowed
    return sorted(set(re.findall(row_pattern, listing)), key=int)
