"""Places: the street office, its units, departments, communities and grids."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.core.models import AuditedModel
from gongzhi.org import choices
from gongzhi.org.scoping import ScopedManager, ScopePaths

digits = lambda n: RegexValidator(rf"^\d{{{n}}}$", _("Enter exactly %(n)d digits.") % {"n": n})  # noqa: E731


class Street(AuditedModel):
    """A street office (街道办事处): the top unit of one deployment."""

    name = models.CharField(_("name"), max_length=100)
    division_code = models.CharField(
        _("statistical division code"),
        max_length=12,
        unique=True,
        validators=[digits(12)],
        help_text=_("12-digit code: county 6 + street 3 + 000."),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    grid_household_norm = models.PositiveIntegerField(
        _("households per grid (norm)"), default=300, validators=[MinValueValidator(1)]
    )
    has_street_work_station = models.BooleanField(
        _("one work station for the whole street"),
        default=False,
        help_text=_("Xuanwu model: one street-level station serves all communities through grids."),
    )
    # Residents' committee elections: the province's condition for a resident whose hukou is
    # elsewhere (流动人口/人户分离) to join the voter register on their own application.
    migrant_residence_months = models.PositiveSmallIntegerField(
        _("migrants on the voter register: months of residence, at least"),
        default=12,
        validators=[
            MinValueValidator(1, _("Give at least one month.")),
            MaxValueValidator(120, _("At most 120 months (ten years).")),
        ],
        help_text=_(
            "A resident whose hukou is registered elsewhere joins the voter register on their "
            "own application after living here this long by election day (e.g. 12 = one year)."
        ),
    )
    migrant_home_consent_required = models.BooleanField(
        _("migrants on the voter register: home area's consent required"),
        default=False,
        help_text=_(
            "Where the province requires it, the application carries the consent of the "
            "place where the applicant's hukou is registered (document and date)."
        ),
    )

    scope_paths = ScopePaths(street="pk")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("street office")
        verbose_name_plural = _("street offices")
        ordering = ["division_code"]

    def __str__(self) -> str:
        return self.name

    @property
    def county_code(self) -> str:
        return self.division_code[:6]

    @property
    def street_code(self) -> str:
        return self.division_code[6:9]


class StreetUnit(AuditedModel):
    """A section (科), office (办) or centre (中心) of the street office."""

    Kind = choices.StreetUnitKind

    street = models.ForeignKey(
        Street, verbose_name=_("street"), on_delete=models.CASCADE, related_name="units"
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SECTION)
    duties = models.TextField(_("duties"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    scope_paths = ScopePaths(street="street")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("street unit")
        verbose_name_plural = _("street units")
        ordering = ["street", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["street", "name"], name="org_unit_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Department(AuditedModel):
    """A government department (职能部门) of the district or city."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.SlugField(_("code"), max_length=32, unique=True)
    level = models.CharField(
        _("level"), max_length=20, blank=True, help_text=_("e.g. district, city")
    )

    scope_paths = None  # district-wide: every signed-in user with a role may see it
    objects = ScopedManager()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Community(AuditedModel):
    Structure = choices.CommunityStructure

    street = models.ForeignKey(
        Street, verbose_name=_("street"), on_delete=models.PROTECT, related_name="communities"
    )
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(
        _("community code"),
        max_length=3,
        validators=[digits(3)],
        help_text=_("3 digits within the street."),
    )
    structure = models.CharField(_("structure"), max_length=32, choices=Structure.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    household_count = models.PositiveIntegerField(
        _("households"),
        default=0,
        help_text=_("Kept up to date from the registry where it exists."),
    )
    multi_ethnic = models.BooleanField(_("multi-ethnic community"), default=False)
    center_lat = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    center_lng = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    scope_paths = ScopePaths(street="street", community="pk")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["street", "code"]
        constraints = [
            models.UniqueConstraint(fields=["street", "code"], name="org_community_unique_code")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def division_code(self) -> str:
        return self.street.division_code[:9] + self.code

    @property
    def has_station(self) -> bool:
        return self.structure != self.Structure.PARTY_COMMITTEE


class Grid(AuditedModel):
    """A grid (网格): ~300 households looked after by grid workers. Code per CJ/T 349:
    county 6 + street 3 + community 3 + grid 2. Buildings and polygons come with the registry."""

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="grids"
    )
    number = models.PositiveSmallIntegerField(_("grid number"), validators=[MinValueValidator(1)])
    name = models.CharField(_("name"), max_length=100, blank=True)
    boundary = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)
    household_norm = models.PositiveIntegerField(
        _("households norm"), null=True, blank=True, help_text=_("Empty: the street's norm.")
    )

    scope_paths = ScopePaths(street="community__street", community="community", grid="pk")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("grid")
        verbose_name_plural = _("grids")
        ordering = ["community", "number"]
        constraints = [
            models.UniqueConstraint(fields=["community", "number"], name="org_grid_unique_number"),
            models.CheckConstraint(condition=Q(number__lte=99), name="org_grid_number_two_digits"),
        ]

    def __str__(self) -> str:
        return self.name or f"{self.community.name} {self.number:02d}"

    @property
    def code(self) -> str:
        return self.community.division_code + f"{self.number:02d}"
