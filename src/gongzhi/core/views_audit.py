"""The audit log pages: a searchable list and the history of one object (before/after)."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import ListView

from gongzhi.core.audit_scope import entries_visible_to, object_visible
from gongzhi.core.forms import AuditFilterForm
from gongzhi.core.models import AuditEntry
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


class AuditListView(RoleRequiredMixin, ListView):
    permission_required = "core.view_auditentry"
    template_name = "core/audit_list.html"
    paginate_by = 50
    context_object_name = "entries"

    def get_form(self):
        present = (
            AuditEntry.objects.order_by()
            .exclude(content_type=None)
            .values_list("content_type", flat=True)
            .distinct()
        )
        types = sorted(
            (
                (str(ct.pk), str(ct.model_class()._meta.verbose_name))
                for ct in ContentType.objects.filter(pk__in=present)
                if ct.model_class() is not None
            ),
            key=lambda t: t[1],
        )
        return AuditFilterForm(self.request.GET or None, object_types=types)

    def get_queryset(self):
        self.form = self.get_form()
        qs = entries_visible_to(self.request.user).select_related("content_type")
        if self.form is None or not self.form.is_bound:
            return qs
        self.form.is_valid()  # invalid fields are shown with their error and ignored
        data = self.form.cleaned_data
        if data.get("actor"):
            qs = qs.filter(actor_name__icontains=data["actor"])
        if data.get("action"):
            qs = qs.filter(action=data["action"])
        if data.get("object_type"):
            qs = qs.filter(content_type_id=data["object_type"])
        if data.get("date_from"):
            qs = qs.filter(timestamp__date__gte=data["date_from"])
        if data.get("date_to"):
            qs = qs.filter(timestamp__date__lte=data["date_to"])
        if data.get("q"):
            qs = qs.filter(Q(object_repr__icontains=data["q"]) | Q(reason__icontains=data["q"]))
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(form=self.form, query=query.urlencode())
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
