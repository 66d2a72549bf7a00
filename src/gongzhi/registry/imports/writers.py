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


def _toneless(reading: str) -> str:
    import unicodedata

    return "".join(
        c for c in unicodedata.normalize("NFD", reading) if not unicodedata.combining(c)
    ).replace("ü", "v")


_single_reading: dict[str, bool] = {}


def fast_pinyin(name: str) -> tuple[str, str]:
    """derive.pinyin_of, faster for the common case: when every character of the name is a
    Chinese character with one reading, the name's pinyin is its characters' pinyin (each
    from the cached derive.pinyin_of); any other name goes to derive.pinyin_of whole."""
    from pypinyin.constants import PINYIN_DICT

    parts = []
    for ch in name:
        ok = _single_reading.get(ch)
        if ok is None:
            readings = PINYIN_DICT.get(ord(ch), "")
            ok = _single_reading[ch] = (
                bool(readings) and len({_toneless(r) for r in readings.split(",")}) == 1
            )
        if not ok:
            return derive.pinyin_of(name)
        parts.append(derive.pinyin_of(ch))
    return "".join(p[0] for p in parts)[:120], "".join(p[1] for p in parts)[:20]


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
        from gongzhi.registry.models import Estate

        if not name:
            return None
        if name not in self.estates:
            estate, _created = Estate.objects.get_or_create(community=self.community, name=name)
            self.estates[name] = estate.pk
        return self.estates[name]

    def write(self, records):
        from gongzhi.registry.choices import BuildingKind
        from gongzhi.registry.models import Building

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
        from gongzhi.registry.choices import HouseholdKind
        from gongzhi.registry.models import Household

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
        from gongzhi.registry.models import Household

        update_building_counts(self.touched)
        type(self.community).objects.filter(pk=self.community.pk).update(
            household_count=Household.objects.filter(community=self.community, active=True).count()
        )


def update_building_counts(building_ids) -> None:
    """Each building's household count from its active households: one UPDATE."""
    from gongzhi.registry.models import Building, Household

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


class ResidentWriter(BaseWriter):
    """Residents: the derived fields (pinyin, last four, birth date, sex) via registry.derive,
    encryption via core.crypto, blind indexes via the fields' own `index_of`."""

    def __init__(self, community, validator, use_copy: bool | None = None):
        super().__init__(community)
        from gongzhi.registry.models import Resident

        self.households = validator.households
        self.phone_index = Resident._meta.get_field("phone_index").index_of
        self.fields = [f for f in Resident._meta.concrete_fields if not f.primary_key]
        self.defaults = {f.attname: f.get_default() for f in self.fields}
        self.use_copy = connection.vendor == "postgresql" if use_copy is None else use_copy
        self.with_head: set[int] = set()

    def row_values(self, r: dict) -> dict:
        from gongzhi.registry.choices import ResidentStatus

        number, birth, sex, _warnings = r["id_number"]
        household = self.households.get(r.get("household") or "")
        household_id, grid_id = household if household else (None, None)
        if household_id and r.get("relation") == "head":
            self.with_head.add(household_id)
        pinyin, initials = fast_pinyin(r["name"])
        phone = r.get("phone") or ""
        values = dict(self.defaults)
        values.update(
            created_at=self.now,
            updated_at=self.now,
            community_id=self.community.pk,
            grid_id=grid_id,
            household_id=household_id,
            relation=r.get("relation") or "",
            name=r["name"],
            name_pinyin=pinyin,
            name_initials=initials,
            id_number=number,
            id_number_index=r["id_number_index"],
            id_last4=number[-4:],
            birth_date=birth,
            sex=sex,
            phone=phone,
            phone_index=self.phone_index(phone) if phone else "",
        )
        for key in ("ethnicity", "residence_type", "political_status", "education", "employment"):
            if r.get(key):
                values[key] = r[key]
        if r.get("died_on"):
            values["died_on"] = r["died_on"]
            values["status"] = ResidentStatus.DECEASED
        return values

    def write(self, records):
        if self.use_copy:
            self._copy(records)
        else:
            self._bulk_create(records)
        self.written += len(records)

    def _bulk_create(self, records):
        from gongzhi.registry.models import Resident

        objs = []
        for r in records:
            values = self.row_values(r)
            obj = Resident(**values)
            objs.append(obj)
        # The fields encrypt and index themselves on save.
        Resident.objects.bulk_create(objs, batch_size=1000)

    def _copy(self, records):
        from gongzhi.registry.models import Resident

        table = connection.ops.quote_name(Resident._meta.db_table)
        names = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        encrypted = {"id_number", "phone"}
        attnames = [f.attname for f in self.fields]
        encrypt = crypto.encrypt
        connection.ensure_connection()
        with connection.connection.cursor() as cur:
            with cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for r in records:
                    values = self.row_values(r)
                    for key in encrypted:
                        if values[key]:
                            values[key] = encrypt(values[key])
                    copy.write_row([values[a] for a in attnames])

    def finish(self):
        from gongzhi.registry.models import Household, Resident

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
