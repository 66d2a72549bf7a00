"""One table helper for every list page: sorting, search, filters and pagination.

A view builds a `Table` from the request and a queryset that is ALREADY scoped
(`Model.objects.visible_to(user)`); the table only narrows and orders it. The template
renders it with one include, so every list in gongzhi looks and behaves the same (header
sort links with arrows, a search box, "N results", an empty state, pagination, horizontal
scrolling on a phone, and htmx: sorting, searching and paging swap only the table).

View::

    from django.utils.translation import gettext_lazy as _
    from gongzhi.core.tables import Column, Table

    @role_required("org.view_community")
    def community_list(request):
        table = Table(
            request,
            Community.objects.visible_to(request.user).select_related("street"),
            columns=[
                Column("name", sortable=True, link=True),      # link=True: get_absolute_url()
                Column("street.name", _("Street"), sortable=True),  # label from the field if omitted
                Column("structure"),                        # choices: shows the display label
                Column("household_count", sortable=True, css_class="text-end"),
                Column("actions", "", template="org/_community_actions.html"),
            ],
            search_fields=["name", "street__name", "code"],
            default_sort="name",
            filter_form=CommunityFilterForm,   # optional, a plain django.forms.Form
            page_size=25,
        )
        return render(request, "org/community_list.html", {"table": table})

Template::

    {% load ui %}
    {% render_table table %}       {# or {% include "core/_table.html" with table=table %} #}

Query parameters (add `prefix="x-"` to put two tables on one page):

- `?sort=name` / `?sort=-name`: only columns declared `sortable=True` may be sorted on; any
  other value is ignored and `default_sort` applies (never a 500).
- `?q=张 三`: every word must match at least one of `search_fields` (icontains).
- `?page=N`: a page past the end shows the last page; a non-number shows the first.
- the filter form's fields: the valid, non-empty ones filter the queryset, either through the
  form's own `filter_queryset(queryset)` method or as `queryset.filter(field=value)`.

Columns:

- `Column(key, label=None, *, sortable=False, order_by=None, accessor=None, link=None,
  template=None, css_class="")`. `key` is the name used in `?sort=` and, by default, the
  dotted path of the value (`"street.name"`). `order_by` overrides the ORM ordering
  (default: the key with dots as `__`). `accessor` may be a dotted path or a callable
  `obj -> value`. Fields with choices show their label; booleans show 是/否.
- `link`: `True` (the object's `get_absolute_url()`), a URL name (reversed with `obj.pk`)
  or a callable `obj -> url`.
- `template`: a template for the cell, given `row` (the object), `value`, `column`, the
  `request` and its `csrf_token` (so a cell may hold a small POST form). It gets no context
  processors: what a cell needs beyond its row (a permission, choices) comes through
  `accessor` as `value`.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import reduce
from typing import Any

from django.contrib.admin.utils import lookup_spawns_duplicates
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import Model, Q, QuerySet
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import Promise, cached_property
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from gongzhi.core.nav import all_todos

MAX_SEARCH_TERMS = 8
MAX_QUERY_LENGTH = 200


class Column:
    def __init__(
        self,
        key: str,
        label: str | Promise | None = None,
        *,
        sortable: bool = False,
        order_by: str | Sequence[str] | None = None,
        accessor: str | Callable[[Any], Any] | None = None,
        link: bool | str | Callable[[Any], str] | None = None,
        template: str | None = None,
        css_class: str = "",
    ):
        self.key = key
        self._label = label
        self.sortable = sortable
        if order_by is None:
            order_by = key.replace(".", "__")
        self.order_by: tuple[str, ...] = (
            (order_by,) if isinstance(order_by, str) else tuple(order_by)
        )
        self.accessor = accessor if accessor is not None else key
        self.link = link
        self.template = template
        self.css_class = css_class
        self.model: type[Model] | None = None  # set by the table

    # --- header ---------------------------------------------------------------------

    @property
    def label(self) -> str:
        if self._label is not None:
            return str(self._label)
        field = self.field
        if field is not None and hasattr(field, "verbose_name"):
            return capfirst(field.verbose_name)
        return capfirst(self.key.replace("_", " ").replace(".", " "))

    @cached_property
    def field(self):
        """The model field the key names, if it names one."""
        if self.model is None or not isinstance(self.accessor, str):
            return None
        model, field = self.model, None
        for part in self.accessor.replace("__", ".").split("."):
            if model is None:
                return None
            try:
                field = model._meta.get_field(part)
            except FieldDoesNotExist:
                return None
            model = field.related_model if field.is_relation else None
        return field

    # --- cells ----------------------------------------------------------------------

    def value(self, obj) -> Any:
        if callable(self.accessor):
            return self.accessor(obj)
        parts = self.accessor.replace("__", ".").split(".")
        value = obj
        for i, part in enumerate(parts):
            if value is None:
                return None
            last = i == len(parts) - 1
            display = getattr(value, f"get_{part}_display", None) if last else None
            if display is not None and callable(display):
                return display() if getattr(value, part, None) not in (None, "") else None
            value = getattr(value, part, None)
            if callable(value) and not isinstance(value, Model) and not hasattr(value, "all"):
                value = value()
        if hasattr(value, "all") and callable(value.all):  # a to-many manager
            return "、".join(str(v) for v in value.all())
        return value

    def url(self, obj) -> str | None:
        if not self.link:
            return None
        if self.link is True:
            get_url = getattr(obj, "get_absolute_url", None)
            return get_url() if get_url else None
        if callable(self.link):
            return self.link(obj)
        return reverse(self.link, args=[obj.pk])

    def render_template(self, obj, value, request=None) -> str:
        context = {"row": obj, "value": value, "column": self}
        if request is not None:  # a cell with a form (a button) needs its CSRF token
            context.update(request=request, csrf_token=get_token(request))
        return render_to_string(self.template or "", context)


@dataclass
class Cell:
    column: Column
    value: Any
    url: str | None = None
    html: str | None = None

    @property
    def is_bool(self) -> bool:
        return isinstance(self.value, bool)

    @property
    def is_empty(self) -> bool:
        return self.value is None or self.value == ""


@dataclass
class Row:
    obj: Any
    cells: list[Cell]


@dataclass
class Header:
    column: Column
    sort_url: str | None
    direction: str | None  # "asc", "desc" or None

    @property
    def aria_sort(self) -> str | None:
        return {"asc": "ascending", "desc": "descending"}.get(self.direction or "")


class Table:
    template_name = "core/_table.html"

    def __init__(
        self,
        request,
        queryset: QuerySet,
        columns: Iterable[Column],
        *,
        search_fields: Sequence[str] = (),
        default_sort: str | Sequence[str] | None = None,
        page_size: int = 25,
        filter_form=None,
        prefix: str = "",
        table_id: str | None = None,
        empty_message: str | Promise | None = None,
        search_placeholder: str | Promise | None = None,
    ):
        self.request = request
        self.model = queryset.model
        self.columns = list(columns)
        for column in self.columns:
            column.model = self.model
        self.search_fields = tuple(search_fields)
        if isinstance(default_sort, str):
            default_sort = (default_sort,)
        self.default_sort: tuple[str, ...] = tuple(default_sort or ())
        self.page_size = max(1, int(page_size))
        self.prefix = prefix
        self.id = table_id or f"{prefix}table-{self.model._meta.model_name}"
        self.empty_message = empty_message
        self.search_placeholder = search_placeholder
        self.params = request.GET

        self.sort_param, self.q_param, self.page_param = (
            f"{prefix}sort",
            f"{prefix}q",
            f"{prefix}page",
        )
        self.sort = self._parse_sort(self.params.get(self.sort_param, ""))
        self.q = self.params.get(self.q_param, "").strip()[:MAX_QUERY_LENGTH]

        # ?todo=<key>: the workbench's card for this list (core.nav.Todo) — exactly its items.
        self.todo = None
        todo = all_todos().get(self.params.get(f"{prefix}todo", ""))
        if todo is not None and todo.open_to(request.user):
            items = todo.items(request.user)
            if items.model is self.model:
                self.todo = todo
                queryset = queryset.filter(pk__in=items.values("pk"))

        self.filter_form = None
        if filter_form is not None:
            self.filter_form = filter_form(self.params or None, prefix=prefix.rstrip("-") or None)

        self.queryset = self._order(self._search(self._filter(queryset)))

    # --- the pipeline -----------------------------------------------------------------

    def _parse_sort(self, raw: str) -> tuple[Column, bool] | None:
        """(column, descending) for a declared sortable column, else None."""
        descending = raw.startswith("-")
        key = raw[1:] if descending else raw
        for column in self.columns:
            if column.sortable and column.key == key:
                return column, descending
        return None

    def _filter(self, queryset: QuerySet) -> QuerySet:
        form = self.filter_form
        if form is None or not form.is_bound:
            return queryset
        form.is_valid()  # fills cleaned_data with the fields that are valid
        if hasattr(form, "filter_queryset"):
            return form.filter_queryset(queryset)
        lookups = {
            name: value
            for name, value in getattr(form, "cleaned_data", {}).items()
            if value not in (None, "", [], ())
        }
        return queryset.filter(**lookups) if lookups else queryset

    def _search(self, queryset: QuerySet) -> QuerySet:
        if not self.q or not self.search_fields:
            return queryset
        for term in self.q.split()[:MAX_SEARCH_TERMS]:
            queryset = queryset.filter(
                reduce(operator.or_, (Q(**{f"{f}__icontains": term}) for f in self.search_fields))
            )
        if any(lookup_spawns_duplicates(self.model._meta, f) for f in self.search_fields):
            queryset = queryset.distinct()
        return queryset

    def _order(self, queryset: QuerySet) -> QuerySet:
        if self.sort is not None:
            column, descending = self.sort
            ordering: list = [f"-{o.lstrip('-')}" if descending else o for o in column.order_by]
        else:
            ordering = (
                list(self.default_sort)
                or list(queryset.query.order_by)
                or list(self.model._meta.ordering or [])
            )
        # A unique last key keeps pages stable.
        if not any(o.lstrip("-") in ("pk", "id") for o in ordering):
            ordering.append("pk")
        return queryset.order_by(*ordering)

    # --- results --------------------------------------------------------------------

    @cached_property
    def paginator(self) -> Paginator:
        return Paginator(self.queryset, self.page_size)

    @cached_property
    def page(self) -> Page:
        # get_page: a page past the end gives the last one, garbage gives the first.
        return self.paginator.get_page(self.params.get(self.page_param))

    @property
    def count(self) -> int:
        return self.paginator.count

    @cached_property
    def rows(self) -> list[Row]:
        rows = []
        for obj in self.page.object_list:
            cells = []
            for column in self.columns:
                value = column.value(obj)
                cell = Cell(column, value, column.url(obj))
                if column.template:
                    cell.html = mark_safe(column.render_template(obj, value, self.request))
                cells.append(cell)
            rows.append(Row(obj, cells))
        return rows

    @cached_property
    def headers(self) -> list[Header]:
        headers = []
        for column in self.columns:
            if not column.sortable:
                headers.append(Header(column, None, None))
                continue
            direction = None
            if self.sort is not None and self.sort[0] is column:
                direction = "desc" if self.sort[1] else "asc"
            next_sort = f"-{column.key}" if direction == "asc" else column.key
            headers.append(
                Header(
                    column,
                    self.url(**{self.sort_param: next_sort, self.page_param: None}),
                    direction,
                )
            )
        return headers

    @property
    def is_filtered(self) -> bool:
        if self.q or self.todo:
            return True
        form = self.filter_form
        return bool(
            form is not None
            and form.is_bound
            and any(v not in (None, "", [], ()) for v in getattr(form, "cleaned_data", {}).values())
        )

    # --- links ----------------------------------------------------------------------

    def url(self, **changes) -> str:
        """This page's query string with `changes` applied (None removes a parameter)."""
        params = self.params.copy()
        for key, value in changes.items():
            if value is None or value == "":
                params.pop(key, None)
            else:
                params[key] = value
        encoded = params.urlencode()
        return f"?{encoded}" if encoded else self.request.path

    def page_url(self, number) -> str:
        return self.url(**{self.page_param: None if number == 1 else number})

    @property
    def previous_url(self) -> str | None:
        return self.page_url(self.page.previous_page_number()) if self.page.has_previous() else None

    @property
    def next_url(self) -> str | None:
        return self.page_url(self.page.next_page_number()) if self.page.has_next() else None

    @property
    def page_links(self) -> list[tuple[int | None, str | None]]:
        """(number, url) for each pagination link; (None, None) for an ellipsis."""
        links: list[tuple[int | None, str | None]] = []
        for number in self.paginator.get_elided_page_range(
            self.page.number, on_each_side=2, on_ends=1
        ):
            if number == self.paginator.ELLIPSIS:
                links.append((None, None))
            else:
                links.append((int(number), self.page_url(number)))
        return links

    @property
    def hidden_params(self) -> list[tuple[str, str]]:
        """Parameters the search form must carry along (sort; not q, page or the filters)."""
        skip = {self.q_param, self.page_param}
        if self.filter_form is not None:
            skip |= {self.filter_form.add_prefix(name) for name in self.filter_form.fields}
        return [(k, v) for k in self.params for v in self.params.getlist(k) if k not in skip]

    def render(self) -> str:
        return render_to_string(self.template_name, {"table": self}, request=self.request)

    def __html__(self) -> str:
        return self.render()

    def __str__(self) -> str:
        return self.render()
