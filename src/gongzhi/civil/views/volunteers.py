"""Staff screens of volunteers: the list of the area's volunteers and registering a resident
(who agreed to the consent text) with skills, areas and availability."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy

from gongzhi.civil.actions import volunteers as actions
from gongzhi.civil.forms.volunteers import StaffRegisterForm
from gongzhi.civil.models import Volunteer
from gongzhi.core.forms import apply_errors
from gongzhi.core.tables import Column, Table
from gongzhi.core.views_base import role_required


@role_required("civil.view_volunteer")
def volunteer_list(request):
    table = Table(
        request,
        Volunteer.objects.visible_to(request.user).select_related("resident", "community"),
        columns=[
            Column("resident.name", gettext_lazy("name"), sortable=True, order_by="resident__name"),
            Column("community.name", gettext_lazy("community")),
            Column("total_hours", sortable=True, css_class="text-end"),
            Column("active"),
        ],
        search_fields=["resident__name"],
        default_sort=("resident__name", "id"),
        page_size=30,
        empty_message=gettext_lazy("Nothing found."),
    )
    return render(request, "civil/volunteers/list.html", {"table": table})


@role_required("civil.add_volunteer")
def volunteer_new(request):
    resident = request.GET.get("resident", "")
    initial = {"resident": resident} if resident.isdigit() else {}
    form = StaffRegisterForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_register_volunteer(
                request.user,
                data["resident"],
                skills=data["skills"],
                areas=data["areas"],
                availability=form.availability(),
                consent_version=actions.CONSENT_VERSION,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("civil:volunteers")
    return render(
        request,
        "civil/volunteers/form.html",
        {"form": form, "consent_text": actions.CONSENT_TEXT, "version": actions.CONSENT_VERSION},
    )
