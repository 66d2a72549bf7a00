"""Base viewsets: every API list and detail is scoped by `visible_to`."""

from rest_framework import viewsets


class ScopedViewSet(viewsets.ModelViewSet):
    """Rows come only from `Model.objects.visible_to(user)`: out-of-scope answers 404."""

    def get_queryset(self):
        return self.queryset.model.objects.visible_to(self.request.user).select_related(
            *getattr(self, "select_related", ())
        )


class ScopedReadOnlyViewSet(ScopedViewSet, viewsets.ReadOnlyModelViewSet):
    http_method_names = ["get", "head", "options"]
