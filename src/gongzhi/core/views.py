from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from gongzhi.core import audit
from gongzhi.core.models import AuditEntry


def home(request):
    if not request.user.is_authenticated:
        return redirect("login")
    from gongzhi.org.services import roles_of

    return render(request, "core/home.html", {"roles": roles_of(request.user)})


@never_cache
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def permission_denied(request, exception=None):
    audit.record(AuditEntry.Action.DENIED, extra={"path": request.path, "method": request.method})
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)
