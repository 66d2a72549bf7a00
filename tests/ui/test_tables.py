"""core.tables.Table: declared sorting only, search, filters, pagination, rendering."""

import re

import pytest
from django import forms
from django.template import Context, Template
from django.test import RequestFactory

from gongzhi.core.tables import Column, Table
from gongzhi.org.models import Community, Grid

pytestmark = pytest.mark.django_db

rf = RequestFactory()


def make_table(query="", **kwargs):
    kwargs.setdefault("search_fields", ["name", "street__name", "code"])
    kwargs.setdefault("default_sort", "name")
    columns = kwargs.pop("columns", None) or [
        Column("name", sortable=True),
        Column("street.name", "Street", sortable=True),
        Column("structure"),
        Column("household_count", sortable=True, css_class="text-end"),
        Column("multi_ethnic"),
        Column("address"),
    ]
    return Table(
        rf.get("/communities/" + query), Community.objects.all(), columns=columns, **kwargs
    )


def names(table):
    return [row.obj.name for row in table.rows]


@pytest.fixture
def many(world):
    for n in range(4, 13):
        Community.objects.create(
            street=world["s1"],
            name=f"社区{n:02d}",
            code=f"{n:03d}",
            structure="party_committee",
            household_count=100 + n,
        )
    return world


def test_sort_on_a_declared_column(world):
    assert names(make_table("?sort=household_count")) == ["和谐社区", "莫愁社区", "幸福社区"]
    assert names(make_table("?sort=-household_count")) == ["幸福社区", "莫愁社区", "和谐社区"]
    table = make_table("?sort=-street.name")
    assert table.sort[0].key == "street.name" and table.sort[1] is True
    assert [r.obj.street.name for r in table.rows] == ["青山街道", "青山街道", "建邺街道"]


@pytest.mark.parametrize(
    "bad",
    ["structure", "password", "street__password", "-", "", "__class__", "name;drop", "-address"],
)
def test_sort_on_anything_else_falls_back_to_the_default(world, bad):
    table = make_table(f"?sort={bad}")
    assert table.sort is None
    assert names(table) == sorted(names(table))  # default_sort="name"
    assert table.render()  # renders, no 500


def test_unknown_sort_through_a_view_is_not_a_500(users, verified_client):
    client = verified_client(users["resident"])
    assert client.get("/?sort=__nope&page=999&q=x").status_code == 200


def test_header_links_toggle_direction_and_keep_the_search(world):
    table = make_table("?q=社区&sort=name&page=2")
    headers = {h.column.key: h for h in table.headers}
    assert headers["name"].direction == "asc"
    assert headers["name"].aria_sort == "ascending"
    assert "sort=-name" in headers["name"].sort_url
    assert "q=" in headers["name"].sort_url and "page=" not in headers["name"].sort_url
    assert headers["household_count"].direction is None
    assert "sort=household_count" in headers["household_count"].sort_url
    assert headers["structure"].sort_url is None  # not sortable: no link
    desc = {h.column.key: h for h in make_table("?sort=-name").headers}
    assert desc["name"].direction == "desc" and "sort=name" in desc["name"].sort_url


def test_q_filters_on_every_word(world):
    assert names(make_table("?q=幸福")) == ["幸福社区"]
    assert sorted(names(make_table("?q=青山"))) == ["和谐社区", "幸福社区"]  # through street__name
    assert names(make_table("?q=青山 和谐")) == ["和谐社区"]  # every word must match
    assert names(make_table("?q=nothing-like-this")) == []
    assert make_table("?q=%20%20").q == ""
    assert len(make_table("?q=" + "x" * 5000).q) == 200


def test_q_without_search_fields_does_nothing(world):
    assert len(names(make_table("?q=幸福", search_fields=[]))) == 3


def test_search_across_a_to_many_relation_gives_each_row_once(world):
    # communities with two matching grids must not appear twice
    Grid.objects.filter(community=world["c1"]).update(name="东区")
    table = Table(
        rf.get("/?q=东区"),
        Community.objects.all(),
        columns=[Column("name")],
        search_fields=["grids__name"],
    )
    assert names(table) == ["幸福社区"]
    assert table.count == 1


def test_pagination(many):
    table = make_table("?page=2", page_size=5)
    assert table.count == 12
    assert table.paginator.num_pages == 3
    assert table.page.number == 2 and len(table.rows) == 5
    assert table.previous_url == "/communities/" and "page=3" in table.next_url


@pytest.mark.parametrize("page", ["999", "4"])
def test_page_out_of_range_shows_the_last_page(many, page):
    table = make_table(f"?page={page}", page_size=5)
    assert table.page.number == 3
    assert len(table.rows) == 2


@pytest.mark.parametrize("page", ["abc", "-1", "0", "1.5", ""])
def test_bad_page_number_shows_a_page(many, page):
    table = make_table(f"?page={page}", page_size=5)
    assert table.page.number in (1, 3)
    assert table.rows


def test_pages_do_not_overlap_when_sort_keys_tie(many):
    Community.objects.update(household_count=300)
    seen = []
    for page in (1, 2, 3):
        seen += [
            r.obj.pk for r in make_table(f"?sort=household_count&page={page}", page_size=5).rows
        ]
    assert sorted(seen) == sorted(Community.objects.values_list("pk", flat=True))


def test_cells_show_choice_labels_booleans_and_links(world):
    table = make_table(
        "?q=幸福",
        columns=[
            Column("name", link=lambda c: f"/c/{c.pk}/"),
            Column("structure"),
            Column("multi_ethnic"),
            Column("address"),
            Column("street", "Street"),
            Column("grids", "Grids"),
            Column("info", "Info", accessor=lambda c: c.household_count * 2),
        ],
    )
    cells = table.rows[0].cells
    assert cells[0].url == f"/c/{world['c1'].pk}/"
    assert cells[1].value == world["c1"].get_structure_display()
    assert cells[2].is_bool and cells[2].value is False
    assert cells[3].is_empty
    assert cells[4].value == world["s1"]
    assert cells[5].value.count("、") == 1  # two grids joined
    assert cells[6].value == 1300


def test_a_cell_template_gets_its_value_and_a_csrf_token(world, tmp_path, settings):
    """A cell may hold a small POST form: its template gets the request's CSRF token."""
    (tmp_path / "cell.html").write_text(
        "<form method='post'>{% csrf_token %}{{ value.label }}</form>", encoding="utf-8"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0].get("DIRS", [])]}
    ]
    table = make_table(
        "?q=幸福",
        columns=[Column("form", "", accessor=lambda c: {"label": c.code}, template="cell.html")],
    )
    html = table.rows[0].cells[0].html
    assert 'name="csrfmiddlewaretoken"' in html and ">001</form>" in html


def test_labels_come_from_model_fields(world):
    table = make_table()
    labels = [h.column.label for h in table.headers]
    assert labels[0] == Community._meta.get_field("name").verbose_name.capitalize()
    assert labels[3] == Community._meta.get_field("household_count").verbose_name.capitalize()
    assert labels[1] == "Street"


class StructureFilter(forms.Form):
    structure = forms.ChoiceField(choices=[("", "—"), *Community.Structure.choices], required=False)
    min_households = forms.IntegerField(required=False)


class HouseholdFilter(forms.Form):
    min_households = forms.IntegerField(required=False)

    def filter_queryset(self, queryset):
        value = self.cleaned_data.get("min_households")
        return queryset.filter(household_count__gte=value) if value is not None else queryset


def test_filter_form_filters_with_its_valid_fields(world):
    t = make_table("?structure=party_committee", filter_form=StructureFilter)
    assert sorted(names(t)) == ["和谐社区"]
    assert t.is_filtered
    t = make_table("?structure=not-a-choice", filter_form=StructureFilter)
    assert len(names(t)) == 3  # invalid value ignored, error shown
    assert t.filter_form.errors
    t = make_table("?min_households=500", filter_form=HouseholdFilter)
    assert sorted(names(t)) == ["幸福社区", "莫愁社区"]
    t = make_table("?min_households=lots", filter_form=HouseholdFilter)
    assert len(names(t)) == 3


def test_render_has_sort_arrows_search_count_and_pages(many, rf):
    request = rf.get("/communities/?sort=-household_count&q=社区")
    table = Table(
        request,
        Community.objects.all(),
        columns=[Column("name", sortable=True), Column("household_count", sortable=True)],
        search_fields=["name"],
        page_size=5,
    )
    html = Template("{% load ui %}{% render_table table %}").render(
        Context({"table": table, "request": request})
    )
    assert 'id="table-community"' in html
    assert 'aria-sort="descending"' in html and "▼" in html and "⇅" in html
    assert 'type="search"' in html and 'value="社区"' in html
    assert 'name="sort" value="-household_count"' in html  # the search keeps the sort
    count = html.split("table-count", 1)[1].split("</span>", 1)[0]
    assert re.search(r"\b12\b", count)
    assert 'class="pagination' in html and 'rel="next"' in html
    assert 'class="table-responsive"' in html
    assert "<script" not in html


def test_render_empty_states(world, rf):
    request = rf.get("/x/?q=zzz")
    table = Table(
        request, Community.objects.all(), columns=[Column("name")], search_fields=["name"]
    )
    html = table.render()
    assert "table-empty" in html and "<table" not in html
    table = Table(
        rf.get("/x/"),
        Community.objects.none(),
        columns=[Column("name")],
        empty_message="No communities yet",
    )
    assert "No communities yet" in table.render()
    assert "pagination" not in table.render()


def test_two_tables_on_one_page_use_prefixes(world):
    request = rf.get("/?a-sort=-name&b-q=和谐")
    a = Table(
        request,
        Community.objects.all(),
        columns=[Column("name", sortable=True)],
        prefix="a-",
        search_fields=["name"],
    )
    b = Table(
        request,
        Community.objects.all(),
        columns=[Column("name", sortable=True)],
        prefix="b-",
        search_fields=["name"],
    )
    assert a.sort and a.sort[1] is True and a.q == ""
    assert b.sort is None and names(b) == ["和谐社区"]
    assert a.id != b.id
