"""The import of a 12345 hotline export: every row becomes a case through `do_report` with
channel HOTLINE, keeping the hotline's ticket number and time of receipt.

Rows are checked one by one (class by small-class code or name, community by name in the
importer's street, ticket number unique in the file and among stored cases, phone, time,
urgency) and then reported inside a savepoint, so that every rule of `do_report` names its
row and column too. Nothing is written unless every row is valid, or the user chose
"valid rows only" (then the bad rows are skipped and listed). `check_hotline` is the
preview: the same run, always rolled back. As the registry importer, the import is one
audit event (IMPORT) naming the file, the cases created listed under it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongzhi.cases import hotline
from gongzhi.cases.actions.intake import do_report
from gongzhi.cases.choices import Channel, Urgency
from gongzhi.cases.models import Case, Category
from gongzhi.core import text
from gongzhi.core.actions import action
from gongzhi.core.models import AuditEntry
from gongzhi.org.models import Community

RECORD = "cases.record_case"
MAX_LISTED_ERRORS = 200
# do_report's fields → the file's column keys (the rest name the ticket column).
FIELD_COLUMN = {
    "category": "category",
    "description": "description",
    "hotline_ticket": "ticket",
    "community": "community",
    "grid": "community",
    "lat": "community",
    "address": "address",
    "reporter_name": "caller",
    "reporter_phone": "phone",
    "urgency": "urgency",
}


@dataclass
class HotlineResult:
    total: int = 0
    valid: int = 0
    imported: int = 0
    # {"row": 7, "column": "工单编号", "message": "…"}
    errors: list[dict] = field(default_factory=list)
    rejected_rows: set = field(default_factory=set)
    committed: bool = False
    case_ids: list[int] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return len(self.rejected_rows)


class _Rollback(Exception):
    pass


def _categories():
    small = Category.objects.filter(parent__isnull=False, active=True)
    by_code = {c.code: c for c in small}
    by_name: dict[str, list] = {}
    for c in small:
        by_name.setdefault(c.name, []).append(c)
    return by_code, by_name


def _category(value: str, by_code, by_name):
    """By code, by name, or by the last part of “大类/小类”."""
    for candidate in (value, value.replace("／", "/").split("/")[-1].strip()):
        if candidate in by_code:
            return by_code[candidate]
        named = by_name.get(candidate, [])
        if len(named) == 1:
            return named[0]
    return None


class _Rows:
    def __init__(self, actor, street):
        self.actor, self.street = actor, street
        self.by_code, self.by_name = _categories()
        self.communities = {c.name: c for c in Community.objects.filter(street=street)}
        self.seen: dict[str, int] = {}

    def stored(self, tickets) -> set[str]:
        return set(
            Case.objects.filter(channel=Channel.HOTLINE, hotline_ticket__in=tickets).values_list(
                "hotline_ticket", flat=True
            )
        )

    def arguments(self, rownum: int, cells: dict, stored: set) -> tuple[dict, list]:
        """do_report's keyword arguments for the row, and its errors [(column key, message)]."""
        errors = []
        value = {k: hotline.text_of(v) for k, v in cells.items()}
        ticket = value.get("ticket", "")
        if not ticket:
            errors.append(("ticket", _("This field is required.")))
        elif len(ticket) > 40:
            errors.append(("ticket", _("At most 40 characters.")))
        elif ticket in self.seen:
            errors.append(
                (
                    "ticket",
                    _("Ticket %(t)s repeats row %(row)d.")
                    % {"t": ticket, "row": self.seen[ticket]},
                )
            )
        elif ticket in stored:
            errors.append(("ticket", _("Hotline ticket %(t)s is already a case.") % {"t": ticket}))
        if ticket and ticket not in self.seen:
            self.seen[ticket] = rownum
        category = None
        if not value.get("category"):
            errors.append(("category", _("This field is required.")))
        else:
            category = _category(value["category"], self.by_code, self.by_name)
            if category is None:
                errors.append(
                    (
                        "category",
                        _("Unknown class %(v)s: give the code or name of an active small class.")
                        % {"v": value["category"][:50]},
                    )
                )
        community = None
        if not value.get("community"):
            errors.append(("community", _("This field is required.")))
        else:
            community = self.communities.get(value["community"])
            if community is None:
                errors.append(
                    (
                        "community",
                        _("Unknown community %(v)s in %(street)s.")
                        % {"v": value["community"][:50], "street": self.street.name},
                    )
                )
        received = None
        try:
            received = hotline.when(cells.get("received_at"))
        except (ValueError, OverflowError):
            errors.append(("received_at", _("Give a date and time such as 2026-12-07 09:30.")))
        phone = ""
        try:
            phone = text.clean_phone(value.get("phone", ""))
        except ValidationError as exc:
            errors.append(("phone", "; ".join(exc.messages)))
        urgency = value.get("urgency", "").lower()
        if urgency in hotline.URGENT_WORDS:
            urgency = Urgency.URGENT
        elif urgency in hotline.NORMAL_WORDS:
            urgency = Urgency.NORMAL
        else:
            errors.append(("urgency", _("Write 一般 or 紧急.")))
        return {
            "channel": Channel.HOTLINE,
            "hotline_ticket": ticket,
            "category": category,
            "description": value.get("description", ""),
            "community": community,
            "address": value.get("address", "")[:200],
            "reporter_name": value.get("caller", "")[:50],
            "reporter_phone": phone,
            "urgency": urgency,
            "hotline_received_at": received,
        }, errors


def _note(result: HotlineResult, rownum: int, errors) -> None:
    result.rejected_rows.add(rownum)
    for key, message in errors:
        if len(result.errors) < MAX_LISTED_ERRORS:
            result.errors.append(
                {"row": rownum, "column": hotline.header(key), "message": str(message)}
            )


def _run(actor, street, rows, result: HotlineResult) -> None:
    checker = _Rows(actor, street)
    stored = checker.stored([hotline.text_of(c.get("ticket")) for _n, c in rows])
    for rownum, cells in rows:
        result.total += 1
        kwargs, errors = checker.arguments(rownum, cells, stored)
        if errors:
            _note(result, rownum, errors)
            continue
        received = kwargs.pop("hotline_received_at")
        try:
            with transaction.atomic():
                case = do_report(actor, street, **kwargs)
                if received is not None:
                    case.hotline_received_at = received
                    case.save(update_fields=["hotline_received_at"])
        except ValidationError as exc:
            found = (
                exc.message_dict if hasattr(exc, "error_dict") else {"hotline_ticket": exc.messages}
            )
            _note(
                result,
                rownum,
                [(FIELD_COLUMN.get(f, "ticket"), m) for f, ms in found.items() for m in ms],
            )
        except PermissionDenied:
            _note(
                result,
                rownum,
                [("community", _("You can only record things inside your own area."))],
            )
        else:
            result.valid += 1
            result.case_ids.append(case.pk)


def check_hotline(actor, street, rows) -> HotlineResult:
    """The preview: every row checked as the import would, nothing kept."""
    result = HotlineResult()
    try:
        with transaction.atomic():
            _run(actor, street, rows, result)
            raise _Rollback
    except _Rollback:
        pass
    result.case_ids = []
    return result


@action(RECORD, kind=AuditEntry.Action.IMPORT)
def do_import_hotline(
    actor, street, rows, *, valid_only: bool = False, reason: str = ""
) -> HotlineResult:
    """Import the rows of a hotline file (`reason`: its name) into `street`. All or nothing,
    or with `valid_only` the valid rows only."""
    result = HotlineResult()
    try:
        with transaction.atomic():
            _run(actor, street, rows, result)
            if result.rejected and not valid_only:
                raise _Rollback
    except _Rollback:
        result.case_ids = []
        return result
    result.imported = len(result.case_ids)
    result.committed = True
    return result
