"""Registry screens of households (list, detail, create, edit, split, merge, head,
delete) and the visits to them."""

from __future__ import annotations

from django import forms as djforms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.core import audit
from gongzhi.core.tables import Column, Table
from gongzhi.core.views_base import get_visible_or_404, role_required
from gongzhi.registry import actions, forms, lookup, queries
from gongzhi.registry.models import (
    Household,
    ResidentEvent,
    ResidentTag,
    Visit,
)
from gongzhi.registry.views_common import _form_page, _household, _run

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


@role_required("registry.view_household")
def household_detail(request, pk):
    household = _household(request, pk)
    members = (
        queries.active_members(household)
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
            "can_delete": user.has_perm("registry.delete_household"),
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
        h = _run(form, lambda: actions.do_create_household(request.user, form.instance))
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
        h = _run(form, lambda: actions.do_update_household(request.user, form.instance))
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
            lambda: actions.do_split_household(
                request.user,
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
            lambda: actions.do_merge_households(
                request.user, household, d["source"], date=d["date"], note=d["note"]
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
        h = _run(
            form, lambda: actions.do_set_head(request.user, household, form.cleaned_data["head"])
        )
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


@role_required("registry.delete_household")
def household_delete(request, pk):
    """Delete a household entered by mistake (the rule, only an empty one, is the action's:
    the API and the admin refuse the same case with the same code)."""
    household = _household(request, pk)
    form = djforms.Form(request.POST if request.method == "POST" else None)  # no fields
    if form.is_bound and form.is_valid():
        if _run(form, lambda: actions.do_delete_household(request.user, household) or True):
            messages.success(request, _("Household deleted."))
            return redirect("registry:household_list")
    return _form_page(
        request,
        form,
        title=_("Delete household %(number)s") % {"number": household.number},
        intro=_("Only a household nobody lives in can be deleted."),
        submit=_("Delete"),
        obj=household,
        back=reverse("registry:household_detail", args=[pk]),
    )


# --- visits -------------------------------------------------------------------------------


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
        v = _run(form, lambda: actions.do_record_visit(request.user, household, form.instance))
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
        actions.do_mark_followed_up(request.user, visit)
        messages.success(request, _("Follow-up recorded."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("registry:household_detail", pk=visit.household_id)
