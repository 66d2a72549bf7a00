"""The lists of elections, assemblies and public notices as core.tables Tables (sorting,
search, paging, and the workbench's `?todo=` narrowing to exactly a to-do's items)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core.tables import Column, Table
from gongzhi.selfgov.models import Assembly, Election, Notice
from gongzhi.selfgov.todos import register_due_by

PAGE_SIZE = 25


def elections(request) -> Table:
    return Table(
        request,
        Election.objects.visible_to(request.user).select_related("community"),
        columns=[
            Column("title", sortable=True, link="selfgov:election_detail"),
            Column("community.name", _("community"), sortable=True),
            Column("election_day", sortable=True),
            Column("status", sortable=True),
            Column(
                "register_due", _("register published by (legal date)"), accessor=register_due_by
            ),
            Column("seats", sortable=True, css_class="text-end"),
        ],
        search_fields=["title", "community__name"],
        default_sort=("-election_day", "-id"),
        page_size=PAGE_SIZE,
        empty_message=_("No elections yet."),
    )


def assemblies(request) -> Table:
    return Table(
        request,
        Assembly.objects.visible_to(request.user).select_related("community"),
        columns=[
            Column("title", sortable=True, link="selfgov:assembly_detail"),
            Column("community.name", _("community"), sortable=True),
            Column("date", sortable=True),
            Column("kind"),
            Column("status", sortable=True),
        ],
        search_fields=["title", "community__name"],
        default_sort=("-date", "-id"),
        page_size=PAGE_SIZE,
        empty_message=_("No assemblies yet."),
    )


def notices(request) -> Table:
    return Table(
        request,
        Notice.objects.visible_to(request.user).select_related("community"),
        columns=[
            Column("title", sortable=True),
            Column("community.name", _("community"), sortable=True),
            Column("category", sortable=True),
            Column("publish_on", sortable=True),
            Column("expire_on", sortable=True),
            Column("print", "", template="selfgov/_notice_print_cell.html"),
        ],
        search_fields=["title", "community__name"],
        default_sort=("-publish_on", "-id"),
        page_size=PAGE_SIZE,
        empty_message=_("No notices yet."),
    )
