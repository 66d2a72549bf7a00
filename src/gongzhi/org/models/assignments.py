"""Who holds which role where (RoleAssignment) and its queryset."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.core.models import AuditedModel
from gongzhi.org.models.people import Provider
from gongzhi.org.models.places import Community, Department, Grid, Street
from gongzhi.org.roles import ROLE_LEVELS, Role
from gongzhi.org.scoping import permission_for, scope_of


class RoleAssignmentQuerySet(models.QuerySet):
    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=on),
            Q(end_date__isnull=True) | Q(end_date__gte=on),
            user__is_active=True,
        )

    def visible_to(self, user, action=None):
        """Assignments held at a place inside the user's area (street, community or grid)."""
        permission = permission_for(self.model, action) if action else None
        scope = scope_of(user, permission)
        if scope.everything:
            return self
        if scope.nothing:
            return self.none()
        return self.filter(
            # Street-level assignments only for those who hold a street-level role there.
            Q(street__in=scope.street_ids)
            | Q(community__in=Community.objects.visible_to(user, permission))
            | Q(grid__in=Grid.objects.visible_to(user, permission))
        )


class RoleAssignment(AuditedModel):
    """A user holds a role at one place: a street, a community or a grid."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    street = models.ForeignKey(
        Street,
        verbose_name=_("street"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    grid = models.ForeignKey(
        Grid,
        verbose_name=_("grid"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    provider = models.ForeignKey(
        Provider,
        verbose_name=_("provider"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            # Exactly one place.
            models.CheckConstraint(
                condition=(
                    Q(street__isnull=False, community__isnull=True, grid__isnull=True)
                    | Q(street__isnull=True, community__isnull=False, grid__isnull=True)
                    | Q(street__isnull=True, community__isnull=True, grid__isnull=False)
                ),
                name="org_role_one_place",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.place}"

    @property
    def level(self) -> str:
        return "grid" if self.grid_id else "community" if self.community_id else "street"

    @property
    def place(self):
        return self.grid or self.community or self.street

    def allowed_levels(self) -> set[str]:
        return {str(level) for level in ROLE_LEVELS.get(self.role, set())}
