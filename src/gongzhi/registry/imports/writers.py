"""Writing checked records in batches: `bulk_create` everywhere, and on PostgreSQL
`COPY … FROM STDIN` into the real residents table (psycopg 3), which is what makes a
million-row import fit within a few times a raw COPY.

Bulk paths fire no model signals: the import writes one summary audit entry instead
(imports.engine), and keeps the buildings' household counts right with one query.
"""

from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from gongzhi.core import crypto
from gongzhi.registry import derive
from gongzhi.registry.choices import BuildingKind, HouseholdKind, ResidentStatus
from gongzhi.registry.models import Building, Estate, Household, Resident


class BaseWriter:
    def __init__(self, community):
        self.community = community
        self.now = timezone.now()
        self.written = 0

    def write(self, records: list[dict]) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Derived figures after the last batch."""


class BuildingWriter(BaseWriter):
    def __init__(self, community, validator):
        super().__init__(community)
        self.grids = validator.grids
        self.estates: dict[str, int] = {}

    def _estate(self, name):
        if not name:
            return None
        if name not in self.estates:
            estate, _created = Estate.objects.get_or_create(community=self.community, name=name)
            self.estates[name] = estate.pk
        return self.estates[name]

    def write(self, records):
        objs = [
            Building(
                community=self.community,
                grid_id=self.grids.get(r.get("grid")) if r.get("grid") else None,
                estate_id=self._estate(r.get("estate")),
                name=r["name"],
                address=r["address"],
                kind=r.get("kind") or BuildingKind.RESIDENTIAL,
                floors=r.get("floors") or 1,
                units=r.get("units") or 1,
                lat=r.get("lat"),
                lng=r.get("lng"),
            )
            for r in records
        ]
        Building.objects.bulk_create(objs, batch_size=1000)
        self.written += len(objs)


class HouseholdWriter(BaseWriter):
    def __init__(self, community, validator):
        super().__init__(community)
        self.buildings = validator.buildings
        self.touched: set[int] = set()

    def write(self, records):
        objs = []
        for r in records:
            building_id, grid_id = self.buildings[r["building"]]
            self.touched.add(building_id)
            address = r["building"] + (" " + r["room"] if r.get("room") else "")
            objs.append(
                Household(
                    community=self.community,
                    building_id=building_id,
                    grid_id=grid_id,
                    number=r["number"],
                    kind=r.get("kind") or HouseholdKind.REGISTERED,
                    address=address[:200],
                )
            )
        Household.objects.bulk_create(objs, batch_size=1000)
        self.written += len(objs)

    def finish(self):
        update_building_counts(self.touched)
        type(self.community).objects.filter(pk=self.community.pk).update(
            household_count=Household.objects.filter(community=self.community, active=True).count()
        )


def update_building_counts(building_ids) -> None:
    """Each building's household count from its active households: one UPDATE."""
    if not building_ids:
        return
    counts = (
        Household.objects.filter(building=OuterRef("pk"), active=True)
        .order_by()
        .values("building")
        .annotate(c=Count("pk"))
        .values("c")
    )
    Building.objects.filter(pk__in=list(building_ids)).update(
        household_count=Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))
    )


# COPY text format: these characters are escaped, None is \N (PostgreSQL, "COPY … FROM").
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_NULL = "\\N"


def _copy_text(value) -> str:
    """One constant column value in COPY text format."""
    if value is None:
        return _NULL
    if isinstance(value, bool):
        return "t" if value else "f"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).translate(_COPY_ESCAPES)


class ResidentWriter(BaseWriter):
    """Residents: the derived fields (pinyin, last four, birth date, sex) via registry.derive,
    encryption via core.crypto, blind indexes via the fields' own indexer.

    On PostgreSQL the rows go to the real table with `COPY … FROM STDIN` in text format,
    written here line by line: every column the import does not set has the same value in
    every row (its default, the community, the time), so it is rendered once; per row only
    the 20 columns that vary (VARIABLE) are rendered. Elsewhere, `bulk_create`."""

    # Columns a row sets (the rest keep their defaults).
    VARIABLE = (
        "grid_id", "household_id", "relation", "name", "name_pinyin", "name_initials",
        "id_number", "id_number_index", "id_last4", "birth_date", "sex", "phone",
        "phone_index", "ethnicity", "residence_type", "political_status", "education",
        "employment", "died_on", "status",
    )  # fmt: skip

    def __init__(self, community, validator, use_copy: bool | None = None):
        super().__init__(community)

        self.households = validator.households
        # Validated phone numbers are digits only: already in the index's normal form.
        self.phone_index = Resident._meta.get_field("phone_index").indexer(normalized=True)
        self.fields = [f for f in Resident._meta.concrete_fields if not f.primary_key]
        self.constants = {f.attname: f.get_default() for f in self.fields}
        self.constants.update(
            created_at=self.now, updated_at=self.now, community_id=self.community.pk
        )
        self.use_copy = connection.vendor == "postgresql" if use_copy is None else use_copy
        self.with_head: set[int] = set()
        if self.use_copy:
            self.encrypt = crypto.encryptor()
            attnames = [f.attname for f in self.fields]
            self.template = [
                _copy_text(f.get_db_prep_value(self.constants[f.attname], connection))
                for f in self.fields
            ]
            self.positions = [attnames.index(a) for a in self.VARIABLE]

    def row_values(self, r: dict) -> tuple:
        """The VARIABLE columns of one checked record, in that order (plaintext ID and
        phone: the caller encrypts)."""

        number, birth, sex, _warnings = r["id_number"]
        household = self.households.get(r.get("household") or "")
        household_id, grid_id = household if household else (None, None)
        relation = r.get("relation") or ""
        if household_id and relation == "head":
            self.with_head.add(household_id)
        name = r["name"]
        pinyin, initials = derive.pinyin_of(name)
        phone = r.get("phone") or ""
        c = self.constants
        died_on = r.get("died_on")
        return (
            grid_id,
            household_id,
            relation,
            name,
            pinyin,
            initials,
            number,
            r["id_number_index"],
            number[-4:],
            birth,
            sex,
            phone,
            self.phone_index(phone),
            r.get("ethnicity") or c["ethnicity"],
            r.get("residence_type") or c["residence_type"],
            r.get("political_status") or c["political_status"],
            r.get("education") or c["education"],
            r.get("employment") or c["employment"],
            died_on,
            ResidentStatus.DECEASED if died_on else c["status"],
        )

    def write(self, records):
        if self.use_copy:
            self._copy(records)
        else:
            self._bulk_create(records)
        self.written += len(records)

    def _bulk_create(self, records):
        objs = [
            Resident(
                **{**self.constants, **dict(zip(self.VARIABLE, self.row_values(r), strict=True))}
            )
            for r in records
        ]
        # The fields encrypt and index themselves on save.
        Resident.objects.bulk_create(objs, batch_size=1000)

    def _copy(self, records):
        table = connection.ops.quote_name(Resident._meta.db_table)
        names = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        encrypt = self.encrypt
        template = self.template
        (p_grid, p_household, p_relation, p_name, p_pinyin, p_initials, p_id, p_id_index,
         p_last4, p_birth, p_sex, p_phone, p_phone_index, p_ethnicity, p_residence,
         p_political, p_education, p_employment, p_died, p_status) = self.positions  # fmt: skip
        esc = _COPY_ESCAPES
        connection.ensure_connection()
        with (
            connection.connection.cursor() as cur,
            cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
        ):
            lines = []
            for r in records:
                (grid_id, household_id, relation, name, pinyin, initials, number, id_index,
                 last4, birth, sex, phone, phone_index, ethnicity, residence, political,
                 education, employment, died_on, status) = self.row_values(r)  # fmt: skip
                row = template.copy()
                row[p_grid] = _NULL if grid_id is None else str(grid_id)
                row[p_household] = _NULL if household_id is None else str(household_id)
                row[p_relation] = relation
                row[p_name] = name.translate(esc)
                row[p_pinyin] = pinyin.translate(esc)
                row[p_initials] = initials.translate(esc)
                row[p_id] = encrypt(number)
                row[p_id_index] = id_index
                row[p_last4] = last4
                row[p_birth] = birth.isoformat()
                row[p_sex] = sex
                row[p_phone] = encrypt(phone) if phone else ""
                row[p_phone_index] = phone_index
                row[p_ethnicity] = ethnicity
                row[p_residence] = residence
                row[p_political] = political
                row[p_education] = education
                row[p_employment] = employment
                row[p_died] = _NULL if died_on is None else died_on.isoformat()
                row[p_status] = status
                lines.append("\t".join(row))
                if len(lines) == 200:
                    # Send as we go: the server indexes these rows while we build the next.
                    lines.append("")
                    copy.write("\n".join(lines))
                    lines = []
            if lines:
                lines.append("")
                copy.write("\n".join(lines))

    def finish(self):
        if not self.with_head:
            return
        heads = (
            Resident.objects.filter(household=OuterRef("pk"), relation="head")
            .order_by("pk")
            .values("pk")[:1]
        )
        ids = list(self.with_head)
        for start in range(0, len(ids), 5000):
            Household.objects.filter(pk__in=ids[start : start + 5000], head__isnull=True).update(
                head=Subquery(heads)
            )


WRITERS = {"buildings": BuildingWriter, "households": HouseholdWriter, "residents": ResidentWriter}
