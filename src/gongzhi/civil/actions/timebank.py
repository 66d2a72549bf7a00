"""The time bank (时间银行): a double-entry ledger per street (civil.models.timebank).

Every movement is one `Transfer` with postings summing to zero (+ credit, − debit):

- deposit: the person +h, the street's `issued` account −h — made by `deposit_on_hours`, the
  receiver of `signals.hours_recorded`, for hours served on an activity `for_people_in_need`
  where the street's bank is enabled (a reversing entry takes its deposit back);
- spend: the person −h, the street's `redeemed` account +h — when a redemption request is
  served;
- transfer: one person −h, a member of the same household +h.

A person's balance never goes negative (refused, nothing written) and never passes the
street's storage cap (a deposit stops at the cap; a transfer over it is refused). So the sum
of the person accounts is deposits minus spending, which `civil.timebank_check` verifies."""

from decimal import Decimal

from django.db.models import Sum
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.civil.choices import TransferKind
from gongzhi.civil.errors import Code
from gongzhi.civil.models import (
    Account,
    HoursEntry,
    Posting,
    Redemption,
    TimeBankSettings,
    Transfer,
)
from gongzhi.civil.signals import hours_recorded
from gongzhi.core.actions import action
from gongzhi.core.errors import refuse
from gongzhi.core.statemachine import StateMachine, Transition

CENT = Decimal("0.01")
MAX_MOVE = Decimal("1500")  # no single movement above the largest cap in use

S = Redemption.Status
REDEMPTION = StateMachine(
    {
        "serve": Transition((S.REQUESTED,), S.SERVED, gettext_lazy("Mark as served")),
        "cancel": Transition((S.REQUESTED,), S.CANCELLED, gettext_lazy("Cancel the request")),
    },
    illegal=gettext_lazy("A request that is “%(status)s” cannot be moved by “%(action)s”."),
)


def settings_of(street) -> TimeBankSettings | None:
    return TimeBankSettings.objects.filter(street=street).first()


def _enabled(street) -> TimeBankSettings:
    bank = settings_of(street)
    if bank is None or not bank.enabled:
        refuse(Code.TB_DISABLED, _("This street does not run a time bank."))
    return bank


def system_account(street, kind: str) -> Account:
    account, _created = Account.objects.get_or_create(street=street, kind=kind, owner=None)
    return account


def person_account(street, resident) -> Account:
    account, _created = Account.objects.get_or_create(
        street=street, kind=Account.Kind.PERSON, owner=resident
    )
    return account


def _hours(value, field="hours") -> Decimal:
    value = Decimal(value).quantize(CENT)
    if value <= 0:
        refuse(Code.TB_HOURS, _("Hours must be more than zero."), field=field)
    if value > MAX_MOVE:
        refuse(Code.TB_HOURS, _("At most 1,500 hours at a time."), field=field)
    return value


def _post(actor, street, kind, hours, sides, **links) -> Transfer:
    """One movement: `sides` is [(account, amount)] summing to zero. Person accounts are
    locked, then checked: not below zero, credits not past the cap."""
    if sum((amount for _a, amount in sides), Decimal(0)) != 0:  # pragma: no cover - a bug
        raise AssertionError("a movement's postings must sum to zero")
    ids = sorted(a.pk for a, _amount in sides)
    locked = {a.pk: a for a in Account.objects.select_for_update().filter(pk__in=ids)}
    cap = None
    for account, amount in sides:
        current = locked[account.pk]
        if current.kind != Account.Kind.PERSON:
            continue
        if current.balance + amount < 0:
            refuse(
                Code.TB_BALANCE,
                _("Only %(balance)s hours are in this account.") % {"balance": current.balance},
                field="hours",
            )
        if amount > 0:
            cap = cap if cap is not None else settings_of(street).cap_hours
            if current.balance + amount > cap:
                refuse(
                    Code.TB_CAP,
                    _("An account holds at most %(cap)s hours.") % {"cap": cap},
                    field="hours",
                )
    transfer = Transfer.objects.create(
        street=street, kind=kind, hours=hours, made_by=actor, **links
    )
    Posting.objects.bulk_create(
        [Posting(transfer=transfer, account=account, amount=amount) for account, amount in sides]
    )
    # The new balance is computed from the locked row in Decimal and written as such: an
    # F() expression would add in floating point on SQLite (0.3 − 0.3 ≠ 0 there).
    for account, amount in sides:
        current = locked[account.pk]
        current.balance = (current.balance + amount).quantize(CENT)
        Account.objects.filter(pk=account.pk).update(balance=current.balance)
    return transfer


# --- deposits from the ledger ----------------------------------------------------------


@receiver(hours_recorded, dispatch_uid="civil.timebank.deposit")
def deposit_on_hours(sender, entry: HoursEntry, actor, **kwargs) -> None:
    """Deposit hours served for people in need (up to the cap); take a reversed entry's
    deposit back (refused when those hours are already spent or given away)."""
    if entry.reverses_id is not None:
        deposit = Transfer.objects.filter(hours_entry_id=entry.reverses_id).first()
        if deposit is None:
            return
        street = deposit.street
        person = deposit.postings.get(amount__gt=0).account
        person = Account.objects.select_for_update().get(pk=person.pk)
        if person.balance < deposit.hours:
            refuse(
                Code.TB_REVERSE_SPENT,
                _("These hours went into the time bank and are already spent or given away."),
            )
        _post(
            actor,
            street,
            TransferKind.DEPOSIT,
            deposit.hours,
            [
                (person, -deposit.hours),
                (system_account(street, Account.Kind.ISSUED), deposit.hours),
            ],
            hours_entry=entry,
            memo=_("Taken back: the hours were corrected"),
        )
        return
    activity = entry.activity
    if activity is None or not activity.for_people_in_need or entry.hours <= 0:
        return
    street = activity.street
    bank = settings_of(street)
    if bank is None or not bank.enabled:
        return
    account = person_account(street, entry.volunteer.resident)
    account = Account.objects.select_for_update().get(pk=account.pk)
    hours = min(entry.hours, bank.cap_hours - account.balance).quantize(CENT)
    if hours <= 0:
        return  # at the cap: the hours stay in the ledger only
    _post(
        actor,
        street,
        TransferKind.DEPOSIT,
        hours,
        [(account, hours), (system_account(street, Account.Kind.ISSUED), -hours)],
        hours_entry=entry,
        memo=entry.content[:200],
    )


def _eligible(street):
    """Live entries (neither reversed nor a reversal) served for people in need in the
    street, not deposited yet, oldest first."""
    return (
        HoursEntry.objects.filter(
            activity__street=street,
            activity__for_people_in_need=True,
            reverses__isnull=True,
            reversed_by__isnull=True,
            deposit__isnull=True,
            hours__gt=0,
        )
        .select_related("activity", "volunteer__resident")
        .order_by("started_at", "pk")
    )


@action("civil.change_timebanksettings")
def do_deposit_backlog(actor, street) -> TimeBankSettings:
    """When a street's bank starts: deposit the hours already served there for people in
    need (each entry once, oldest first, up to the cap) — one event for the lot."""
    bank = _enabled(street)
    for entry in _eligible(street).iterator(chunk_size=500):
        deposit_on_hours(HoursEntry, entry=entry, actor=actor)
    return bank


# --- settings ----------------------------------------------------------------------------


@action("civil.change_timebanksettings")
def do_configure_time_bank(actor, street, *, enabled: bool, cap_hours) -> TimeBankSettings:
    """Run (or stop) the street's time bank and set the storage cap per account."""
    cap = Decimal(cap_hours).quantize(CENT)
    if cap <= 0 or cap > MAX_MOVE * 10:
        refuse(Code.TB_HOURS, _("The cap must be between 0 and 15,000 hours."), field="cap_hours")
    bank, _created = TimeBankSettings.objects.get_or_create(street=street)
    if cap < bank.cap_hours:
        fuller = Account.objects.filter(street=street, kind=Account.Kind.PERSON, balance__gt=cap)
        if fuller.exists():
            refuse(
                Code.TB_CAP,
                _("Some accounts already hold more than this cap."),
                field="cap_hours",
            )
    bank.enabled, bank.cap_hours = enabled, cap
    bank.save()
    return bank


# --- transfers to family ---------------------------------------------------------------


@action("civil.add_transfer")
def do_transfer_hours(actor, account: Account, *, to, hours, memo: str = "") -> Transfer:
    """Give hours to a member of the account owner's household (e.g. a parent)."""
    _enabled(account.street)
    hours = _hours(hours)
    if account.kind != Account.Kind.PERSON:
        refuse(Code.TB_FAMILY, _("Only a person's account can give hours."), field="to")
    owner = account.owner
    if to.pk == owner.pk or owner.household_id is None or to.household_id != owner.household_id:
        refuse(
            Code.TB_FAMILY,
            _("Hours go only to another member of the same household."),
            field="to",
        )
    locked = Account.objects.select_for_update().get(pk=account.pk)
    promised = pending_hours(locked)
    if promised and hours > locked.balance - promised:
        refuse(
            Code.TB_BALANCE,
            _(
                "Only %(balance)s hours are free in this account: the rest is promised to "
                "requests waiting to be served."
            )
            % {"balance": max(locked.balance - promised, Decimal(0))},
            field="hours",
        )
    target = person_account(account.street, to)
    return _post(
        actor,
        account.street,
        TransferKind.TRANSFER,
        hours,
        [(account, -hours), (target, hours)],
        memo=(memo or "").strip(),
    )


# --- redemption -------------------------------------------------------------------------


def pending_hours(account) -> Decimal:
    total = Redemption.objects.filter(account=account, status=S.REQUESTED).aggregate(
        t=Sum("hours")
    )["t"]
    return Decimal(total or 0).quantize(CENT)


@action("civil.change_redemption")
def do_request_redemption(actor, account: Account, *, service: str, hours) -> Redemption:
    """A request to spend hours on a service for the account's owner; the hours stay in the
    account until the service is served, but no more can be asked than it holds."""
    _enabled(account.street)
    hours = _hours(hours)
    if account.kind != Account.Kind.PERSON:
        refuse(Code.TB_FAMILY, _("Only a person's account can spend hours."))
    account = Account.objects.select_for_update().get(pk=account.pk)
    free = account.balance - pending_hours(account)
    if hours > free:
        refuse(
            Code.TB_BALANCE,
            _("Only %(balance)s hours are in this account.") % {"balance": max(free, 0)},
            field="hours",
        )
    service = (service or "").strip()
    if not service:
        refuse(Code.TB_SERVICE, _("Say which service the hours are for."), field="service")
    return Redemption.objects.create(account=account, service=service, hours=hours)


@action("civil.change_redemption")
def do_serve_redemption(actor, redemption: Redemption) -> Redemption:
    """The service was given: the hours are spent (person → the street's redeemed account)."""
    redemption = Redemption.objects.select_for_update().get(pk=redemption.pk)

    def spend(obj, spec, note):
        street = obj.account.street
        _post(
            actor,
            street,
            TransferKind.SPEND,
            obj.hours,
            [(obj.account, -obj.hours), (system_account(street, Account.Kind.REDEEMED), obj.hours)],
            redemption=obj,
            memo=obj.service,
        )
        obj.served_at = timezone.now()

    REDEMPTION.apply(redemption, "serve", actor, effects=spend)
    return redemption


@action("civil.change_redemption")
def do_cancel_redemption(actor, redemption: Redemption) -> Redemption:
    redemption = Redemption.objects.select_for_update().get(pk=redemption.pk)
    REDEMPTION.apply(redemption, "cancel", actor)
    return redemption
