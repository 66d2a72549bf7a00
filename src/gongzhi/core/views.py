from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from gongzhi.core import audit
from gongzhi.core.directory import directory
from gongzhi.core.models import AuditEntry
from gongzhi.core.nav import menu_for, notices_for, workbench_for

# What each role does here, shown on the home page under the role's name.
ROLE_INTRO = {
    "street_admin": _(
        "Set up communities and grids, manage users and roles, and review the audit log."
    ),
    "street_staff": _("Follow the communities' work, requests and statistics across the street."),
    "department_staff": _(
        "Apply to place tasks in communities and handle the cases sent to your department."
    ),
    "party_secretary": _("Lead your community's work: you see everything in your community."),
    "committee_member": _(
        "Run self-government: elections, resident assemblies and residents' needs."
    ),
    "station_staff": _("Take in service requests at one window and finish them."),
    "grid_worker": _("Keep your grid's households up to date, visit them and report incidents."),
    "resident": _(
        "Ask for services, follow your requests, report problems and read public notices."
    ),
    "social_org_contact": _("Run your organization's activities, projects and volunteers."),
    "care_provider": _("Deliver elderly-care services and keep the elders' health records."),
}


def home(request):
    """The start page: the user's roles (with where they hold them) and a card for each
    menu entry they may open. A user without any role is told so."""
    if not request.user.is_authenticated:
        return redirect("login")
    held = [
        {
            "role": a.role,
            "label": a.label,
            "place": a.place,
            "department": a.department,
            "intro": ROLE_INTRO.get(a.role, ""),
        }
        for a in directory().held_roles(request.user)
    ]
    cards = [item for item in menu_for(request.user) if item.url_name != "home"]
    return render(
        request,
        "core/home.html",
        {
            "roles": directory().roles_of(request.user),
            "held_roles": held,
            "cards": cards,
            "notices": notices_for(request.user),
            "todos": workbench_for(request.user),
        },
    )


@never_cache
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def permission_denied(request, exception=None):
    audit.record(AuditEntry.Action.DENIED, extra={"path": request.path, "method": request.method})
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    if request.path_info.startswith("/api/"):
        # An API client reads JSON whatever the URL (`/api/residents/1.5/` matches no route),
        # as the schema documents for every 404.
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return render(request, "404.html", status=404)
