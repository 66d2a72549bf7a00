"""The organization: street office, its units, communities and their three bodies (三位一体),
grids, staff, dispatched cadres, and who holds which role where."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongzhi.core.fields import EncryptedTextField
from gongzhi.core.masking import mask_phone
from gongzhi.core.models import AuditedModel
from gongzhi.org.roles import ROLE_LEVELS, Role
from gongzhi.org.scoping import ScopedManager, ScopePaths, permission_for, scope_of

digits = lambda n: RegexValidator(rf"^\d{{{n}}}$", _("Enter exactly %(n)d digits.") % {"n": n})  # noqa: E731


class Ethnicity(models.TextChoices):
    # The 56 groups of GB/T 3304, code = order there.
    HAN = "01", _("Han")
    MONGOL = "02", _("Mongol")
    HUI = "03", _("Hui")
    TIBETAN = "04", _("Tibetan")
    UYGHUR = "05", _("Uyghur")
    MIAO = "06", _("Miao")
    YI = "07", _("Yi")
    ZHUANG = "08", _("Zhuang")
    BUYEI = "09", _("Buyei")
    KOREAN = "10", _("Korean")
    MANCHU = "11", _("Manchu")
    DONG = "12", _("Dong")
    YAO = "13", _("Yao")
    BAI = "14", _("Bai")
    TUJIA = "15", _("Tujia")
    HANI = "16", _("Hani")
    KAZAKH = "17", _("Kazakh")
    DAI = "18", _("Dai")
    LI = "19", _("Li")
    LISU = "20", _("Lisu")
    VA = "21", _("Va")
    SHE = "22", _("She")
    GAOSHAN = "23", _("Gaoshan")
    LAHU = "24", _("Lahu")
    SUI = "25", _("Sui")
    DONGXIANG = "26", _("Dongxiang")
    NAXI = "27", _("Naxi")
    JINGPO = "28", _("Jingpo")
    KYRGYZ = "29", _("Kyrgyz")
    TU = "30", _("Tu")
    DAUR = "31", _("Daur")
    MULAO = "32", _("Mulao")
    QIANG = "33", _("Qiang")
    BLANG = "34", _("Blang")
    SALAR = "35", _("Salar")
    MAONAN = "36", _("Maonan")
    GELAO = "37", _("Gelao")
    XIBE = "38", _("Xibe")
    ACHANG = "39", _("Achang")
    PUMI = "40", _("Pumi")
    TAJIK = "41", _("Tajik")
    NU = "42", _("Nu")
    UZBEK = "43", _("Uzbek")
    RUSSIAN = "44", _("Russian")
    EWENKI = "45", _("Ewenki")
    DEANG = "46", _("De'ang")
    BONAN = "47", _("Bonan")
    YUGUR = "48", _("Yugur")
    GIN = "49", _("Gin")
    TATAR = "50", _("Tatar")
    DERUNG = "51", _("Derung")
    OROQEN = "52", _("Oroqen")
    HEZHEN = "53", _("Hezhen")
    MONBA = "54", _("Monba")
    LHOBA = "55", _("Lhoba")
    JINO = "56", _("Jino")


class Sex(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


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

    class Kind(models.TextChoices):
        OFFICE = "office", _("office")
        SECTION = "section", _("section")
        CENTRE = "centre", _("centre")

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
    class Structure(models.TextChoices):
        # Which bodies the community has (the seed's models).
        PARTY_STATION_COMMITTEE = (
            "party_station_committee",
            _("Party committee, station, residents' committee (一委一站一居)"),
        )
        PARTY_COMMITTEE_STATION = (
            "party_committee_station",
            _("Party committee, residents' committee, station (一委一居一站)"),
        )
        PARTY_COMMITTEE = (
            "party_committee",
            _("Party committee and residents' committee (一委一居)"),
        )

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


class PartyCommittee(AuditedModel):
    community = models.OneToOneField(
        Community,
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="party_committee",
    )
    name = models.CharField(_("name"), max_length=100)
    secretary_name = models.CharField(_("secretary"), max_length=50, blank=True)

    scope_paths = ScopePaths(street="community__street", community="community")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("community party committee")
        verbose_name_plural = _("community party committees")

    def __str__(self) -> str:
        return self.name


class CommitteeDuty(AuditedModel):
    """One duty on the list a de-administrated residents' committee keeps (Jianye: 16)."""

    street = models.ForeignKey(
        Street, verbose_name=_("street"), on_delete=models.CASCADE, related_name="committee_duties"
    )
    name = models.CharField(_("duty"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    scope_paths = ScopePaths(street="street")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("committee duty")
        verbose_name_plural = _("committee duties")
        ordering = ["street", "order"]

    def __str__(self) -> str:
        return self.name


class ResidentsCommittee(AuditedModel):
    community = models.OneToOneField(
        Community,
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="residents_committee",
    )
    name = models.CharField(_("name"), max_length=100)
    duties_limited = models.BooleanField(
        _("limited to self-government duties"),
        default=False,
        help_text=_("De-administrated committee (Jianye): keeps only the duties on its list."),
    )
    duties = models.ManyToManyField(
        CommitteeDuty, verbose_name=_("duties"), blank=True, related_name="committees"
    )

    scope_paths = ScopePaths(street="community__street", community="community")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("residents' committee")
        verbose_name_plural = _("residents' committees")

    def __str__(self) -> str:
        return self.name


class CommitteeMember(AuditedModel):
    class Post(models.TextChoices):
        CHAIR = "chair", _("chair")
        VICE_CHAIR = "vice_chair", _("vice chair")
        MEMBER = "member", _("member")

    committee = models.ForeignKey(
        ResidentsCommittee,
        verbose_name=_("residents' committee"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    post = models.CharField(_("post"), max_length=12, choices=Post.choices, default=Post.MEMBER)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    ethnicity = models.CharField(
        _("ethnicity"), max_length=2, choices=Ethnicity.choices, default=Ethnicity.HAN
    )
    on_duty = models.BooleanField(_("on duty (坐班)"), default=False)
    paid = models.BooleanField(_("paid"), default=False)
    monthly_allowance = models.DecimalField(
        _("monthly allowance (yuan)"),
        max_digits=9,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    start_date = models.DateField(_("from"), default=timezone.localdate)
    end_date = models.DateField(_("until"), null=True, blank=True)

    scope_paths = ScopePaths(
        street="committee__community__street", community="committee__community"
    )
    objects = ScopedManager()

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["committee", "post", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_post_display()})"

    @property
    def is_minority(self) -> bool:
        return self.ethnicity != Ethnicity.HAN


class WorkingCommittee(AuditedModel):
    """A sub-committee of the residents' committee (Art. 13: mediation, security, health…)."""

    committee = models.ForeignKey(
        ResidentsCommittee,
        verbose_name=_("residents' committee"),
        on_delete=models.CASCADE,
        related_name="working_committees",
    )
    name = models.CharField(_("name"), max_length=100)
    members = models.ManyToManyField(
        CommitteeMember, verbose_name=_("members"), blank=True, related_name="working_committees"
    )

    scope_paths = ScopePaths(
        street="committee__community__street", community="committee__community"
    )
    objects = ScopedManager()

    class Meta:
        verbose_name = _("working committee")
        verbose_name_plural = _("working committees")
        ordering = ["committee", "name"]

    def __str__(self) -> str:
        return self.name


class ServiceStation(AuditedModel):
    """A service station (服务站): in a community, or one for the whole street (Xuanwu)."""

    street = models.ForeignKey(
        Street, verbose_name=_("street"), on_delete=models.CASCADE, related_name="stations"
    )
    community = models.OneToOneField(
        Community,
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="station",
        help_text=_("Empty for a street-level work station."),
    )
    name = models.CharField(_("name"), max_length=100)
    supervised_by_committee = models.BooleanField(
        _("supervised by the residents' committee"), default=True
    )

    scope_paths = ScopePaths(street="street", community="community")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("service station")
        verbose_name_plural = _("service stations")

    def __str__(self) -> str:
        return self.name

    @property
    def is_street_level(self) -> bool:
        return self.community_id is None


class WorkingGroup(AuditedModel):
    station = models.ForeignKey(
        ServiceStation,
        verbose_name=_("service station"),
        on_delete=models.CASCADE,
        related_name="working_groups",
    )
    name = models.CharField(_("name"), max_length=100)
    duties = models.TextField(_("duties"), blank=True)

    scope_paths = ScopePaths(street="station__street", community="station__community")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["station", "name"]

    def __str__(self) -> str:
        return self.name


class ResidentsGroup(AuditedModel):
    """居民小组 (Art. 14), with its elected leader."""

    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="residents_groups",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    leader_name = models.CharField(_("group leader"), max_length=50, blank=True)

    scope_paths = ScopePaths(street="community__street", community="community")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("residents' group")
        verbose_name_plural = _("residents' groups")
        ordering = ["community", "number"]
        constraints = [
            models.UniqueConstraint(fields=["community", "number"], name="org_group_unique_number")
        ]

    def __str__(self) -> str:
        return self.name or _("Group %(n)d") % {"n": self.number}


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


class Provider(AuditedModel):
    """An outside organization that delivers services (care provider, hospital, social org)."""

    class Kind(models.TextChoices):
        CARE = "care", _("care provider")
        HOSPITAL = "hospital", _("hospital")
        SOCIAL = "social", _("social organization")
        COMPANY = "company", _("company")

    name = models.CharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    contact_name = models.CharField(_("contact"), max_length=50, blank=True)
    contact_phone = EncryptedTextField(_("contact phone"), masker=mask_phone)

    scope_paths = None
    objects = ScopedManager()

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CareCentre(AuditedModel):
    """A community home-care centre (Hefei): government buys, a provider runs it."""

    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="care_centres",
    )
    name = models.CharField(_("name"), max_length=150)
    operator = models.ForeignKey(
        Provider,
        verbose_name=_("operated by"),
        on_delete=models.PROTECT,
        related_name="operated_centres",
    )
    partner_hospital = models.ForeignKey(
        Provider,
        verbose_name=_("partner hospital"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_centres",
    )
    contract_start = models.DateField(_("contract start"), null=True, blank=True)
    contract_end = models.DateField(_("contract end"), null=True, blank=True)

    scope_paths = ScopePaths(street="community__street", community="community")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("home-care centre")
        verbose_name_plural = _("home-care centres")

    def __str__(self) -> str:
        return self.name


class Staff(AuditedModel):
    """A person working for the street office, a community body or a station."""

    class Employment(models.TextChoices):
        CIVIL_SERVANT = "civil_servant", _("civil servant")
        SOCIAL_WORKER = "social_worker", _("community social worker")
        CONTRACT = "contract", _("contract staff")
        DISPATCHED = "dispatched", _("dispatched cadre")
        VOLUNTEER = "volunteer", _("volunteer")

    street = models.ForeignKey(
        Street, verbose_name=_("street"), on_delete=models.PROTECT, related_name="staff"
    )
    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    unit = models.ForeignKey(
        StreetUnit,
        verbose_name=_("street unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
    )
    station = models.ForeignKey(
        ServiceStation,
        verbose_name=_("service station"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("log-in"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_record",
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    position = models.CharField(_("position"), max_length=100)
    employment = models.CharField(
        _("employment"), max_length=16, choices=Employment.choices, default=Employment.SOCIAL_WORKER
    )
    phone = EncryptedTextField(_("phone"), masker=mask_phone)
    active = models.BooleanField(pgettext_lazy("staff", "active"), default=True)

    scope_paths = ScopePaths(street="street", community="community")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["street", "community", "name"]

    def __str__(self) -> str:
        return f"{self.name} · {self.position}"


class DispatchedCadre(AuditedModel):
    """A cadre or unit posted by a department in a community (派驻)."""

    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="dispatched",
    )
    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="dispatched_cadres",
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    post = models.CharField(_("post"), max_length=100)
    duties = models.TextField(_("duties"), blank=True)
    office_hours = models.CharField(_("office hours"), max_length=100, blank=True)
    start_date = models.DateField(_("term start"))
    end_date = models.DateField(_("term end"), null=True, blank=True)

    scope_paths = ScopePaths(street="community__street", community="community")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("dispatched cadre")
        verbose_name_plural = _("dispatched cadres")
        ordering = ["community", "department", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="org_cadre_term_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.department})"


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
