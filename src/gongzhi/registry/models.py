"""The registry: estates, buildings, dwellings, households and residents (实有人口), their
special-group tags, the history of moves, and grid workers' visits.

Residents and households carry their community and grid (copied from the building) so that
scoping and the grid worker's lists need no joins on million-row tables.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongzhi.core import text
from gongzhi.core.fields import BlindIndexField, EncryptedTextField
from gongzhi.core.idnumber import normalize as normalize_id
from gongzhi.core.masking import mask_id_number, mask_phone
from gongzhi.core.models import AuditedModel, TimeStampedModel
from gongzhi.org.models import Community, Ethnicity, Grid, Sex
from gongzhi.org.scoping import ScopedManager, ScopePaths
from gongzhi.registry import choices

# One canonical form for every door, so the blind index finds the number however it was typed.
normalize_phone = text.normalize_phone


class Estate(AuditedModel):
    """A residential estate (小区): buildings of one estate are kept in one grid if possible."""

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="estates"
    )
    name = models.CharField(_("name"), max_length=100)

    scope_paths = ScopePaths(street="community__street", community="community")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("estate")
        verbose_name_plural = _("estates")
        ordering = ["community", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "name"], name="registry_estate_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Building(AuditedModel):
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="buildings"
    )
    grid = models.ForeignKey(
        Grid,
        verbose_name=_("grid"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="buildings",
    )
    estate = models.ForeignKey(
        Estate,
        verbose_name=_("estate"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="buildings",
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("e.g. 3号楼"))
    address = models.CharField(_("address"), max_length=200, db_index=True)
    kind = models.CharField(
        _("kind"),
        max_length=12,
        choices=choices.BuildingKind.choices,
        default=choices.BuildingKind.RESIDENTIAL,
    )
    floors = models.PositiveSmallIntegerField(
        _("floors"), default=1, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    units = models.PositiveSmallIntegerField(
        _("entrances (单元)"), default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    lat = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    lng = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    # Kept by registry.actions when households are added or leave.
    household_count = models.PositiveIntegerField(_("households"), default=0)

    scope_paths = ScopePaths(street="community__street", community="community", grid="grid")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["community", "address"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "address"], name="registry_building_unique_address"
            )
        ]

    def __str__(self) -> str:
        return self.address


class Dwelling(AuditedModel):
    """One flat or room in a building (单元-楼层-室)."""

    building = models.ForeignKey(
        Building, verbose_name=_("building"), on_delete=models.CASCADE, related_name="dwellings"
    )
    unit = models.PositiveSmallIntegerField(_("entrance"), default=1)
    floor = models.SmallIntegerField(_("floor"), default=1)
    number = models.CharField(_("room"), max_length=20)
    area = models.DecimalField(
        _("area (m²)"), max_digits=7, decimal_places=2, null=True, blank=True
    )

    scope_paths = ScopePaths(
        street="building__community__street", community="building__community", grid="building__grid"
    )
    objects = ScopedManager()

    class Meta:
        verbose_name = _("dwelling")
        verbose_name_plural = _("dwellings")
        ordering = ["building", "unit", "floor", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["building", "unit", "number"], name="registry_dwelling_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.building.address} {self.unit}-{self.number}"


class Household(AuditedModel):
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="households"
    )
    grid = models.ForeignKey(
        Grid,
        verbose_name=_("grid"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="households",
    )
    building = models.ForeignKey(
        Building,
        verbose_name=_("building"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="households",
    )
    dwelling = models.ForeignKey(
        Dwelling,
        verbose_name=_("dwelling"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="households",
    )
    number = models.CharField(
        _("household number"), max_length=32, help_text=_("Unique within the community.")
    )
    kind = models.CharField(
        _("kind"),
        max_length=12,
        choices=choices.HouseholdKind.choices,
        default=choices.HouseholdKind.REGISTERED,
    )
    address = models.CharField(_("address"), max_length=200, db_index=True)
    head = models.ForeignKey(
        "Resident",
        verbose_name=_("head of household"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    active = models.BooleanField(_("active"), default=True)

    scope_paths = ScopePaths(street="community__street", community="community", grid="grid")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["community", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "number"], name="registry_household_unique_number"
            )
        ]
        indexes = [models.Index(fields=["grid", "active"])]

    def __str__(self) -> str:
        return f"{self.number} {self.address}"


class Tag(AuditedModel):
    """A special group (特殊人群) such as 低保, veteran, living alone. The list is data, and
    sensitive (PIPL): every change is audited, through registry.actions.tags."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=50)
    has_grade = models.BooleanField(
        _("has a grade"), default=False, help_text=_("e.g. disability grade 1–4")
    )
    sensitive = models.BooleanField(
        _("sensitive"), default=False, help_text=_("Health or financial data under PIPL.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Resident(AuditedModel):
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="residents"
    )
    grid = models.ForeignKey(
        Grid,
        verbose_name=_("grid"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="residents",
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    relation = models.CharField(
        _("relation to head"), max_length=12, choices=choices.Relation.choices, blank=True
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50, db_index=True)
    # Search by pinyin (zhangsan) and initials (zs); filled by registry.actions.
    name_pinyin = models.CharField(max_length=120, blank=True, db_index=True, editable=False)
    name_initials = models.CharField(max_length=20, blank=True, db_index=True, editable=False)
    id_number = EncryptedTextField(_("ID number"), masker=mask_id_number)
    id_number_index = BlindIndexField(source="id_number", normalizer=normalize_id)
    # The last four characters, for search by 尾号 (the mask shows only the last two).
    id_last4 = models.CharField(max_length=4, blank=True, db_index=True, editable=False)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    phone = EncryptedTextField(_("phone"), masker=mask_phone)
    phone_index = BlindIndexField(source="phone", normalizer=normalize_phone)
    ethnicity = models.CharField(
        _("ethnicity"), max_length=2, choices=Ethnicity.choices, default=Ethnicity.HAN
    )
    residence_type = models.CharField(
        _("residence type"),
        max_length=12,
        choices=choices.ResidenceType.choices,
        default=choices.ResidenceType.REGISTERED,
    )
    political_status = models.CharField(
        _("political status"),
        max_length=20,
        choices=choices.PoliticalStatus.choices,
        default=choices.PoliticalStatus.MASSES,
    )
    education = models.CharField(
        _("education"), max_length=16, choices=choices.Education.choices, blank=True
    )
    employment = models.CharField(
        pgettext_lazy("resident", "employment"),
        max_length=16,
        choices=choices.Employment.choices,
        blank=True,
    )
    # Since when the person has lived in this community (for a migrant: the residence
    # condition of the voter register, selfgov.rules).
    living_here_since = models.DateField(_("living here since"), null=True, blank=True)
    deprived_of_political_rights = models.BooleanField(
        _("deprived of political rights"),
        default=False,
        help_text=_("By a court; excludes from the voter register."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=choices.ResidentStatus.choices,
        default=choices.ResidentStatus.ACTIVE,
        db_index=True,
    )
    died_on = models.DateField(_("date of death"), null=True, blank=True)
    tags = models.ManyToManyField(
        Tag,
        verbose_name=_("special groups"),
        through="ResidentTag",
        blank=True,
        related_name="residents",
    )
    # The person's own log-in (a resident account), once they proved who they are: online
    # requests then carry this record. One account per person and one person per account;
    # set only by registry.actions (link_account / verify_own_identity), audited.
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="registry_resident",
    )

    scope_paths = ScopePaths(street="community__street", community="community", grid="grid")
    objects = ScopedManager()
    # Derived from the ID number (whose change the log records as "[encrypted]"): in the
    # log's before/after they would rebuild the masked number (core.masking).
    audit_exclude = ("created_at", "updated_at", "birth_date", "id_last4")

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["community", "name"]
        constraints = [
            # One person, one record in the deployment (found by the blind index).
            models.UniqueConstraint(
                fields=["id_number_index"],
                condition=~Q(id_number_index=""),
                name="registry_resident_unique_id",
            ),
        ]
        indexes = [
            models.Index(fields=["grid", "status"]),
            models.Index(fields=["community", "status"]),
        ]
        permissions = [
            ("import_residents", _("Can import residents")),
            ("export_residents", _("Can export residents")),
            ("link_account", _("Can link a resident to a user account")),
            ("verify_own_identity", _("Can link one's own account by proving one's identity")),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    @property
    def age(self) -> int | None:
        if not self.birth_date:
            return None

        today = timezone.localdate()
        b = self.birth_date
        return today.year - b.year - ((today.month, today.day) < (b.month, b.day))


class ResidentTag(TimeStampedModel):
    resident = models.ForeignKey(
        Resident, verbose_name=_("resident"), on_delete=models.CASCADE, related_name="tag_links"
    )
    tag = models.ForeignKey(
        Tag, verbose_name=_("tag"), on_delete=models.PROTECT, related_name="links"
    )
    grade = models.PositiveSmallIntegerField(
        _("grade"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    since = models.DateField(_("since"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("special-group tag")
        verbose_name_plural = _("special-group tags")
        constraints = [
            models.UniqueConstraint(fields=["resident", "tag"], name="registry_resident_tag_unique")
        ]


class ResidentEvent(models.Model):
    """History of a resident: moves in and out, household changes, splits, merges, deaths.
    Append-only, like the audit log; written by registry.actions."""

    resident = models.ForeignKey(
        Resident, verbose_name=_("resident"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("event"), max_length=12, choices=choices.EventKind.choices)
    date = models.DateField(_("date"))
    from_household = models.ForeignKey(
        Household,
        verbose_name=_("from household"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    to_household = models.ForeignKey(
        Household,
        verbose_name=_("to household"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    scope_paths = ScopePaths(
        street="resident__community__street", community="resident__community", grid="resident__grid"
    )
    objects = ScopedManager()

    class Meta:
        verbose_name = _("resident event")
        verbose_name_plural = _("resident events")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class Visit(AuditedModel):
    """A grid worker's home visit (走访)."""

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="visits"
    )
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("visitor"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    date = models.DateField(_("date"))
    purpose = models.CharField(_("purpose"), max_length=100)
    notes = models.TextField(pgettext_lazy("visit", "notes"), blank=True)
    follow_up_needed = models.BooleanField(_("follow-up needed"), default=False)
    followed_up_at = models.DateTimeField(_("followed up at"), null=True, blank=True)

    scope_paths = ScopePaths(
        street="household__community__street",
        community="household__community",
        grid="household__grid",
    )
    objects = ScopedManager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-date", "-id"]


class ImportJob(TimeStampedModel):
    """An import of buildings, households or residents: validated, previewed, then run in the
    background with progress; its report and rejected rows can be downloaded."""

    class Kind(models.TextChoices):
        BUILDINGS = "buildings", _("buildings")
        HOUSEHOLDS = "households", pgettext_lazy("import kind", "households")
        RESIDENTS = "residents", _("residents")

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("uploaded")
        VALIDATING = "validating", _("validating")
        PREVIEW = "preview", _("ready to import")
        INVALID = "invalid", _("has errors")
        RUNNING = "running", _("importing")
        DONE = "done", pgettext_lazy("import", "imported")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UPLOADED
    )
    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    column_mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    valid_only = models.BooleanField(_("import valid rows only"), default=False)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("processed"), default=0)
    imported_rows = models.PositiveIntegerField(pgettext_lazy("import", "imported"), default=0)
    rejected_rows = models.PositiveIntegerField(_("rejected"), default=0)
    # First errors for the preview: [{"row": 7, "column": "身份证号", "message": "..."}]
    errors = models.JSONField(_("errors"), default=list, blank=True)
    rejected_file = models.FileField(
        _("rejected rows"), upload_to="imports/rejected/%Y/%m/", blank=True
    )
    message = models.TextField(_("message"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    scope_paths = ScopePaths(street="community__street", community="community")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    @property
    def progress_percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0


class GridProposal(TimeStampedModel):
    """A proposed partition of a community's buildings into grids (registry.partition).
    Nothing changes until a user applies it; applying is audited."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        APPLIED = "applied", _("applied")
        DISCARDED = "discarded", _("discarded")

    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="grid_proposals",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    target_households = models.PositiveIntegerField(_("target households per grid"))
    tolerance = models.DecimalField(_("tolerance"), max_digits=4, decimal_places=2, default=0.15)
    # {"<building id>": <grid number>}
    assignment = models.JSONField(_("assignment"), default=dict)
    # Per proposed grid: households, buildings, deviation from target, connected, compactness.
    stats = models.JSONField(_("balance figures"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    scope_paths = ScopePaths(street="community__street", community="community")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("grid proposal")
        verbose_name_plural = _("grid proposals")
        ordering = ["-created_at"]
