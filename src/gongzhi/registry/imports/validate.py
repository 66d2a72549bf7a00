"""Checking rows: each cell is read by its column's type, each row against the rules of its
kind (duplicates inside the file and against the database, references to households,
buildings and grids of the community). A row gives either a clean record or its errors.

Rows are checked in chunks so that the database is asked once per chunk, not once per row.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.cn import ric

from gongzhi.core import idnumber, text
from gongzhi.org.models import Grid
from gongzhi.registry.imports import columns as C
from gongzhi.registry.models import Building, Household, Resident

EXCEL_EPOCH = datetime.date(1899, 12, 30)
_DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$", re.ASCII)  # full-width digits: slow path normalizes


class CellError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _message(exc: ValidationError) -> str:
    return "; ".join(str(m) for m in exc.messages)


# --- cells -------------------------------------------------------------------------------


def as_text(value, col: C.Column) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        return text.clean(value, max_length=col.max_length)
    except ValidationError as exc:
        raise CellError(_message(exc)) from None


def as_int(value, col: C.Column):
    if value is None or value == "":
        return None
    try:
        number = float(value) if not isinstance(value, int) else value
    except (TypeError, ValueError):
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": value}) from None
    if isinstance(number, float) and not number.is_integer():
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": value})
    number = int(number)
    _check_range(number, col)
    return number


def as_decimal(value, col: C.Column):
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise CellError(_("“%(value)s” is not a number.") % {"value": value}) from None
    if not number.is_finite():
        raise CellError(_("“%(value)s” is not a number.") % {"value": value})
    _check_range(number, col)
    return number.quantize(Decimal("0.000001"))


def _check_range(number, col):
    if (
        col.min_value is not None
        and number < col.min_value
        or col.max_value is not None
        and number > col.max_value
    ):
        raise CellError(
            _("%(value)s is out of range (%(min)s–%(max)s).")
            % {"value": number, "min": col.min_value, "max": col.max_value}
        )


def parse_date(value) -> datetime.date | None:
    """ISO dates, 2024/1/5, 2024.1.5, 2024年1月5日, 20240105 and Excel serial numbers (also
    when a CSV carries them as text); a date cell of a workbook arrives as a datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_serial(value)
    text = str(value).strip()
    if re.fullmatch(r"\d{1,5}(\.\d+)?", text):
        return _from_serial(float(text))
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            try:
                return datetime.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                raise CellError(_("“%(value)s” is not a real date.") % {"value": text}) from None
    raise CellError(
        _("“%(value)s” is not a date; write it like 2024-01-05, 2024/1/5 or 2024年1月5日.")
        % {"value": text}
    )


def _from_serial(number: float) -> datetime.date:
    if not 1 <= number < 2958466:  # 1900-01-01 .. 9999-12-31
        raise CellError(_("“%(value)s” is not a date.") % {"value": number})
    return EXCEL_EPOCH + datetime.timedelta(days=int(number))


def as_date(value, col: C.Column):
    d = parse_date(value)
    if d is not None and d > timezone.localdate():
        raise CellError(_("The date %(date)s is in the future.") % {"date": d.isoformat()})
    return d


_enum_seen: dict[tuple, str] = {}  # (choices, cell as typed) → code: a file repeats a few spellings


def as_enum(value, col: C.Column):
    if value is None or value == "":
        return None
    key = (col.choices, type(value), value)  # type: 1 and True are equal keys otherwise
    code = _enum_seen.get(key)
    if code is not None:
        return code
    code = C.enum_lookup(col.choices).get(C.normalize_header(value))
    if code is not None and len(_enum_seen) < 10000:
        _enum_seen[key] = code
    if code is None:
        options = "、".join(str(label) for _code, label in col.choices.choices[:12])
        raise CellError(
            _("“%(value)s” is not one of the allowed values: %(options)s.")
            % {"value": value, "options": options}
        )
    return code


def as_phone(value, col: C.Column) -> str:
    try:
        return text.clean_phone(value)
    except ValidationError as exc:
        raise CellError(f"“{value}”: {_message(exc)}") from None


_area_warnings: dict[str, list[str]] = {}


def check_id_number(value) -> tuple[str, datetime.date, str, list[str]]:
    """(number, birth date, sex, warnings) or CellError. Well-formed numbers take a fast
    path (stdnum's check digit, the date, the area code once per prefix); anything else
    goes through core.idnumber.parse, which gives the message."""
    if value is None or value == "":
        raise CellError(_("Enter an ID number."))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise CellError(
            _(
                "The ID number was stored as a number, so Excel dropped its last digits. Format the column as text and type the numbers again."
            )
        )
    number = str(value).upper()
    if _ID_SHAPE.match(number):
        try:
            birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        except ValueError:
            birth = None
        if (
            birth is not None
            and idnumber.oldest_birth_date(today := datetime.date.today()) <= birth <= today
            and ric.calc_check_digit(number) == number[17]
        ):
            area = number[:6]
            warnings = _area_warnings.get(area)
            if warnings is None:
                warnings = _area_warnings[area] = idnumber.parse(number).warnings
            return number, birth, ("M" if int(number[16]) % 2 else "F"), warnings
    try:
        info = idnumber.parse(number)
    except ValidationError as exc:
        raise CellError(_message(exc)) from None
    return info.number, info.birth_date, info.sex, info.warnings


READERS = {
    C.TEXT: as_text,
    C.INT: as_int,
    C.DECIMAL: as_decimal,
    C.DATE: as_date,
    C.ENUM: as_enum,
    C.PHONE: as_phone,
}


# --- rows --------------------------------------------------------------------------------


class RowValidator:
    """Base: reads the mapped cells of a row by their column type. Subclasses add the rules
    of their kind in `check_chunk`, where they may ask the database once per chunk."""

    kind: C.Kind

    def __init__(self, community, colmap: dict[int, str], headers: list[str]):
        self.community = community
        self.colmap = colmap
        self.headers = headers
        self.header_of = {
            key: headers[i] or C.zh(self.kind.column(key).label) for i, key in colmap.items()
        }
        self.cells = [(i, self.kind.column(key)) for i, key in colmap.items()]
        self.warnings: list[tuple[int, str, str]] = []
        self.prepare()

    def prepare(self) -> None:
        """Load what the checks need from the database (once per import)."""

    def read(self, values: list) -> tuple[dict, list[tuple[str, str]]]:
        data: dict = {}
        errors: list[tuple[str, str]] = []
        n = len(values)
        for i, col in self.cells:
            raw = values[i] if i < n else None
            try:
                if col.type == C.ID_NUMBER:
                    data[col.key] = check_id_number(raw)
                else:
                    data[col.key] = READERS[col.type](raw, col)
            except CellError as exc:
                errors.append((col.key, exc.message))
                continue
            if col.required and data[col.key] in (None, ""):
                errors.append((col.key, _("This column is required.")))
        return data, errors

    def check_chunk(self, rows: list[tuple[int, list]]):
        """Yield (row number, values, record or None, errors) for each row."""
        for rownum, values in rows:
            data, errors = self.read(values)
            self.check_row(rownum, data, errors)
            yield rownum, values, (None if errors else data), errors

    def check_row(self, rownum: int, data: dict, errors: list) -> None:
        """Rules of one row of this kind; append (column key, message) to `errors`."""


class BuildingValidator(RowValidator):
    kind = C.BUILDINGS

    def prepare(self):
        self.existing = set(
            Building.objects.filter(community=self.community).values_list("address", flat=True)
        )
        self.grids = dict(Grid.objects.filter(community=self.community).values_list("number", "pk"))
        self.seen: dict[str, int] = {}

    def check_row(self, rownum, data, errors):
        address = data.get("address")
        if not address:
            pass
        elif address in self.existing:
            errors.append(
                ("address", _("A building with this address is already in the community."))
            )
        elif address in self.seen:
            errors.append(
                (
                    "address",
                    _("Same address as row %(row)d of this file.") % {"row": self.seen[address]},
                )
            )
        if data.get("grid") is not None and data["grid"] not in self.grids:
            errors.append(
                (
                    "grid",
                    _("The community has no grid number %(number)d.") % {"number": data["grid"]},
                )
            )
        if not errors:
            self.seen[address] = rownum


class HouseholdValidator(RowValidator):
    kind = C.HOUSEHOLDS

    def prepare(self):
        self.existing = set(
            Household.objects.filter(community=self.community).values_list("number", flat=True)
        )
        self.buildings = {
            address: (pk, grid_id)
            for pk, address, grid_id in Building.objects.filter(
                community=self.community
            ).values_list("pk", "address", "grid_id")
        }
        self.seen: dict[str, int] = {}

    def check_row(self, rownum, data, errors):
        number = data.get("number")
        if not number:
            pass
        elif number in self.existing:
            errors.append(
                ("number", _("A household with this number is already in the community."))
            )
        elif number in self.seen:
            errors.append(
                (
                    "number",
                    _("Same household number as row %(row)d of this file.")
                    % {"row": self.seen[number]},
                )
            )
        if data.get("building") and data["building"] not in self.buildings:
            errors.append(
                (
                    "building",
                    _(
                        "No building with this address in the community; import the buildings first."
                    ),
                )
            )
        if not errors:
            self.seen[number] = rownum


class ResidentValidator(RowValidator):
    kind = C.RESIDENTS

    def prepare(self):
        self.households = {
            number: (pk, grid_id)
            for pk, number, grid_id in Household.objects.filter(
                community=self.community
            ).values_list("pk", "number", "grid_id")
        }
        # check_id_number gives the number in the index's normal form (ASCII, upper case).
        self.id_index = Resident._meta.get_field("id_number_index").indexer(normalized=True)
        # ID number (as an int: 17 digits + check) → first row holding it.
        self.seen: dict[int, int] = {}
        self.today = datetime.date.today()

    def check_chunk(self, rows):
        checked = []
        for rownum, values in rows:
            data, errors = self.read(values)
            self.check_row(rownum, data, errors)
            if not errors:
                data["id_number_index"] = self.id_index(data["id_number"][0])
            else:
                self._forget(rownum, data)
            checked.append((rownum, values, data, errors))
        indexes = [d["id_number_index"] for _r, _v, d, e in checked if not e]
        taken = set()
        for start in range(0, len(indexes), 2000):
            taken.update(
                # No ORDER BY (the model's joins the street to sort); `<> ''` lets
                # PostgreSQL answer from the constraint's partial unique index.
                Resident.objects.filter(id_number_index__in=indexes[start : start + 2000])
                .exclude(id_number_index="")
                .order_by()
                .values_list("id_number_index", flat=True)
            )
        for rownum, values, data, errors in checked:
            if not errors and data["id_number_index"] in taken:
                errors.append(
                    ("id_number", _("A resident with this ID number is already in the registry."))
                )
            yield rownum, values, (None if errors else data), errors

    def _forget(self, rownum, data):
        # A rejected row does not hold its ID number: a later row may (valid-only mode).
        value = data.get("id_number")
        if isinstance(value, tuple) and self.seen.get(_id_key(value[0])) == rownum:
            del self.seen[_id_key(value[0])]

    def check_row(self, rownum, data, errors):
        if data.get("name"):
            try:
                text.validate_name(data["name"])
            except ValidationError as exc:
                errors.append(("name", _message(exc)))
        if "id_number" in data:
            number, birth, sex, warnings = data["id_number"]
            key = _id_key(number)
            first = self.seen.get(key)
            if first is not None:
                errors.append(
                    ("id_number", _("Same ID number as row %(row)d of this file.") % {"row": first})
                )
            else:
                self.seen[key] = rownum
            for w in warnings:
                if len(self.warnings) < 200:
                    self.warnings.append((rownum, "id_number", w))
            if data.get("birth_date") and data["birth_date"] != birth:
                errors.append(
                    (
                        "birth_date",
                        _("The birth date does not match the ID number (%(date)s).")
                        % {"date": birth.isoformat()},
                    )
                )
            if data.get("died_on") and data["died_on"] < birth:
                errors.append(("died_on", _("The date of death is before the birth date.")))
        household = data.get("household")
        if household and household not in self.households:
            errors.append(
                (
                    "household",
                    _(
                        "No household with this number in the community; import the households first."
                    ),
                )
            )
        if data.get("relation") and not household:
            errors.append(("relation", _("A relation to the head needs a household number.")))


def _id_key(number: str) -> int:
    return int(number[:17]) * 11 + (10 if number[17] == "X" else int(number[17]))


VALIDATORS = {
    "buildings": BuildingValidator,
    "households": HouseholdValidator,
    "residents": ResidentValidator,
}
