"""Screens of residents' leaders: the list (by community and kind), recognizing a leader and
ending a leadership; and the panels that show them on the community's and the building's
pages (civil.nav.PANELS). Every write is a civil.actions.leaders call."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.civil.actions import leaders as actions
from gongzhi.civil.choices import LeaderKind
from gongzhi.civil.forms.orgs import LeaderForm
from gongzhi.civil.models import Leader, Organization
from gongzhi.core.forms import apply_errors, style_widgets
from gongzhi.core.tables import Column, Table
from gongzhi.core.views_base import role_required
from gongzhi.org.models import Community


class LeaderFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("kind"), choices=[("", "—"), *LeaderKind.choices], required=False
    )
    community = forms.ModelChoiceField(
        label=gettext_lazy("community"), queryset=Community.objects.all(), required=False
    )
    active = forms.NullBooleanField(label=gettext_lazy("active"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


@role_required("civil.view_leader")
def leader_list(request):
    table = Table(
        request,
        Leader.objects.visible_to(request.user).select_related(
            "resident", "community", "building", "organization"
        ),
        columns=[
            Column("resident.name", gettext_lazy("resident"), sortable=True),
            Column("kind", sortable=True),
            Column("community.name", gettext_lazy("community"), sortable=True),
            Column("building.name", gettext_lazy("building")),
            Column("organization.name", gettext_lazy("social organization")),
            Column("group_name"),
            Column("since", sortable=True),
            Column("active"),
            Column("end", "", template="civil/leaders/_end_cell.html"),
        ],
        search_fields=["resident__name", "group_name", "organization__name"],
        default_sort=("community__name", "kind"),
        filter_form=LeaderFilterForm,
        empty_message=gettext_lazy("No leaders recognized yet."),
    )
    return render(request, "civil/leaders/list.html", {"table": table})


@role_required("civil.add_leader")
def leader_new(request):
    community = None
    if request.GET.get("community", "").isdigit():
        community = (
            Community.objects.visible_to(request.user).filter(pk=request.GET["community"]).first()
        )
    form = LeaderForm(request.POST or None, user=request.user, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_recognize_leader(request.user, Leader(**form.cleaned_data))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("civil:leaders")
    return render(request, "civil/leaders/form.html", {"form": form})


@require_POST
@role_required("civil.change_leader")
def leader_end(request, pk):
    leader = get_object_or_404(Leader.objects.visible_to(request.user), pk=pk)
    try:
        actions.do_end_leadership(request.user, leader, request.POST.get("note", ""))
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, _("Saved."))
    return redirect("civil:leaders")


# --- panels on org's and registry's pages (civil.nav.PANELS) -------------------------------


def community_panel(request, community) -> str:
    """The community page: its organizations and its residents' leaders."""
    user = request.user
    orgs = leaders = None
    if user.has_perm("civil.view_organization"):
        orgs = Organization.objects.visible_to(user, "view").filter(community=community)
    if user.has_perm("civil.view_leader"):
        leaders = (
            Leader.objects.visible_to(user, "view")
            .filter(community=community, active=True)
            .select_related("resident", "building", "organization")
        )
    if orgs is None and leaders is None:
        return ""
    return render_to_string(
        "civil/leaders/_community_panel.html",
        {"community": community, "orgs": orgs, "leaders": leaders},
        request=request,
    )


def public_community_panel(request, community) -> str:
    """The community's public page: its active organizations (no personal data)."""
    orgs = Organization.objects.filter(community=community, active=True).order_by("name")
    return render_to_string("civil/orgs/_public_panel.html", {"orgs": orgs}, request=request)


def building_panel(request, building) -> str:
    """A building's page: who leads it (building and unit heads)."""
    if not request.user.has_perm("civil.view_leader"):
        return ""
    leaders = (
        Leader.objects.visible_to(request.user, "view")
        .filter(building=building, active=True)
        .select_related("resident")
    )
    return render_to_string(
        "civil/leaders/_building_panel.html", {"leaders": leaders}, request=request
    )


leader_end.model = Leader  # the model the URL's `pk` names (the permission matrix reads it)
