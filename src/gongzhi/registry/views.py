"""Registry screens: residents, their accounts, tags, search, and the grid worker's phone
pages (buildings: views_buildings; households and visits: views_households). Thin views: rows come from `visible_to(user)` (out of scope is 404), rules run
in registry.actions, errors go back on the form (refusals out of the actor's place: 403)."""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.core import audit
from gongzhi.core.masking import birth_year, mask_name
from gongzhi.core.tables import Column, Table
from gongzhi.core.views_base import role_required
from gongzhi.org.models import Grid
from gongzhi.registry import actions, forms, queries
from gongzhi.registry import search as registry_search
from gongzhi.registry.choices import ResidentStatus
from gongzhi.registry.models import (
    Household,
    Resident,
    Tag,
    Visit,
)
from gongzhi.registry.views_common import _form_page, _household, _resident, _run

# --- residents ----------------------------------------------------------------------------


class ResidentListFilter(forms.ResidentFilterForm):
    def filter_queryset(self, qs):
        d = getattr(self, "cleaned_data", {})
        name = (d.get("q") or "").strip()
        if name:
            lower = name.lower().replace(" ", "")
            qs = qs.filter(
                Q(name__startswith=name)
                | Q(name_pinyin__startswith=lower)
                | Q(name_initials__startswith=lower)
            )
        if d.get("grid"):
            qs = qs.filter(grid=d["grid"])
        if d.get("tag"):
            qs = qs.filter(tag_links__tag=d["tag"])
        if d.get("status"):
            qs = qs.filter(status=d["status"])
        if d.get("residence_type"):
            qs = qs.filter(residence_type=d["residence_type"])
        if d.get("age"):
            qs = qs.filter(queries.age_filter(int(d["age"])))
        return qs


@role_required("registry.view_resident")
def resident_list(request):
    user = request.user
    qs = Resident.objects.visible_to(user).select_related("community", "grid", "household")
    table = Table(
        request,
        qs,
        columns=[
            Column("name", sortable=True, link="registry:resident_detail"),
            Column("id_number_masked", gettext_lazy("ID number")),
            Column("sex"),
            # The birth year, sorted by year: the day would narrow the masked ID number.
            Column(
                "birth_year",
                gettext_lazy("birth year"),
                sortable=True,
                order_by="birth_date__year",
                accessor=lambda r: birth_year(r.birth_date),
            ),
            Column("household.address", gettext_lazy("address")),
            Column("grid", gettext_lazy("grid")),
            Column("residence_type"),
            Column("status"),
        ],
        default_sort="name",
        filter_form=lambda data, prefix=None: ResidentListFilter(data, prefix=prefix, user=user),
    )
    return render(
        request,
        "registry/resident_list.html",
        {
            "table": table,
            "can_add": user.has_perm("registry.add_resident"),
        },
    )


@role_required("registry.view_resident")
def resident_detail(request, pk):
    resident = _resident(request, pk)
    user = request.user
    return render(
        request,
        "registry/resident_detail.html",
        {
            "resident": resident,
            "tags": resident.tag_links.select_related("tag"),
            "events": resident.events.select_related(
                "recorded_by", "from_household", "to_household"
            ),
            "can_change": user.has_perm("registry.change_resident"),
            "history": audit.history(resident)[:20]
            if user.has_perm("core.view_auditentry")
            else None,
            "active": resident.status == ResidentStatus.ACTIVE,
            "can_link": user.has_perm("registry.link_account"),
            "age_group": queries.age_group(resident.birth_date),
        },
    )


@role_required("registry.add_resident")
def resident_create(request):
    household = None
    hid = request.GET.get("household") or request.POST.get("household_id")
    if hid:
        household = _household(request, hid)
    form = forms.ResidentForm(request.POST or None, user=request.user, household=household)
    if request.method == "POST" and form.is_valid():
        r = _run(
            form,
            lambda: actions.do_register_resident(
                request.user,
                household or (form.instance.community if form.instance.community_id else None),
                form.instance,
                relation=form.cleaned_data.get("relation", ""),
            ),
        )
        if r is not None:
            messages.success(request, _("Resident registered."))
            for w in getattr(r, "id_warnings", []):
                messages.warning(request, w)
            return redirect("registry:resident_detail", pk=r.pk)
    title = _("New resident")
    if household:
        title = _("New member of household %(number)s") % {"number": household.number}
    return render(
        request,
        "registry/form.html",
        {
            "form": form,
            "title": title,
            "submit": _("Register"),
            "hidden": {"household_id": household.pk} if household else {},
            "back": reverse("registry:household_detail", args=[household.pk])
            if household
            else reverse("registry:resident_list"),
        },
    )


@role_required("registry.change_resident")
def resident_edit(request, pk):
    resident = _resident(request, pk)
    form = forms.ResidentForm(request.POST or None, instance=resident, user=request.user)
    if request.method == "POST" and form.is_valid():
        r = _run(form, lambda: actions.do_update_resident(request.user, form.instance))
        if r is not None:
            messages.success(request, _("Resident saved."))
            return redirect("registry:resident_detail", pk=pk)
    return _form_page(
        request,
        form,
        title=_("Edit %(name)s") % {"name": resident.name},
        obj=resident,
        back=reverse("registry:resident_detail", args=[pk]),
    )


def _resident_action(request, pk, form_class, title, action, success, form_kwargs=None):
    resident = _resident(request, pk)
    form = form_class(request.POST or None, **(form_kwargs(resident) if form_kwargs else {}))
    if request.method == "POST" and form.is_valid():
        done = _run(form, lambda: action(resident, form.cleaned_data))
        if done is not None:
            messages.success(request, success)
            nxt = request.POST.get("next", "")
            if nxt.startswith("/") and not nxt.startswith("//"):
                return redirect(nxt)
            return redirect("registry:resident_detail", pk=pk)
    return render(
        request,
        "registry/form.html",
        {
            "form": form,
            "title": title % {"name": resident.name},
            "object": resident,
            "back": reverse("registry:resident_detail", args=[pk]),
            "submit": _("Save"),
            "hidden": {"next": request.GET.get("next", request.POST.get("next", ""))},
        },
    )


@role_required("registry.change_resident")
def resident_move_out(request, pk):
    return _resident_action(
        request,
        pk,
        forms.MoveOutForm,
        _("%(name)s moves out"),
        lambda r, d: actions.do_move_out(request.user, r, date=d["date"], note=d["note"]),
        _("Move-out recorded."),
    )


@role_required("registry.change_resident")
def resident_death(request, pk):
    return _resident_action(
        request,
        pk,
        forms.DeathForm,
        _("Record the death of %(name)s"),
        lambda r, d: actions.do_record_death(request.user, r, died_on=d["died_on"], note=d["note"]),
        _("Death recorded."),
    )


@role_required("registry.change_resident")
def resident_phone(request, pk):
    return _resident_action(
        request,
        pk,
        forms.PhoneForm,
        _("New phone number for %(name)s"),
        lambda r, d: actions.do_update_phone(request.user, r, d["phone"]),
        _("Phone number changed."),
    )


@role_required("registry.change_resident")
def resident_transfer(request, pk):
    resident = _resident(request, pk)
    active = resident.status == ResidentStatus.ACTIVE and resident.household_id

    def act(r, d):
        fn = actions.do_transfer if active else actions.do_move_in
        return fn(
            request.user, r, d["household"], relation=d["relation"], date=d["date"], note=d["note"]
        )

    return _resident_action(
        request,
        pk,
        forms.TransferForm,
        _("%(name)s changes household") if active else _("%(name)s moves in"),
        act,
        _("Household changed.") if active else _("Move-in recorded."),
        form_kwargs=lambda r: {"user": request.user, "exclude": r.household},
    )


@role_required("registry.change_resident")
def resident_tags(request, pk):
    resident = _resident(request, pk)
    form = forms.ResidentTagForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("remove"):
            tag = Tag.objects.filter(pk=request.POST["remove"]).first()
            if tag is not None:
                actions.do_remove_tag(request.user, resident, tag)
                messages.success(request, _("Removed from %(tag)s.") % {"tag": tag.name})
            return redirect("registry:resident_tags", pk=pk)
        if form.is_valid():
            d = form.cleaned_data
            link = _run(
                form,
                lambda: actions.do_set_tag(
                    request.user,
                    resident,
                    d["tag"],
                    grade=d["grade"],
                    since=d["since"],
                    note=d["note"],
                ),
            )
            if link is not None:
                messages.success(request, _("Special group saved."))
                return redirect("registry:resident_tags", pk=pk)
    return render(
        request,
        "registry/resident_tags.html",
        {
            "resident": resident,
            "form": form,
            "tags": resident.tag_links.select_related("tag"),
        },
    )


# --- a resident's own account ---------------------------------------------------------------


@role_required("registry.link_account")
def resident_account(request, pk):
    """At the window: link the person's log-in to this record after checking the ID card."""
    resident = _resident(request, pk)
    form = forms.LinkAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _run(
            form,
            lambda: actions.do_link_account(request.user, resident, form.cleaned_data["username"]),
        )
        if done is not None:
            messages.success(request, _("The account is linked."))
            return redirect("registry:resident_detail", pk=pk)
    return render(
        request,
        "registry/resident_account.html",
        {"resident": resident, "form": form, "account": resident.account},
    )


@require_POST
@role_required("registry.link_account")
def resident_account_unlink(request, pk):
    resident = _resident(request, pk)
    try:
        actions.do_unlink_account(request.user, resident)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The account is no longer linked."))
    return redirect("registry:resident_detail", pk=pk)


@role_required("registry.verify_own_identity")
def verify_identity(request):
    """A resident proves who they are; their online requests then carry their record."""
    linked = queries.linked_resident(request.user)
    form = forms.IdentityForm(request.POST or None)
    if request.method == "POST" and linked is None and form.is_valid():
        d = form.cleaned_data
        done = _run(
            form,
            lambda: actions.verify_own_identity(
                request.user,
                name=d["name"],
                id_number=d["id_number"],
                phone_last4=d["phone_last4"],
            ),
        )
        if done is not None:
            messages.success(request, _("Thank you: your account is linked to your record."))
            return redirect("registry:verify_identity")
    return render(
        request,
        "registry/verify_identity.html",
        {
            "form": form,
            "linked": linked,
            "linked_name": mask_name(linked.name) if linked else "",
            "left": queries.identity_checks_left(request.user),
        },
    )


# --- tags ---------------------------------------------------------------------------------


@role_required("registry.view_tag")
def tag_list(request):
    columns = [
        Column("name", sortable=True),
        Column("code", sortable=True, template="registry/_code_cell.html"),
        Column("has_grade", sortable=True),
        Column("sensitive", sortable=True),
        Column("n", gettext_lazy("residents"), sortable=True, css_class="text-end"),
    ]
    if request.user.has_perm("registry.change_tag"):
        columns.append(
            Column(
                "edit",
                "",
                accessor=lambda t: _("Edit"),
                link="registry:tag_edit",
                css_class="text-end",
            )
        )
    table = Table(
        request,
        Tag.objects.annotate(n=Count("links")),
        columns=columns,
        search_fields=["name", "code"],
        default_sort=("order", "code"),
        page_size=50,
    )
    return render(
        request,
        "registry/tag_list.html",
        {
            "table": table,
            "computed": queries.COMPUTED_AGE_GROUPS,
            "can_add": request.user.has_perm("registry.add_tag"),
        },
    )


@role_required("registry.add_tag")
def tag_create(request):
    form = forms.TagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _run(form, lambda: actions.do_create_tag(request.user, form.instance)) is not None:
            messages.success(request, _("Special group saved."))
            return redirect("registry:tag_list")
    return _form_page(
        request, form, title=_("New special group"), back=reverse("registry:tag_list")
    )


@role_required("registry.change_tag")
def tag_edit(request, pk):
    tag = Tag.objects.filter(pk=pk).first()
    if tag is None:
        raise Http404
    form = forms.TagForm(request.POST or None, instance=tag)
    if request.method == "POST" and form.is_valid():
        if _run(form, lambda: actions.do_update_tag(request.user, form.instance)) is not None:
            messages.success(request, _("Special group saved."))
            return redirect("registry:tag_list")
    return _form_page(
        request, form, title=_("Edit special group"), back=reverse("registry:tag_list")
    )


# --- search -------------------------------------------------------------------------------


# Four or more digits in a row: an ID number, a phone number or a part of one.
_SENSITIVE_QUERY = re.compile(r"\d{4}")


@role_required("registry.view_resident")
def search_page(request):
    """The form posts: a query in the URL would land in the access logs of nginx and
    gunicorn, and an ID or phone number must not. A GET link still searches names, but a GET
    carrying a number is answered with the empty form, unsearched."""
    if request.method == "POST":
        q = request.POST.get("q", "")
    else:
        q = request.GET.get("q", "")
        if _SENSITIVE_QUERY.search(q):
            return redirect("registry:search")
    results = registry_search.search(request.user, q, limit=50) if q.strip() else []
    return render(request, "registry/search.html", {"q": q, "results": results})


# --- the grid worker's phone pages --------------------------------------------------------


def _my_grids(user):
    return Grid.objects.visible_to(user).select_related("community__street")


@role_required("registry.view_household")
def my_grid(request):
    grids = list(_my_grids(request.user)[:50])
    cards = []
    for grid in grids[:10]:
        households = Household.objects.filter(grid=grid)
        residents = Resident.objects.filter(grid=grid)
        cards.append(
            {
                "grid": grid,
                "load": queries.grid_load(grid),
                "figures": queries.key_figures(residents, households),
                "follow_ups": Visit.objects.filter(
                    household__grid=grid, follow_up_needed=True, followed_up_at__isnull=True
                ).count(),
            }
        )
    try:
        map_url = reverse("registry:grid_map")
    except Exception:
        map_url = None
    return render(
        request,
        "registry/my_grid.html",
        {
            "cards": cards,
            "more": len(grids) > 10,
            "map_url": map_url,
        },
    )


@role_required("registry.view_household")
def my_households(request):
    qs = Household.objects.visible_to(request.user).filter(active=True).select_related("head")
    q = request.GET.get("q", "").strip()[:100]
    if q:
        qs = qs.filter(
            Q(address__startswith=q) | Q(number__startswith=q) | Q(head__name__startswith=q)
        )
    grid = request.GET.get("grid")
    if grid and grid.isdigit():
        qs = qs.filter(grid_id=int(grid))
    table = Table(
        request,
        qs.annotate(n=Count("members", filter=Q(members__status=ResidentStatus.ACTIVE))),
        columns=[
            Column("address", sortable=True, link="registry:household_detail"),
            Column("head.name", gettext_lazy("head of household")),
            Column("n", gettext_lazy("members"), css_class="text-end"),
        ],
        default_sort=("address", "number"),
        page_size=30,
    )
    return render(request, "registry/my_households.html", {"table": table, "q": q})


# The model each route's <pk> names (read by the permission-matrix test).
for _view in (resident_account, resident_account_unlink):
    _view.model = Resident
