"""Base viewsets: every API list and detail is scoped by `visible_to`, every write is validated
like a form and must leave the record inside the user's area."""

from django.db import transaction
from rest_framework import viewsets

from gongzhi.core.actions import out_of_scope


class ScopedViewSet(viewsets.ModelViewSet):
    """Rows come only from `Model.objects.visible_to(user)`: out-of-scope answers 404.

    Set `queryset = Model.objects.all()` (it names the model, which RolePermission reads for
    the view/add/change/delete permissions), `select_related` / `prefetch_related`, and
    override `save_object` to call the app's service function."""

    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        queryset = self.queryset.model.objects.visible_to(self.request.user)
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        if not queryset.ordered:
            queryset = queryset.order_by("pk")
        return queryset

    # --- writes ------------------------------------------------------------------------

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        related = self._pop_many_to_many(data)
        instance = self.queryset.model(**data)
        serializer.instance = self.save_object(instance, related)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        related = self._pop_many_to_many(data)
        instance = serializer.instance
        for name, value in data.items():
            setattr(instance, name, value)
        serializer.instance = self.save_object(instance, related)

    def _pop_many_to_many(self, data: dict) -> dict:
        names = {f.name for f in self.queryset.model._meta.many_to_many}
        return {name: data.pop(name) for name in list(data) if name in names}

    def save_object(self, instance, related: dict):
        """Validate (model rules and constraints), save, set many-to-many values; refuse,
        writing nothing, a record that would end outside the user's area."""
        with transaction.atomic():
            instance.full_clean()
            instance.save()
            for name, values in related.items():
                getattr(instance, name).set(values)
            if not self.get_queryset().filter(pk=instance.pk).exists():
                out_of_scope()
        return instance


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only variant of ScopedViewSet."""

    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    get_queryset = ScopedViewSet.get_queryset
