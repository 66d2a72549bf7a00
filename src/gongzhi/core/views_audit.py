"""The audit log pages: a searchable list and the history of one object (before/after)."""

from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.http import Http404
from django.utils.text import Truncator, format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, TemplateView

from gongzhi.core.audit_scope import entries_visible_to, object_visible
from gongzhi.core.forms import AuditFilterForm
from gongzhi.core.models import AuditEntry
from gongzhi.core.tables import Column, Table
from gongzhi.core.views_base import RoleRequiredMixin


def _label(model, name: str) -> str:
    if model is None:
        return name
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def diff_rows(entry: AuditEntry, model=None) -> list[tuple[str, object, object]]:
    """(field label, before, after) for each field the entry records; only the changed
    fields on an update, every field on a create or delete."""
    before, after = entry.before or {}, entry.after or {}
    if entry.action == AuditEntry.Action.UPDATE:
        names = entry.changed_fields
    else:
        names = list(dict.fromkeys([*before, *after]))
    # Fields the model keeps out of the log stay out of entries written before it did.
    hidden = set(getattr(model, "audit_exclude", ()))
    names = [n for n in names if n not in hidden]
    return [(_label(model, n), before.get(n), after.get(n)) for n in names]


class AuditListView(RoleRequiredMixin, TemplateView):
    """The log through the shared table (core.tables): ?q= searches the object and the
    reason, the filter form narrows by actor, action, object type and dates, ?sort= on the
    time, the actor, the action and the object. Rows come from entries_visible_to(user)."""

    permission_required = "core.view_auditentry"
    template_name = "core/audit_list.html"
    paginate_by = 50

    def object_types(self) -> list[tuple[str, str]]:
        present = (
            AuditEntry.objects.order_by()
            .exclude(content_type=None)
            .values_list("content_type", flat=True)
            .distinct()
        )
        models = ((ct.pk, ct.model_class()) for ct in ContentType.objects.filter(pk__in=present))
        return sorted(
            ((str(pk), str(model._meta.verbose_name)) for pk, model in models if model is not None),
            key=lambda t: t[1],
        )

    def get_table(self) -> Table:
        return Table(
            self.request,
            entries_visible_to(self.request.user).select_related("content_type"),
            columns=[
                Column(
                    "timestamp",
                    gettext_lazy("time"),
                    sortable=True,
                    template="core/_audit_time_cell.html",
                    css_class="text-nowrap",
                ),
                Column(
                    "actor_name",
                    format_lazy("{} / {}", gettext_lazy("actor"), gettext_lazy("action")),
                    sortable=True,
                    order_by=("actor_name", "action"),
                    template="core/_audit_actor_cell.html",
                ),
                Column(
                    "object_repr",
                    gettext_lazy("object"),
                    sortable=True,
                    template="core/_audit_object_cell.html",
                    css_class="text-break",
                ),
                Column(
                    "changed_fields",
                    gettext_lazy("changed fields"),
                    accessor=lambda e: (e.extra or {}).get("field") or ", ".join(e.changed_fields),
                    css_class="d-none d-md-table-cell",
                ),
                Column(
                    "reason",
                    gettext_lazy("reason"),
                    accessor=lambda e: Truncator(e.reason).chars(80),
                    css_class="d-none d-lg-table-cell",
                ),
                Column(
                    "ip",
                    gettext_lazy("IP address"),
                    css_class="d-none d-xl-table-cell font-monospace",
                ),
            ],
            search_fields=["object_repr", "reason"],
            default_sort=("-timestamp", "-id"),
            page_size=self.paginate_by,
            filter_form=partial(AuditFilterForm, object_types=self.object_types()),
            empty_message=gettext_lazy("No entries match."),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["table"] = self.get_table()
        return context


class HistoryView(RoleRequiredMixin, ListView):
    """Every entry about one object, newest first, with before/after values. The object
    must be visible to the user (404 otherwise, like a missing one)."""

    permission_required = "core.view_auditentry"
    template_name = "core/audit_history.html"
    paginate_by = 50
    context_object_name = "entries"

    def get_queryset(self):
        try:
            self.ct = ContentType.objects.get_for_id(self.kwargs["content_type_id"])
        except ContentType.DoesNotExist:
            raise Http404 from None
        self.model = self.ct.model_class()
        object_id = self.kwargs["object_id"]
        user = self.request.user
        # Superusers may read the history of a deleted object; others need it visible.
        if not user.is_superuser and (
            self.model is None or not object_visible(user, self.model, object_id)
        ):
            raise Http404(_("No such record."))
        return AuditEntry.objects.filter(content_type=self.ct, object_id=object_id).select_related(
            "actor"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for entry in context["entries"]:
            entry.rows = diff_rows(entry, self.model)
        latest = context["entries"][0] if context["entries"] else None
        context.update(
            object_type=self.model._meta.verbose_name if self.model else self.ct.model,
            object_repr=latest.object_repr if latest else self.kwargs["object_id"],
        )
        return context
