"""May this actor do this verb here? The check behind every action (core.actions).

The same rule as every list: `permission` counts only in the places of the roles that grant
it (org.scoping.scope_of), so a record may be acted on exactly when it is in
`Model.objects.visible_to(actor, permission)` — the model's own visibility rules included
(e.g. department staff and the requests transferred to them)."""

from django.db import models


def may(actor, permission: str, place) -> bool:
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    if not actor.has_perm(permission):
        return False
    if place is None or not isinstance(place, models.Model):
        return True  # a district-wide verb: the permission is the whole rule
    manager = type(place)._default_manager
    if not hasattr(manager, "visible_to"):
        return True  # not tied to a place (e.g. departments)
    return manager.visible_to(actor, permission).filter(pk=place.pk).exists()
