"""The demo part `orgs` (civil.demo.orgs): about 40 organizations across the three kinds, both
legal statuses and every incubation stage, with members, support, assessments, contact
accounts and leaders — all written through the actions, in seconds."""

import io
import time

from gongzhi.civil.demo import orgs as demo_orgs
from gongzhi.civil.models import Assessment, Leader, Membership, Organization, Support
from gongzhi.core.context import acting_as
from gongzhi.core.models import AuditEntry
from gongzhi.org import demo as org_demo
from gongzhi.registry import demo as registry_demo


def test_the_orgs_demo_covers_kinds_stages_and_leaders_through_the_actions(db):
    with acting_as(None, source="demo"):
        org_demo.load(io.StringIO())
        registry_demo.load(io.StringIO(), scale=0.05)
        started = time.monotonic()
        demo_orgs.load(io.StringIO())
        took = time.monotonic() - started
    orgs = Organization.objects.all()
    assert 35 <= orgs.count() <= 45
    assert set(orgs.values_list("kind", flat=True)) == {"association", "volunteer", "social_work"}
    assert set(orgs.values_list("stage", flat=True)) == {
        "none",
        "applied",
        "incubating",
        "graduated",
        "withdrawn",
    }
    assert set(orgs.values_list("legal_status", flat=True)) == {"registered", "filed"}
    assert Membership.objects.filter(resident__isnull=False).count() > 100
    assert Support.objects.exists() and Assessment.objects.exists()
    kinds = set(Leader.objects.values_list("kind", flat=True))
    assert {"building_head", "resident_leader", "volunteer_core"} <= kinds
    contact_org = orgs.get(name=demo_orgs.CONTACT_ORG)
    assert contact_org.accounts.filter(username=demo_orgs.CONTACT).exists()
    assert AuditEntry.objects.filter(verb="civil.do_create_organization").count() == orgs.count()
    assert took < 20, took
    demo_orgs.load(io.StringIO())  # idempotent
    assert Organization.objects.count() == orgs.count()
