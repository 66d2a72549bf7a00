"""The demo's time bank (civil.demo part 3), through civil's actions by the demo street's own
people, after the volunteers part:

- the street runs a time bank (cap 1,500 h); the hours its volunteers served for people in
  need are deposited (`do_deposit_backlog`); hours of activities over two weeks ago are
  confirmed by the coordinators (`do_confirm_activity_hours`), later ones wait;
- a few transfers to a family member, a few requests to spend hours served over the past
  months and a few still waiting (the published record has figures); every person account
  keeps hours in it.

On a branch without the volunteers part (no volunteers in the street), a few stand-in
volunteers and activities for elders are made here so the bank has records. Idempotent:
movements already made are not made again."""

from __future__ import annotations

import datetime
import importlib
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gongzhi.civil.actions import ledger, timebank
from gongzhi.civil.models import Account, Activity, HoursEntry, Redemption, Transfer, Volunteer
from gongzhi.org.demo import demo_actor
from gongzhi.org.models import Street
from gongzhi.registry.models import Resident

DEMO_STREET_CODE = "320102009000"  # org.demo.STREET_CODE
SERVICES = ["上门理发", "助餐送餐", "陪同就医", "家电维修", "助浴", "代购代办"]
TZ = datetime.timezone(datetime.timedelta(hours=8))


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def _stand_ins(street, actor, rng) -> None:
    """Volunteers and elder-care hours when the volunteers part has made none: through its
    actions where they exist, else as fixtures (only on a branch without that part)."""
    # one per household: the others are the family hours can be given to
    first = {}
    for resident in Resident.objects.filter(
        community__street=street, household__isnull=False
    ).order_by("pk")[:400]:
        first.setdefault(resident.household_id, resident)
    residents = list(first.values())[:24]
    try:
        registration = importlib.import_module("gongzhi.civil.actions.volunteers")
    except ModuleNotFoundError:
        registration = None
    volunteers = []
    for resident in residents:
        if registration is not None:
            volunteers.append(
                registration.do_register_volunteer(actor, resident, consent_version="demo")
            )
        else:
            volunteers.append(
                Volunteer.objects.create(
                    resident=resident,
                    community=resident.community,
                    grid=resident.grid,
                    consent_at=timezone.now(),
                    consent_version="demo",
                )
            )
    today = timezone.localdate()
    for week in range(1, 13):
        day = today - datetime.timedelta(days=7 * week)
        start = datetime.datetime.combine(day, datetime.time(9), tzinfo=TZ)
        activity = Activity.objects.create(
            street=street,
            community=volunteers[0].community if volunteers else None,
            title="陪伴独居老人" if week % 4 else "社区环境清洁日",
            place="社区日间照料中心",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=4),
            for_people_in_need=week % 4 != 0,  # every fourth week an ordinary activity
            status="finished",
            coordinator=actor,
        )
        for volunteer in rng.sample(volunteers, min(6, len(volunteers))):
            hours = rng.choice([1, 2, 3])
            ledger.do_record_hours(
                actor,
                volunteer,
                started_at=start,
                ended_at=start + datetime.timedelta(hours=hours),
                content=activity.title,
                place=activity.place,
                activity=activity,
                confirmed=week > 2,  # the last two weeks' sheets wait for confirmation
            )


def _confirm(street, actor) -> None:
    cutoff = timezone.now() - datetime.timedelta(days=14)
    pending = (
        Activity.objects.filter(street=street, ends_at__lt=cutoff, hours__confirmed_at__isnull=True)
        .distinct()
        .order_by("pk")
    )
    for activity in pending:
        ledger.do_confirm_activity_hours(actor, activity)


def _family_transfers(street, actor, rng) -> None:
    if Transfer.objects.filter(street=street, kind="transfer").exists():
        return
    accounts = list(
        Account.objects.filter(
            street=street,
            kind=Account.Kind.PERSON,
            balance__gte=Decimal("1.5"),
            owner__household__isnull=False,
        ).select_related("owner")
    )
    rng.shuffle(accounts)
    made = 0
    for account in accounts:
        family = (
            Resident.objects.filter(household=account.owner.household_id)
            .exclude(pk=account.owner_id)
            .exclude(tb_accounts__street=street)
            .order_by("-birth_date")
            .last()  # the eldest: a parent
        )
        if family is None:
            continue
        timebank.do_transfer_hours(
            actor, account, to=family, hours=Decimal("0.5"), memo="转给家人使用"
        )
        made += 1
        if made >= 4:
            break


def _redemptions(street, actor, rng) -> None:
    if Redemption.objects.filter(account__street=street).exists():
        return
    accounts = list(
        Account.objects.filter(
            street=street, kind=Account.Kind.PERSON, balance__gte=Decimal("1.25")
        ).order_by("pk")
    )
    rng.shuffle(accounts)
    now = timezone.now()
    for i, account in enumerate(accounts[:10]):
        request = timebank.do_request_redemption(
            actor, account, service=rng.choice(SERVICES), hours=Decimal("0.5")
        )
        if i % 3:  # two in three served; the others wait
            timebank.do_serve_redemption(actor, request)
            # spread over the past months, served within days (demo data only)
            asked = now - datetime.timedelta(days=rng.randint(10, 150))
            served = asked + datetime.timedelta(days=rng.randint(0, 6), hours=rng.randint(1, 20))
            Redemption.objects.filter(pk=request.pk).update(created_at=asked, served_at=served)


def load(stdout=None, seed: int = 2026) -> None:
    street = Street.objects.filter(division_code=DEMO_STREET_CODE).first()
    if street is None:
        return
    actor = demo_actor("civil.change_timebanksettings", street)
    if actor is None:
        return
    rng = random.Random(seed)
    with transaction.atomic():
        if not HoursEntry.objects.filter(volunteer__community__street=street).exists():
            _stand_ins(street, actor, rng)
        timebank.do_configure_time_bank(actor, street, enabled=True, cap_hours=1500)
        timebank.do_deposit_backlog(actor, street)
        _confirm(street, actor)
        _family_transfers(street, actor, rng)
        _redemptions(street, actor, rng)
    accounts = Account.objects.filter(street=street, kind=Account.Kind.PERSON)
    _say(
        stdout,
        f"civil time bank: {accounts.count()} accounts, "
        f"{Transfer.objects.filter(street=street).count()} movements\n",
    )
