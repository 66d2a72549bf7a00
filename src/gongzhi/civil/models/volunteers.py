"""Volunteers and what they do: skills (a list kept as data), volunteers (a registry
resident who consented to the record keeping), teams, activities and needs, assignments (a
coordinator's dispatch or the volunteer's own sign-up; the check-in and check-out on it are
what produce hours) and the participants' ratings."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongzhi.civil.choices import (
    ActivityKind,
    ActivityStatus,
    AssignmentSource,
    AssignmentStatus,
)
from gongzhi.civil.models.orgs import Organization
from gongzhi.core.models import AuditedModel
from gongzhi.org.models import Community, Grid, Street
from gongzhi.org.scoping import ScopedManager, ScopePaths
from gongzhi.registry.models import Resident


def new_token() -> str:
    return secrets.token_urlsafe(16)


class Skill(AuditedModel):
    """A skill volunteers offer and activities ask for (the list is data: 陪护, 维修, 医护…)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50)

    scope_paths = None  # installation-wide
    objects = ScopedManager()

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Volunteer(AuditedModel):
    """A resident registered as a volunteer. `availability` is a list of
    `{"weekday": 0-6, "start": "HH:MM", "end": "HH:MM"}` (Monday = 0)."""

    resident = models.OneToOneField(
        Resident, verbose_name=_("resident"), on_delete=models.PROTECT, related_name="volunteer"
    )
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="volunteers"
    )
    grid = models.ForeignKey(
        Grid,
        verbose_name=_("grid"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteers",
    )
    skills = models.ManyToManyField(Skill, verbose_name=_("skills"), blank=True)
    areas = models.ManyToManyField(
        Grid, verbose_name=_("areas"), blank=True, related_name="volunteer_areas"
    )
    availability = models.JSONField(_("availability"), default=list, blank=True)
    # Consent to the record keeping (《志愿服务记录与证明出具办法》; PIPL): when and which text.
    consent_at = models.DateTimeField(_("consented at"))
    consent_version = models.CharField(_("consent text version"), max_length=20)
    active = models.BooleanField(_("active"), default=True)
    # Hours recorded so far: kept by the ledger's actions (never typed), so a balance or a
    # star level is one row read.
    total_hours = models.DecimalField(
        _("total hours"), max_digits=9, decimal_places=2, default=0, editable=False
    )

    scope_paths = ScopePaths(street="community__street", community="community", grid="grid")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["community", "resident__name"]

    def __str__(self) -> str:
        return self.resident.name


class Team(AuditedModel):
    """A volunteer team of an organization or of a community."""

    street = models.ForeignKey(
        Street, verbose_name=_("street"), on_delete=models.PROTECT, related_name="volunteer_teams"
    )
    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteer_teams",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("social organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teams",
    )
    name = models.CharField(_("name"), max_length=100)
    members = models.ManyToManyField(
        Volunteer, verbose_name=_("members"), blank=True, related_name="teams"
    )

    scope_paths = ScopePaths(street="street", community="community")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Activity(AuditedModel):
    """An activity, or a need (an elder to accompany, a case to help with, a project task),
    with its place, time, number of people and skills."""

    street = models.ForeignKey(
        Street, verbose_name=_("street"), on_delete=models.PROTECT, related_name="activities"
    )
    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    grid = models.ForeignKey(
        Grid,
        verbose_name=_("grid"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("social organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("volunteer team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=ActivityKind.choices, default=ActivityKind.ACTIVITY
    )
    title = models.CharField(_("title"), max_length=100)
    content = models.TextField(_("service content"), blank=True)
    # What a need helps with, said as the other app says it (a case number, a project's
    # name): capability apps do not link each other's records.
    reference = models.CharField(_("reference"), max_length=50, blank=True)
    place = models.CharField(_("place"), max_length=200)
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    people_needed = models.PositiveSmallIntegerField(
        _("people needed"), default=1, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    skills = models.ManyToManyField(Skill, verbose_name=_("skills"), blank=True)
    # Hours served here for elders or others in need go into the time bank (where the street
    # has one).
    for_people_in_need = models.BooleanField(_("for people in need"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.DRAFT
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Printed as the QR code at the place; scanning it checks a volunteer in or out.
    qr_token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)

    scope_paths = ScopePaths(street="street", community="community", grid="grid")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("activity")
        permissions = [
            ("dispatch_activity", _("Can dispatch volunteers and check them in and out")),
        ]
        verbose_name_plural = _("activities")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="civil_activity_ends"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Assignment(AuditedModel):
    """A volunteer on an activity: dispatched by a coordinator (invited → accepted/declined)
    or signed up; checked in and out at the place."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="assignments"
    )
    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    source = models.CharField(_("source"), max_length=10, choices=AssignmentSource.choices)
    status = models.CharField(_("status"), max_length=10, choices=AssignmentStatus.choices)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)

    scope_paths = ScopePaths(
        street="activity__street", community="activity__community", grid="activity__grid"
    )
    objects = ScopedManager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["activity", "volunteer"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "volunteer"], name="civil_assignment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.volunteer}"


class Rating(AuditedModel):
    """A participant's rating of a finished activity (1–5 stars), one per user."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="ratings"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    stars = models.PositiveSmallIntegerField(
        _("stars"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)

    scope_paths = ScopePaths(
        street="activity__street", community="activity__community", grid="activity__grid"
    )
    objects = ScopedManager()

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["activity", "user"], name="civil_rating_unique")
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.stars}"
