"""Registry screens: buildings, households, residents, tags, search, and the grid worker's
phone pages. Thin views: rows come from `visible_to(user)` (out of scope is 404), rules run
in registry.services, errors go back on the form."""

from __future__ import annotations

import re

from django import forms as djforms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.core import audit
from gongzhi.core.forms import apply_errors
from gongzhi.core.masking import birth_year, mask_name
from gongzhi.core.tables import Column, Table
from gongzhi.core.views_base import get_visible_or_404, role_required
from gongzhi.org.models import Grid
from gongzhi.registry import forms, lookup, services
from gongzhi.registry import search as registry_search
from gongzhi.registry.choices import ResidentStatus
from gongzhi.registry.models import (
    Building,
    Dwelling,
    Household,
    Resident,
    ResidentEvent,
    ResidentTag,
    Tag,
    Visit,
)


def _form_page(request, form, *, title, back=None, submit=None, intro=None, obj=None):
    return render(
        request,
        "registry/form.html",
        {
            "form": form,
            "title": title,
            "back": back,
            "submit": submit or _("Save"),
            "intro": intro,
            "object": obj,
        },
    )


def _run(form, fn):
    """Call a service; on ValidationError put it on the form and return None."""
    try:
        return fn()
    except ValidationError as exc:
        apply_errors(form, exc)
        return None


# --- buildings ----------------------------------------------------------------------------


@role_required("registry.view_building")
def building_list(request):
    qs = Building.objects.visible_to(request.user).select_related("community", "grid", "estate")
    table = Table(
        request,
        qs,
        columns=[
            Column("address", sortable=True, link="registry:building_detail"),
            Column("name", sortable=True),
            Column("community.name", gettext_lazy("community"), sortable=True),
            Column("grid", gettext_lazy("grid"), sortable=True, order_by="grid__number"),
            Column("kind"),
            Column("household_count", sortable=True, css_class="text-end"),
        ],
        search_fields=["address", "name"],
        default_sort="address",
    )
    return render(
        request,
        "registry/building_list.html",
        {
            "table": table,
            "can_add": request.user.has_perm("registry.add_building"),
        },
    )


@role_required("registry.view_building")
def building_detail(request, pk):
    building = get_visible_or_404(Building, request.user, pk=pk)
    households = (
        Household.objects.visible_to(request.user)
        .filter(building=building, active=True)
        .select_related("head")
        .annotate(n=Count("members", filter=Q(members__status=ResidentStatus.ACTIVE)))
        .order_by("address", "number")
    )
    return render(
        request,
        "registry/building_detail.html",
        {
            "building": building,
            "households": households,
            "can_change": request.user.has_perm("registry.change_building"),
            "can_add_household": request.user.has_perm("registry.add_household"),
            "dwelling_count": building.dwellings.count(),
            "can_view_dwellings": request.user.has_perm("registry.view_dwelling"),
        },
    )


@role_required("registry.add_building")
def building_create(request):
    form = forms.BuildingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        b = _run(form, lambda: services.save_building(form.instance, user=request.user))
        if b is not None:
            messages.success(request, _("Building saved."))
            return redirect("registry:building_detail", pk=b.pk)
    return _form_page(
        request, form, title=_("New building"), back=reverse("registry:building_list")
    )


@role_required("registry.change_building")
def building_edit(request, pk):
    building = get_visible_or_404(Building, request.user, pk=pk)
    form = forms.BuildingForm(request.POST or None, instance=building, user=request.user)
    if request.method == "POST" and form.is_valid():
        b = _run(form, lambda: services.save_building(form.instance, user=request.user))
        if b is not None:
            messages.success(request, _("Building saved."))
            return redirect("registry:building_detail", pk=b.pk)
    return _form_page(
        request,
        form,
        title=_("Edit building"),
        obj=building,
        back=reverse("registry:building_detail", args=[pk]),
    )


# --- flats (dwellings) of a building --------------------------------------------------------


@role_required("registry.view_dwelling")
def dwelling_list(request, pk):
    building = get_visible_or_404(Building, request.user, pk=pk)
    dwellings = (
        Dwelling.objects.visible_to(request.user)
        .filter(building=building)
        .annotate(n=Count("households", filter=Q(households__active=True)))
        .order_by("unit", "floor", "number")
    )
    return render(
        request,
        "registry/dwelling_list.html",
        {
            "building": building,
            "dwellings": dwellings,
            "can_add": request.user.has_perm("registry.add_dwelling"),
            "can_change": request.user.has_perm("registry.change_dwelling"),
            "can_add_household": request.user.has_perm("registry.add_household"),
        },
    )


@role_required("registry.add_dwelling")
def dwelling_create(request, pk):
    building = get_visible_or_404(Building, request.user, pk=pk)
    form = forms.DwellingForm(
        request.POST or None, instance=Dwelling(building=building), initial={"unit": 1}
    )
    if request.method == "POST" and form.is_valid():
        d = _run(form, lambda: services.save_dwelling(form.instance, user=request.user))
        if d is not None:
            messages.success(request, _("Flat %(flat)s saved.") % {"flat": f"{d.unit}-{d.number}"})
            if request.POST.get("another"):
                return redirect("registry:dwelling_create", pk=building.pk)
            return redirect("registry:dwelling_list", pk=building.pk)
    return render(
        request,
        "registry/form.html",
        {
            "form": form,
            "title": _("New flat in %(address)s") % {"address": building.address},
            "back": reverse("registry:dwelling_list", args=[building.pk]),
            "submit": _("Save"),
            "submit_another": _("Save and add another"),
        },
    )


@role_required("registry.change_dwelling")
def dwelling_edit(request, pk):
    dwelling = (
        Dwelling.objects.visible_to(request.user).select_related("building").filter(pk=pk).first()
    )
    if dwelling is None:
        raise Http404
    form = forms.DwellingForm(request.POST or None, instance=dwelling)
    if request.method == "POST" and form.is_valid():
        d = _run(form, lambda: services.save_dwelling(form.instance, user=request.user))
        if d is not None:
            messages.success(request, _("Flat %(flat)s saved.") % {"flat": f"{d.unit}-{d.number}"})
            return redirect("registry:dwelling_list", pk=dwelling.building_id)
    return _form_page(
        request,
        form,
        title=_("Edit flat %(flat)s, %(address)s")
        % {"flat": f"{dwelling.unit}-{dwelling.number}", "address": dwelling.building.address},
        obj=dwelling,
        back=reverse("registry:dwelling_list", args=[dwelling.building_id]),
    )


# --- households ---------------------------------------------------------------------------


class HouseholdFilterForm(forms.BootstrapMixin, djforms.Form):
    STATUS = [
        ("active", gettext_lazy("open")),
        ("closed", gettext_lazy("closed")),
        ("all", gettext_lazy("all")),
    ]
    status = djforms.ChoiceField(label=gettext_lazy("status"), choices=STATUS, required=False)

    def filter_queryset(self, qs):
        status = self.cleaned_data.get("status") if hasattr(self, "cleaned_data") else ""
        if status == "closed":
            return qs.filter(active=False)
        if status == "all":
            return qs
        return qs.filter(active=True)


@role_required("registry.view_household")
def household_list(request):
    qs = Household.objects.visible_to(request.user).select_related("community", "grid", "head")
    if "status" not in request.GET:
        qs = qs.filter(active=True)
    table = Table(
        request,
        qs,
        columns=[
            Column("number", sortable=True, link="registry:household_detail"),
            Column("address", sortable=True, link="registry:household_detail"),
            Column("head.name", gettext_lazy("head of household")),
            Column("kind"),
            Column("community.name", gettext_lazy("community"), sortable=True),
            Column("grid", gettext_lazy("grid"), sortable=True, order_by="grid__number"),
        ],
        search_fields=["number", "address"],
        default_sort=("address", "number"),
        filter_form=HouseholdFilterForm,
    )
    return render(
        request,
        "registry/household_list.html",
        {
            "table": table,
            "can_add": request.user.has_perm("registry.add_household"),
        },
    )


@role_required("registry.view_household")
def household_lookup(request):
    """Suggestions for the household pickers (registry.lookup): at most 20 open households
    the user may see, for at least two typed characters."""
    qs = Household.objects.visible_to(request.user).filter(active=True)
    community = request.GET.get("community", "")
    if community.isdigit():
        qs = qs.filter(community_id=int(community))
    found = lookup.suggest_households(qs, request.GET.get("q", ""))
    return JsonResponse(
        {
            "results": [
                {
                    "id": h.pk,
                    "label": lookup.household_label(h),
                    "head": h.head.name if h.head else "",
                    "community": h.community.name,
                }
                for h in found
            ]
        }
    )


def _household(request, pk) -> Household:
    qs = Household.objects.visible_to(request.user).select_related(
        "community", "grid", "building", "dwelling", "head"
    )
    try:
        return qs.get(pk=pk)
    except Household.DoesNotExist:
        raise Http404 from None


@role_required("registry.view_household")
def household_detail(request, pk):
    household = _household(request, pk)
    members = (
        services.active_members(household)
        .prefetch_related(Prefetch("tag_links", queryset=ResidentTag.objects.select_related("tag")))
        .order_by("-relation", "birth_date__year", "name", "pk")  # not by the day: core.masking
    )
    events = ResidentEvent.objects.filter(
        Q(from_household=household) | Q(to_household=household)
    ).select_related("resident", "recorded_by", "from_household", "to_household")[:50]
    visits = Visit.objects.filter(household=household).select_related("visitor")[:20]
    user = request.user
    return render(
        request,
        "registry/household_detail.html",
        {
            "household": household,
            "members": members,
            "events": events,
            "visits": visits,
            "can_change": user.has_perm("registry.change_household"),
            "can_add_resident": user.has_perm("registry.add_resident"),
            "can_change_resident": user.has_perm("registry.change_resident"),
            "can_visit": user.has_perm("registry.add_visit"),
            "history": audit.history(household)[:20]
            if user.has_perm("core.view_auditentry")
            else None,
        },
    )


@role_required("registry.add_household")
def household_create(request):
    initial = {}
    if request.GET.get("building"):
        initial["building"] = request.GET["building"]
    if request.GET.get("dwelling"):
        initial["dwelling"] = request.GET["dwelling"]
    form = forms.HouseholdForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        h = _run(form, lambda: services.create_household(form.instance, user=request.user))
        if h is not None:
            messages.success(request, _("Household created."))
            return redirect("registry:household_detail", pk=h.pk)
    return _form_page(
        request, form, title=_("New household"), back=reverse("registry:household_list")
    )


@role_required("registry.change_household")
def household_edit(request, pk):
    household = _household(request, pk)
    form = forms.HouseholdForm(request.POST or None, instance=household, user=request.user)
    if request.method == "POST" and form.is_valid():
        h = _run(form, lambda: services.update_household(form.instance, user=request.user))
        if h is not None:
            messages.success(request, _("Household saved."))
            return redirect("registry:household_detail", pk=h.pk)
    return _form_page(
        request,
        form,
        title=_("Edit household"),
        obj=household,
        back=reverse("registry:household_detail", args=[pk]),
    )


@role_required("registry.change_household")
def household_split(request, pk):
    household = _household(request, pk)
    form = forms.SplitForm(request.POST or None, household=household)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        new = _run(
            form,
            lambda: services.split_household(
                household,
                d["members"],
                number=d["number"],
                head=d["head"],
                address=d["address"],
                date=d["date"],
                note=d["note"],
            ),
        )
        if new is not None:
            messages.success(
                request, _("Household split: %(number)s created.") % {"number": new.number}
            )
            return redirect("registry:household_detail", pk=new.pk)
    return _form_page(
        request,
        form,
        title=_("Split household %(number)s") % {"number": household.number},
        intro=_("The chosen members leave this household and form a new one."),
        back=reverse("registry:household_detail", args=[pk]),
        obj=household,
    )


@role_required("registry.change_household")
def household_merge(request, pk):
    household = _household(request, pk)
    form = forms.MergeForm(request.POST or None, household=household, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        t = _run(
            form,
            lambda: services.merge_households(
                household, d["source"], date=d["date"], note=d["note"]
            ),
        )
        if t is not None:
            messages.success(request, _("Households merged."))
            return redirect("registry:household_detail", pk=t.pk)
    return _form_page(
        request,
        form,
        title=_("Merge into household %(number)s") % {"number": household.number},
        intro=_(
            "Every member of the other household joins this one; the other household is closed."
        ),
        back=reverse("registry:household_detail", args=[pk]),
        obj=household,
    )


@role_required("registry.change_household")
def household_head(request, pk):
    household = _household(request, pk)
    form = forms.HeadForm(
        request.POST or None, household=household, initial={"head": household.head_id}
    )
    if request.method == "POST" and form.is_valid():
        h = _run(form, lambda: services.set_head(household, form.cleaned_data["head"]))
        if h is not None:
            messages.success(request, _("Head of household saved."))
            return redirect("registry:household_detail", pk=pk)
    return _form_page(
        request,
        form,
        title=_("Head of household"),
        obj=household,
        back=reverse("registry:household_detail", args=[pk]),
    )


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
            qs = qs.filter(services.age_filter(int(d["age"])))
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


def _resident(request, pk) -> Resident:
    qs = Resident.objects.visible_to(request.user).select_related("community", "grid", "household")
    try:
        return qs.get(pk=pk)
    except Resident.DoesNotExist:
        raise Http404 from None


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
            "age_group": services.age_group(resident.birth_date),
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
            lambda: services.register_resident(
                form.instance,
                household,
                relation=form.cleaned_data.get("relation", ""),
                user=request.user,
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
        r = _run(form, lambda: services.update_resident(form.instance, user=request.user))
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
        lambda r, d: services.move_out(r, date=d["date"], note=d["note"]),
        _("Move-out recorded."),
    )


@role_required("registry.change_resident")
def resident_death(request, pk):
    return _resident_action(
        request,
        pk,
        forms.DeathForm,
        _("Record the death of %(name)s"),
        lambda r, d: services.record_death(r, died_on=d["died_on"], note=d["note"]),
        _("Death recorded."),
    )


@role_required("registry.change_resident")
def resident_phone(request, pk):
    return _resident_action(
        request,
        pk,
        forms.PhoneForm,
        _("New phone number for %(name)s"),
        lambda r, d: services.update_phone(r, d["phone"]),
        _("Phone number changed."),
    )


@role_required("registry.change_resident")
def resident_transfer(request, pk):
    resident = _resident(request, pk)
    active = resident.status == ResidentStatus.ACTIVE and resident.household_id

    def act(r, d):
        fn = services.transfer if active else services.move_in
        return fn(r, d["household"], relation=d["relation"], date=d["date"], note=d["note"])

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
                services.remove_tag(resident, tag)
                messages.success(request, _("Removed from %(tag)s.") % {"tag": tag.name})
            return redirect("registry:resident_tags", pk=pk)
        if form.is_valid():
            d = form.cleaned_data
            link = _run(
                form,
                lambda: services.set_tag(
                    resident, d["tag"], grade=d["grade"], since=d["since"], note=d["note"]
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
            lambda: services.link_account(
                resident, form.cleaned_data["username"], user=request.user
            ),
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
        services.unlink_account(resident, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The account is no longer linked."))
    return redirect("registry:resident_detail", pk=pk)


@role_required("registry.verify_own_identity")
def verify_identity(request):
    """A resident proves who they are; their online requests then carry their record."""
    linked = services.linked_resident(request.user)
    form = forms.IdentityForm(request.POST or None)
    if request.method == "POST" and linked is None and form.is_valid():
        d = form.cleaned_data
        done = _run(
            form,
            lambda: services.verify_own_identity(
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
            "left": services.identity_checks_left(request.user),
        },
    )


# --- tags ---------------------------------------------------------------------------------


@role_required("registry.view_tag")
def tag_list(request):
    tags = Tag.objects.annotate(n=Count("links")).order_by("order", "code")
    return render(
        request,
        "registry/tag_list.html",
        {
            "tags": tags,
            "computed": services.COMPUTED_AGE_GROUPS,
            "can_change": request.user.has_perm("registry.change_tag"),
            "can_add": request.user.has_perm("registry.add_tag"),
        },
    )


@role_required("registry.add_tag")
def tag_create(request):
    form = forms.TagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
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
        form.save()
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
                "load": services.grid_load(grid),
                "figures": services.key_figures(residents, households),
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


@role_required("registry.view_visit")
def visit_list(request):
    qs = Visit.objects.visible_to(request.user).select_related("household", "visitor")
    if request.GET.get("follow_up") == "1":
        qs = qs.filter(follow_up_needed=True, followed_up_at__isnull=True)
    table = Table(
        request,
        qs,
        columns=[
            Column("date", sortable=True),
            Column(
                "household.address",
                gettext_lazy("household"),
                link=lambda v: reverse("registry:household_detail", args=[v.household_id]),
            ),
            Column("purpose"),
            Column("visitor"),
            Column("follow_up_needed"),
            Column("followed_up_at"),
        ],
        search_fields=["purpose", "household__address"],
        default_sort=("-date", "-id"),
    )
    return render(request, "registry/visit_list.html", {"table": table})


@role_required("registry.add_visit")
def visit_create(request, household_pk):
    household = _household(request, household_pk)
    form = forms.VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.household = household
        form.instance.visitor = request.user
        v = _run(form, lambda: services.record_visit(form.instance, user=request.user))
        if v is not None:
            messages.success(request, _("Visit recorded."))
            return redirect("registry:household_detail", pk=household.pk)
    return _form_page(
        request,
        form,
        title=_("Visit to %(address)s") % {"address": household.address},
        back=reverse("registry:household_detail", args=[household.pk]),
        submit=_("Record visit"),
    )


@require_POST
@role_required("registry.change_visit")
def visit_followed_up(request, pk):
    visit = get_visible_or_404(Visit, request.user, pk=pk)
    try:
        services.mark_followed_up(visit)
        messages.success(request, _("Follow-up recorded."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("registry:household_detail", pk=visit.household_id)


# The model each route's <pk> names (read by the permission-matrix test).
for _view in (dwelling_list, dwelling_create):
    _view.model = Building
dwelling_edit.model = Dwelling
for _view in (resident_account, resident_account_unlink):
    _view.model = Resident
