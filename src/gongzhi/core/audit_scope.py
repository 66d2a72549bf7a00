"""Which audit entries and which objects a user may look at through the audit pages.

The rule (documented in docs and tested in tests/core/test_audit_views.py):

- a superuser sees every entry;
- anyone else sees an entry when
  (a) its actor holds or held a role at a place inside the viewer's scope (their street,
      its communities and grids — the places of the viewer's own role assignments), or
  (b) its object is a user account holding or having held a role inside that scope
      (log-ins, failed log-ins and lock-outs of those accounts), or
  (c) its object still exists and `Model.objects.visible_to(viewer)` includes it.
Entries of system jobs about deleted objects outside (a)–(c) are for superusers only.

core sits below org: the accounts inside the viewer's area come from `core.directory`.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from gongzhi.core.directory import directory
from gongzhi.core.models import AuditEntry


def _user_ids_in_scope(viewer):
    return directory().user_ids_in_scope(viewer)


def scoped_queryset(model, viewer) -> QuerySet | None:
    """The rows of `model` the viewer may see, or None when the model has no scoping rule
    (then only superusers may look at it through the audit pages)."""
    if viewer.is_superuser:
        return model._default_manager.all()
    if model is get_user_model():
        ids = _user_ids_in_scope(viewer)
        return model._default_manager.filter(Q(pk__in=ids) | Q(pk=viewer.pk))
    manager = model._default_manager
    if not hasattr(manager, "visible_to"):
        return None
    return manager.visible_to(viewer)


def object_visible(viewer, model, object_id: str) -> bool:
    qs = scoped_queryset(model, viewer)
    if qs is None:
        return False
    try:
        return qs.filter(pk=object_id).exists()
    except (ValueError, TypeError, ValidationError):  # "abc" as an integer pk: not found
        return False


def _as_text_ids(qs: QuerySet):
    # AuditEntry.object_id is text; compare with the pk cast to text (SQLite and PostgreSQL).
    return qs.order_by().annotate(_pk_text=Cast("pk", CharField())).values("_pk_text")


def entries_visible_to(viewer) -> QuerySet:
    entries = AuditEntry.objects.all()
    if viewer.is_superuser:
        return entries
    if not viewer.is_authenticated:
        return entries.none()
    q = Q(actor__in=_user_ids_in_scope(viewer))
    present = entries.order_by().exclude(content_type=None).values_list("content_type", flat=True)
    for ct in ContentType.objects.filter(pk__in=present.distinct()):
        model = ct.model_class()
        qs = scoped_queryset(model, viewer) if model is not None else None
        if qs is not None:
            q |= Q(content_type=ct, object_id__in=_as_text_ids(qs))
    return entries.filter(q)
