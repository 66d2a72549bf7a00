# ruff: noqa: F811  (pytest fixtures imported by name)
"""The time bank's invariant under random operations (hypothesis): whatever mix of deposits
(hours served for people in need), corrections, transfers within a household, redemption
requests, services and cancellations — refused ones included — every movement balances,
every balance is the sum of its postings, none is below zero, and the accounts sum to
deposits minus spending (civil.timebank_check, the check `gongzhi check_timebank` runs)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongzhi.civil.actions import ledger, timebank
from gongzhi.civil.models import Account, HoursEntry, Redemption
from gongzhi.civil.timebank_check import check
from tests.civil.bank_helpers import at, bank  # noqa: F401
from tests.registry.helpers import reg  # noqa: F401

hours = st.decimals(min_value=Decimal("0.25"), max_value=Decimal("6"), places=2)
operation = st.one_of(
    st.tuples(st.just("serve"), st.sampled_from(["zhang", "li", "wang"]), hours),
    st.tuples(st.just("reverse"), st.integers(0, 50), st.just(None)),
    st.tuples(st.just("transfer"), st.sampled_from(["zhang", "li"]), hours),
    st.tuples(st.just("redeem"), st.sampled_from(["zhang", "li", "wang"]), hours),
    st.tuples(st.just("fulfil"), st.integers(0, 50), st.booleans()),
    st.tuples(st.just("cap"), st.sampled_from([Decimal(5), Decimal(20), Decimal(1500)]), st.none()),
)


def _run(bank, ops, world):
    admin = bank["admin"]
    cursor = {name: at(60, 6) for name in ("zhang", "li", "wang")}
    spouse = {"zhang": "li", "li": "zhang"}
    for kind, who, value in ops:
        try:
            if kind == "serve":
                start = cursor[who]
                end = start + datetime.timedelta(minutes=int(value * 60))
                cursor[who] = end + datetime.timedelta(minutes=5)
                ledger.do_record_hours(
                    admin,
                    bank[who],
                    started_at=start,
                    ended_at=end,
                    content="陪伴",
                    place="社区",
                    activity=bank["need"],
                )
            elif kind == "reverse":
                entries = list(HoursEntry.objects.filter(reverses__isnull=True).order_by("pk"))
                if entries:
                    ledger.do_reverse_hours(admin, entries[who % len(entries)], "更正")
            elif kind == "transfer":
                account = Account.objects.filter(owner=bank[who].resident).first()
                if account:
                    timebank.do_transfer_hours(
                        admin, account, to=bank[spouse[who]].resident, hours=value
                    )
            elif kind == "redeem":
                account = Account.objects.filter(owner=bank[who].resident).first()
                if account:
                    timebank.do_request_redemption(admin, account, service="理发", hours=value)
            elif kind == "fulfil":
                waiting = list(Redemption.objects.filter(status="requested").order_by("pk"))
                if waiting:
                    step = timebank.do_serve_redemption if value else timebank.do_cancel_redemption
                    step(admin, waiting[who % len(waiting)])
            elif kind == "cap":
                timebank.do_configure_time_bank(admin, world["s1"], enabled=True, cap_hours=who)
        except ValidationError:
            pass  # a refusal: nothing written, the invariant still holds
        report = check()
        assert report.ok, (kind, who, value, report.problems)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(operation, min_size=1, max_size=25))
def test_accounts_always_sum_to_deposits_minus_spending(bank, world, ops):
    with transaction.atomic():
        _run(bank, ops, world)
        for account in Account.objects.filter(kind="person"):
            assert account.balance >= 0
        transaction.set_rollback(True)
