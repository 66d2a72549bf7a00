"""The demo's time bank (civil.demo.timebank): deposits, transfers to family and requests
made through the actions, a sound bank, every person account holding hours, idempotent."""

import io
from decimal import Decimal

from gongzhi.civil import demo as civil_demo
from gongzhi.civil.models import Account, HoursEntry, Redemption, Transfer
from gongzhi.civil.timebank_check import check
from gongzhi.org import demo as org_demo
from gongzhi.registry import demo as registry_demo


def test_the_demo_leaves_a_sound_bank_with_hours_in_every_account(db):
    out = io.StringIO()
    org_demo.load(out)
    registry_demo.load(out, scale=0.02)
    civil_demo.load(out)
    assert check().ok
    persons = Account.objects.filter(kind="person")
    assert persons.count() >= 5
    assert not persons.filter(balance__lt=Decimal("0.5")).exists()
    assert Transfer.objects.filter(kind="transfer").exists()
    assert Redemption.objects.filter(status="served").exists()
    assert Redemption.objects.filter(status="requested").exists()
    assert HoursEntry.objects.filter(confirmed_at__isnull=False).exists()
    movements = Transfer.objects.count()
    civil_demo.load(out)  # again: nothing more
    assert Transfer.objects.count() == movements
    assert check().ok
