"""The user's own pages: the notifications behind the bell, opening one (marked read, then on
to its item), and 已办 — the steps the user finished, with dates. Every signed-in user has
them; each shows the user's own records only."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views import View

from gongzhi.core.done import done_by
from gongzhi.core.inbox import do_mark_read, local_url
from gongzhi.core.models import AuditEntry, Notification
from gongzhi.core.nav import done_kind
from gongzhi.core.tables import Column, Table


class NotificationListView(LoginRequiredMixin, View):
    model = Notification

    def get(self, request):
        table = Table(
            request,
            Notification.objects.visible_to(request.user),
            columns=[
                Column("created_at", _("time"), sortable=True),
                Column(
                    "text",
                    _("notification"),
                    link=lambda n: reverse("inbox:open", args=[n.pk]),
                ),
                Column("read_at", _("read at"), sortable=True),
            ],
            search_fields=["text"],
            default_sort=("-created_at", "-id"),
            page_size=25,
            empty_message=_("No notifications."),
        )
        return render(request, "core/notifications.html", {"table": table})


class NotificationOpenView(LoginRequiredMixin, View):
    """Mark the notification read and go to its item (someone else's: 404)."""

    model = Notification

    def get(self, request, pk):
        notification = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
        if notification.read_at is None:
            do_mark_read(request.user, notification)
        return redirect(local_url(notification.url) or "inbox:notifications")


def _kind_label(entry: AuditEntry) -> str:
    kind = done_kind(entry)
    return str(kind.label) if kind else ""


def _link(entry: AuditEntry) -> str | None:
    kind = done_kind(entry)
    return (kind.url_for(entry) or None) if kind else None


class DoneView(LoginRequiredMixin, View):
    """已办: the audit entries where the user took a finishing step (each app's DONE)."""

    model = AuditEntry

    def get(self, request):
        table = Table(
            request,
            done_by(request.user),
            columns=[
                Column("timestamp", pgettext_lazy("done", "finished at"), sortable=True),
                Column("kind", _("what"), accessor=_kind_label),
                Column("object_repr", _("record"), link=_link),
                Column("reason", pgettext_lazy("done", "note")),
            ],
            search_fields=["object_repr", "reason"],
            default_sort=("-timestamp", "-id"),
            page_size=25,
            empty_message=_("Nothing finished yet."),
        )
        return render(request, "core/done.html", {"table": table})
