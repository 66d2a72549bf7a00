"""Screens of social organizations: the list (filters by kind, stage, community), the page of
one organization (its members, support, assessments, leaders and the incubation steps the
user may take), create and edit (an organization's contact edits their own page), and the
public page without personal data. Thin: every write is a civil.actions call."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.civil.actions import orgs as actions
from gongzhi.civil.choices import LegalStatus, OrgKind, Stage
from gongzhi.civil.forms.orgs import (
    AssessmentForm,
    ContactPageForm,
    MemberForm,
    OrganizationForm,
    StepForm,
    SupportForm,
)
from gongzhi.civil.models import Assessment, Membership, Organization, Support
from gongzhi.core.forms import apply_errors, style_widgets
from gongzhi.core.tables import Column, Table
from gongzhi.core.views_base import public_view, role_required
from gongzhi.org.models import Community, Street


class OrgFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("kind"), choices=[("", "—"), *OrgKind.choices], required=False
    )
    stage = forms.ChoiceField(
        label=gettext_lazy("incubation stage"), choices=[("", "—"), *Stage.choices], required=False
    )
    legal_status = forms.ChoiceField(
        label=gettext_lazy("legal status"),
        choices=[("", "—"), *LegalStatus.choices],
        required=False,
    )
    community = forms.ModelChoiceField(
        label=gettext_lazy("community"), queryset=Community.objects.all(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


@role_required("civil.view_organization")
def org_list(request):
    visible = Organization.objects.visible_to(request.user)
    table = Table(
        request,
        visible.select_related("community"),
        columns=[
            Column("name", sortable=True, link="civil:org"),
            Column("kind", sortable=True),
            Column("legal_status"),
            Column("community.name", gettext_lazy("community"), sortable=True),
            Column("stage", sortable=True),
            Column("active"),
        ],
        search_fields=["name"],
        default_sort=("name",),
        filter_form=OrgFilterForm,
        empty_message=gettext_lazy("No organizations yet."),
    )
    return render(request, "civil/orgs/list.html", {"table": table})


def _may(request, permission, org) -> bool:
    return Organization.objects.visible_to(request.user, permission).filter(pk=org.pk).exists()


@role_required("civil.view_organization")
def org_detail(request, pk):
    org = get_object_or_404(
        Organization.objects.visible_to(request.user).select_related("street", "community"), pk=pk
    )
    steps = [
        (step, actions.TRANSITIONS[step])
        for step in actions.MACHINE.allowed(org)
        if _may(request, actions.STEP_PERMISSION[step], org)
    ]
    context = {
        "org": org,
        "steps": steps,
        "members": org.members.filter(active=True).select_related("resident"),
        "supports": org.supports.all(),
        "assessments": org.assessments.all(),
        "leaders": org.leaders.filter(active=True).select_related("resident"),
        "may_edit": _may(request, "civil.change_organization", org),
        "may_member": _may(request, "civil.add_membership", org),
        "may_support": _may(request, "civil.add_support", org),
        "may_assess": _may(request, "civil.add_assessment", org),
    }
    if context["may_member"]:
        context["member_form"] = MemberForm(user=request.user, organization=org)
    if context["may_support"]:
        context["support_form"] = SupportForm()
    if context["may_assess"]:
        context["assessment_form"] = AssessmentForm()
    return render(request, "civil/orgs/detail.html", context)


def _street_of(user, community):
    if community is not None:
        return community.street
    return Street.objects.visible_to(user, "civil.add_organization").order_by("pk").first()


def _org_form(request, org=None):
    own_page = org is not None and not request.user.has_perm("civil.add_organization")
    form_class = ContactPageForm if own_page else OrganizationForm
    form = form_class(request.POST or None, instance=org, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if org is None:
                new = form.instance
                new.street = _street_of(request.user, new.community)
                if new.street is None:
                    raise ValidationError(_("You can only record things inside your own area."))
                org = actions.do_create_organization(request.user, new)
            else:
                org = actions.do_update_organization(request.user, form.instance)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("civil:org", org.pk)
    return render(request, "civil/orgs/form.html", {"form": form, "org": org})


@role_required("civil.add_organization")
def org_new(request):
    return _org_form(request)


@role_required("civil.change_organization")
def org_edit(request, pk):
    org = get_object_or_404(Organization.objects.visible_to(request.user), pk=pk)
    return _org_form(request, org)


def _done(request, org, call):
    try:
        call()
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, _("Saved."))
    return redirect("civil:org", org.pk)


@require_POST
@role_required("civil.view_organization")
def org_step(request, pk):
    org = get_object_or_404(Organization.objects.visible_to(request.user), pk=pk)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown action."))
        return redirect("civil:org", org.pk)
    step, note = form.cleaned_data["step"], form.cleaned_data["note"]
    return _done(request, org, lambda: actions.STEP_ACTIONS[step](request.user, org, note))


def _add(request, org, form, make, action):
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(
                    request, f"{form.fields[field].label if field in form.fields else ''} {error}"
                )
        return redirect("civil:org", org.pk)
    return _done(request, org, lambda: action(request.user, make(form)))


@require_POST
@role_required("civil.add_membership")
def member_add(request, pk):
    org = get_object_or_404(Organization.objects.visible_to(request.user), pk=pk)
    form = MemberForm(request.POST, user=request.user, organization=org)

    def make(form):
        data = form.cleaned_data
        return Membership(
            organization=org,
            resident=data.get("resident"),
            name=data.get("name") or "",
            joined_on=data.get("joined_on"),
        )

    return _add(request, org, form, make, actions.do_add_member)


@require_POST
@role_required("civil.change_membership")
def member_end(request, pk):
    member = get_object_or_404(Membership.objects.visible_to(request.user), pk=pk)
    member.active = False
    return _done(
        request, member.organization, lambda: actions.do_update_member(request.user, member)
    )


@require_POST
@role_required("civil.add_support")
def support_add(request, pk):
    org = get_object_or_404(Organization.objects.visible_to(request.user), pk=pk)
    form = SupportForm(request.POST)
    return _add(
        request,
        org,
        form,
        lambda f: Support(organization=org, **f.cleaned_data),
        actions.do_add_support,
    )


@require_POST
@role_required("civil.add_assessment")
def assessment_add(request, pk):
    org = get_object_or_404(Organization.objects.visible_to(request.user), pk=pk)
    form = AssessmentForm(request.POST)
    return _add(
        request,
        org,
        form,
        lambda f: Assessment(organization=org, **f.cleaned_data),
        actions.do_assess,
    )


@public_view
def public_org(request, pk):
    """An organization's public page: what it is and where it meets — no personal data (no
    leader, contact, phone or members' names)."""
    org = get_object_or_404(
        Organization.objects.filter(active=True).select_related("street", "community"), pk=pk
    )
    return render(
        request,
        "civil/orgs/public.html",
        {"org": org, "member_count": org.members.filter(active=True).count()},
    )


# The model the URL's `pk` names (the permission matrix reads it).
for _view in (org_detail, org_edit, org_step, member_add, support_add, assessment_add, public_org):
    _view.model = Organization
member_end.model = Membership
