"""Organization screens: street overview, community page (三位一体), committee page, lists
and forms, and the public community page. Views are thin: writes are org.actions,
row access in `Model.objects.visible_to(user)`."""

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView

from gongzhi.core.forms import apply_errors
from gongzhi.core.tables import Column, Table
from gongzhi.core.views_base import (
    RoleRequiredMixin,
    get_visible_or_404,
    public_view,
    role_required,
)
from gongzhi.org import actions, forms, services
from gongzhi.org.models import (
    CommitteeMember,
    Community,
    DispatchedCadre,
    Grid,
    PartyCommittee,
    ResidentsCommittee,
    ResidentsGroup,
    RoleAssignment,
    Staff,
    Street,
    WorkingCommittee,
    WorkingGroup,
)

PAGE_SIZE = 25


# --- overview and detail pages ------------------------------------------------------------


class StreetOverview(RoleRequiredMixin, ListView):
    """Every street the user may see, with its units, street-level station and communities."""

    permission_required = "org.view_street"
    template_name = "org/street_overview.html"

    def get_queryset(self):
        return Street.objects.visible_to(self.request.user).prefetch_related("units")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        streets = []
        for street in context["object_list"]:
            communities = (
                Community.objects.visible_to(user)
                .filter(street=street)
                .annotate(grid_count=Count("grids", distinct=True))
            )
            streets.append(
                {
                    "street": street,
                    "units": list(street.units.all()),
                    "station": services.street_station(street),
                    "communities": [
                        {"community": c, "warnings": services.community_warnings(c)}
                        for c in communities
                    ],
                    "duties": list(street.committee_duties.all()),
                }
            )
        context["streets"] = streets
        return context


class CommunityDetail(RoleRequiredMixin, DetailView):
    """The community page: the three bodies (三位一体) and everything around them."""

    permission_required = "org.view_community"
    template_name = "org/community_detail.html"
    context_object_name = "community"

    def get_queryset(self):
        return Community.objects.visible_to(self.request.user).select_related("street")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        community = self.object
        user = self.request.user
        committee = ResidentsCommittee.objects.visible_to(user).filter(community=community).first()
        station = services.station_serving(community)
        context.update(
            warnings=services.community_warnings(community),
            party_committee=PartyCommittee.objects.filter(community=community).first(),
            committee=committee,
            members=list(services.current_members(committee)) if committee else [],
            working_committees=list(committee.working_committees.prefetch_related("members"))
            if committee
            else [],
            duties=list(committee.duties.all()) if committee else [],
            station=station,
            working_groups=list(station.working_groups.all()) if station else [],
            residents_groups=list(community.residents_groups.all()),
            grids=list(Grid.objects.visible_to(user).filter(community=community)),
            staff=list(Staff.objects.visible_to(user).filter(community=community, active=True)),
            cadres=list(
                DispatchedCadre.objects.visible_to(user)
                .filter(community=community)
                .select_related("department")
            ),
            care_centres=list(
                community.care_centres.select_related("operator", "partner_hospital")
            ),
        )
        return context


class CommitteeDetail(RoleRequiredMixin, DetailView):
    permission_required = "org.view_residentscommittee"
    template_name = "org/committee_detail.html"
    context_object_name = "committee"

    def get_queryset(self):
        return ResidentsCommittee.objects.visible_to(self.request.user).select_related(
            "community", "community__street"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        committee = self.object
        context.update(
            warnings=services.committee_warnings(committee),
            members=list(services.current_members(committee)),
            former_members=list(
                committee.members.exclude(pk__in=services.current_members(committee))
            ),
            working_committees=list(committee.working_committees.prefetch_related("members")),
            duties=list(committee.duties.all()),
        )
        return context


@require_POST
@role_required("org.change_committeemember")
def end_member(request, pk):
    member = get_visible_or_404(CommitteeMember, request.user, pk=pk)
    try:
        actions.do_end_committee_member(request.user, member)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(name)s has left the committee.") % {"name": member.name})
    return redirect("org:committee", pk=member.committee_id)


# --- lists and forms, one set per model --------------------------------------------------


def _community_filter(user, path):
    """A filter form with one field, the community (only those the user may see)."""

    class CommunityFilter(django_forms.Form):
        community = django_forms.ModelChoiceField(
            queryset=Community.objects.visible_to(user),
            required=False,
            label=gettext_lazy("community"),
            empty_label=gettext_lazy("All communities"),
            widget=django_forms.Select(attrs={"class": "form-select form-select-sm"}),
        )

        def filter_queryset(self, queryset):
            community = getattr(self, "cleaned_data", {}).get("community")
            return queryset.filter(**{path: community.pk}) if community else queryset

    return CommunityFilter


class OrgListView(RoleRequiredMixin, TemplateView):
    """A list through the shared table (gongzhi.core.tables): ?q= search, ?sort= on declared
    columns, ?community= filter, pages. Rows come from `visible_to(user)` only."""

    template_name = "org/list.html"
    model: Any = None  # set by each list (a scoped model)
    columns: list[tuple[str, str, str | None]] = []  # (attribute, label, sort field)
    search_fields: list[str] = []
    community_path: str | None = None
    related: list[str] = []
    default_sort: str | None = None

    def get_table(self) -> Table:
        user = self.request.user
        meta = self.model._meta
        queryset = self.model.objects.visible_to(user)
        if self.related:
            queryset = queryset.select_related(*self.related)
        columns = [
            Column(
                attr.replace("__", "."),
                label,
                sortable=bool(sort),
                order_by=sort or None,
                accessor=attr if attr != "place" else (lambda obj: str(obj.place)),
            )
            for attr, label, sort in self.columns
        ]
        if user.has_perm(f"org.change_{meta.model_name}"):
            edit = f"org:{meta.model_name}_edit"
            columns.append(
                Column(
                    "edit",
                    "",
                    accessor=lambda obj: _("Edit"),
                    link=lambda obj: reverse(edit, args=[obj.pk]),
                    css_class="text-end",
                )
            )
        return Table(
            self.request,
            queryset,
            columns,
            search_fields=self.search_fields,
            default_sort=self.default_sort,
            page_size=PAGE_SIZE,
            filter_form=_community_filter(user, self.community_path)
            if self.community_path
            else None,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meta = self.model._meta
        context.update(
            title=meta.verbose_name_plural,
            table=self.get_table(),
            can_add=self.request.user.has_perm(f"org.add_{meta.model_name}"),
            add_url=reverse(f"org:{meta.model_name}_add"),
        )
        return context


class OrgFormMixin:
    template_name: str | None = "org/form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        for name in ("street", "community", "committee", "station", "grid"):
            value = self.request.GET.get(name, "")
            if value.isdigit():
                initial[name] = int(value)
        return initial

    def form_valid(self, form):
        try:
            with transaction.atomic():
                self.object = form.save_through_action()
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        obj = self.object
        if isinstance(obj, Community):
            return reverse("org:community", args=[obj.pk])
        if isinstance(obj, (CommitteeMember, WorkingCommittee)):
            return reverse("org:committee", args=[obj.committee_id])
        community_id = getattr(obj, "community_id", None)
        if community_id is None and isinstance(obj, WorkingGroup):
            community_id = obj.station.community_id
        if community_id:
            return reverse("org:community", args=[community_id])
        return reverse(f"org:{obj._meta.model_name}_list")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = (
            _("Edit %(what)s") if getattr(self, "object", None) else _("New %(what)s")
        ) % {"what": self.model._meta.verbose_name}
        context["cancel_url"] = reverse(f"org:{self.model._meta.model_name}_list")
        return context


class OrgCreateView(RoleRequiredMixin, OrgFormMixin, CreateView):
    pass


class OrgUpdateView(RoleRequiredMixin, OrgFormMixin, UpdateView):
    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)


# model, columns, search fields, path to the community (for the filter), select_related
_LISTS = {
    Community: (
        [
            ("name", gettext_lazy("name"), "name"),
            ("street", gettext_lazy("street"), "street__name"),
            ("code", gettext_lazy("community code"), "code"),
            ("structure", gettext_lazy("structure"), "structure"),
            ("household_count", gettext_lazy("households"), "household_count"),
        ],
        ["name", "code", "address"],
        "pk",
        ["street"],
    ),
    CommitteeMember: (
        [
            ("name", pgettext_lazy("person", "name"), "name"),
            ("post", gettext_lazy("post"), "post"),
            ("committee", gettext_lazy("residents' committee"), "committee__name"),
            ("ethnicity", gettext_lazy("ethnicity"), "ethnicity"),
            ("on_duty", gettext_lazy("on duty (坐班)"), "on_duty"),
            ("paid", gettext_lazy("paid"), "paid"),
            ("start_date", gettext_lazy("from"), "start_date"),
            ("end_date", gettext_lazy("until"), "end_date"),
        ],
        ["name"],
        "committee__community",
        ["committee"],
    ),
    WorkingCommittee: (
        [
            ("name", gettext_lazy("name"), "name"),
            ("committee", gettext_lazy("residents' committee"), "committee__name"),
        ],
        ["name"],
        "committee__community",
        ["committee"],
    ),
    WorkingGroup: (
        [
            ("name", gettext_lazy("name"), "name"),
            ("station", gettext_lazy("service station"), "station__name"),
            ("duties", gettext_lazy("duties"), None),
        ],
        ["name", "duties"],
        "station__community",
        ["station"],
    ),
    ResidentsGroup: (
        [
            ("number", gettext_lazy("number"), "number"),
            ("name", gettext_lazy("name"), "name"),
            ("community", gettext_lazy("community"), "community__name"),
            ("leader_name", gettext_lazy("group leader"), "leader_name"),
        ],
        ["name", "leader_name"],
        "community",
        ["community"],
    ),
    Staff: (
        [
            ("name", pgettext_lazy("person", "name"), "name"),
            ("position", gettext_lazy("position"), "position"),
            ("employment", gettext_lazy("employment"), "employment"),
            ("community", gettext_lazy("community"), "community__name"),
            ("unit", gettext_lazy("street unit"), "unit__name"),
            ("working_group", gettext_lazy("working group"), "working_group__name"),
            ("active", pgettext_lazy("staff", "active"), "active"),
        ],
        ["name", "position"],
        "community",
        ["community", "unit", "working_group"],
    ),
    DispatchedCadre: (
        [
            ("name", pgettext_lazy("person", "name"), "name"),
            ("post", gettext_lazy("post"), "post"),
            ("department", gettext_lazy("department"), "department__name"),
            ("community", gettext_lazy("community"), "community__name"),
            ("office_hours", gettext_lazy("office hours"), None),
            ("start_date", gettext_lazy("term start"), "start_date"),
        ],
        ["name", "post", "department__name"],
        "community",
        ["community", "department"],
    ),
    Grid: (
        [
            ("code", gettext_lazy("grid code"), None),
            ("number", gettext_lazy("grid number"), "number"),
            ("name", gettext_lazy("name"), "name"),
            ("community", gettext_lazy("community"), "community__name"),
            ("household_norm", gettext_lazy("households norm"), "household_norm"),
        ],
        ["name", "community__name"],
        "community",
        ["community", "community__street"],
    ),
    RoleAssignment: (
        [
            ("user", gettext_lazy("user"), "user__username"),
            ("role", gettext_lazy("role"), "role"),
            ("place", gettext_lazy("place"), None),
            ("department", gettext_lazy("department"), "department__name"),
            ("start_date", gettext_lazy("from"), "start_date"),
            ("end_date", gettext_lazy("until"), "end_date"),
        ],
        ["user__username", "user__display_name", "role"],
        None,
        ["user", "street", "community", "grid", "department"],
    ),
}


def _build_views():
    views = {}
    for model, (columns, search, community_path, related) in _LISTS.items():
        name = model._meta.model_name
        form_class = forms.FORMS_BY_MODEL[model]
        views[f"{name}_list"] = type(
            f"{model.__name__}List",
            (OrgListView,),
            {
                "model": model,
                "permission_required": f"org.view_{name}",
                "columns": columns,
                "search_fields": search,
                "community_path": community_path,
                "related": related,
                "__module__": __name__,
            },
        )
        views[f"{name}_add"] = type(
            f"{model.__name__}Create",
            (OrgCreateView,),
            {
                "model": model,
                "form_class": form_class,
                "permission_required": f"org.add_{name}",
                "__module__": __name__,
            },
        )
        views[f"{name}_edit"] = type(
            f"{model.__name__}Update",
            (OrgUpdateView,),
            {
                "model": model,
                "form_class": form_class,
                "permission_required": f"org.change_{name}",
                "__module__": __name__,
            },
        )
    return views


CRUD_VIEWS = _build_views()


# --- public page (no log-in, no personal data) ----------------------------------------------


@public_view
def public_index(request):
    communities = Community.objects.select_related("street").order_by("street__name", "code")
    return render(request, "org/public_index.html", {"communities": communities})


@public_view
def public_community(request, pk):
    community = get_object_or_404(Community.objects.select_related("street"), pk=pk)
    committee = ResidentsCommittee.objects.filter(community=community).first()
    station = services.station_serving(community)
    today_cadres = DispatchedCadre.objects.filter(community=community).select_related("department")
    context = {
        "community": community,
        "party_committee": PartyCommittee.objects.filter(community=community).first(),
        "committee": committee,
        # Names and posts only: no sex, ethnicity, pay or dates (no personal data).
        "members": [
            {"name": m.name, "post": m.get_post_display()}
            for m in (services.current_members(committee) if committee else [])
        ],
        "working_committees": [w.name for w in committee.working_committees.all()]
        if committee
        else [],
        "station": station,
        "working_groups": [g.name for g in station.working_groups.all()] if station else [],
        "cadres": [
            {
                "name": c.name,
                "post": c.post,
                "department": c.department.name,
                "duties": c.duties,
                "office_hours": c.office_hours,
                "start_date": c.start_date,
                "end_date": c.end_date,
            }
            for c in today_cadres
            if c.end_date is None or c.end_date >= timezone.localdate()
        ],
        "care_centres": [
            {
                "name": c.name,
                "operator": c.operator.name,
                "partner": c.partner_hospital.name if c.partner_hospital else "",
            }
            for c in community.care_centres.select_related("operator", "partner_hospital")
        ],
    }
    return render(request, "org/public_community.html", context)
