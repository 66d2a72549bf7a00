"""`gongzhi demo`: idempotent, every role has a demo user, every community model is present."""

import io
import os

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongzhi.core.context import acting_as
from gongzhi.org import demo, services
from gongzhi.org.models import (
    CareCentre,
    CommitteeMember,
    Community,
    DispatchedCadre,
    ResidentsCommittee,
    RoleAssignment,
    ServiceStation,
    Staff,
    Street,
)
from gongzhi.org.roles import Role
from tests.cases.demo_checks import check_cases_demo


def fingerprint():
    data = {}
    for model in apps.get_app_config("org").get_models():
        rows = model._base_manager.all()
        names = sorted(str(getattr(obj, "name", "")) for obj in rows)
        data[model._meta.label] = (rows.count(), names)
    return data


def run_demo(**options):
    with open(os.devnull, "w") as out:
        call_command("demo", no_serve=True, stdout=out, **options)


def run_demo_output(**options) -> str:
    out = io.StringIO()
    call_command("demo", no_serve=True, stdout=out, **options)
    return out.getvalue()


# Loading the street takes a while: one test loads it (three times) and checks everything.
def test_demo_command(db):
    run_demo()
    first = fingerprint()
    again = run_demo_output()
    assert fingerprint() == first, "running the demo twice must leave the same data"
    assert first["org.Community"][0] == 4
    check_demo_keeps_its_promises(again)
    check_cases_demo()
    check_every_role_has_a_demo_user()
    check_roles_are_granted_through_the_action()
    check_org_records_are_written_through_actions()
    check_each_community_model_is_present()
    check_committees_obey_the_organic_law()


def test_org_demo_another_seed_changes_names_not_shape(db):
    with acting_as(None, source="demo"):
        demo.load(None)
        first = fingerprint()
        demo.load(None, seed=7)
    second = fingerprint()
    assert {k: v[0] for k, v in first.items()} == {k: v[0] for k, v in second.items()}
    assert first["org.CommitteeMember"][1] != second["org.CommitteeMember"][1]
    check_committees_obey_the_organic_law()


def check_every_role_has_a_demo_user():
    held = set(
        RoleAssignment.objects.filter(user__username__startswith="demo_").values_list(
            "role", flat=True
        )
    )
    assert held == set(Role.values)
    admin = RoleAssignment.objects.get(
        role=Role.STREET_ADMIN, user__username="demo_street_admin"
    ).user
    assert admin.check_password(demo.DEMO_PASSWORD) and admin.is_staff
    assert TOTPDevice.objects.get(user=admin).confirmed


def check_roles_are_granted_through_the_action():
    """Every demo role goes through org.actions.do_assign_role: the demo street's first admin
    is appointed by the set-up superuser (as an installation starts), every other role (org's
    demo users, the registry's grid workers) by that admin: one event each, with the action's
    verb and the grantor."""
    from gongzhi.core.models import AuditEntry

    assignments = RoleAssignment.objects.filter(user__username__startswith="demo_")
    granted = AuditEntry.objects.filter(
        verb="org.do_assign_role", content_type__model="roleassignment"
    )
    by_id = {e.object_id: e for e in granted}
    first_admin = assignments.get(role=Role.STREET_ADMIN, user__username="demo_street_admin")
    others = assignments.exclude(pk=first_admin.pk)
    assert others.count() >= 20
    assert {str(pk) for pk in others.values_list("pk", flat=True)} <= set(by_id)
    assert {by_id[str(a.pk)].actor_id for a in others} == {first_admin.user_id}
    assert by_id[str(first_admin.pk)].actor.username == demo.SETUP_USERNAME


def check_org_records_are_written_through_actions():
    """The demo's places, bodies and people are created through org.actions (one audit event
    each, under the action's verb), never saved around the rules; the set-up account cannot
    log in."""
    from django.contrib.contenttypes.models import ContentType

    from gongzhi.core.models import AuditEntry

    setup = get_user_model().objects.get(username=demo.SETUP_USERNAME)
    assert setup.is_superuser and not setup.has_usable_password()
    # (Grids are left out: the registry demo draws more of them in its bulk write.)
    for model in (Street, Community, CommitteeMember, Staff, DispatchedCadre):
        created = set(
            AuditEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(model),
                verb__startswith="org.do_create_",
            ).values_list("object_id", flat=True)
        )
        pks = {str(pk) for pk in model.objects.values_list("pk", flat=True)}
        assert pks and pks <= created, model


def check_each_community_model_is_present():
    street = Street.objects.get(division_code=demo.STREET_CODE)
    structures = set(Community.objects.filter(street=street).values_list("structure", flat=True))
    assert structures == set(Community.Structure.values)
    assert street.units.count() == 4
    # Baotou: five working groups, five working committees, chair and vice chair on duty and paid.
    qingshan = Community.objects.get(street=street, name="青山社区")
    assert set(qingshan.station.working_groups.values_list("name", flat=True)) == set(
        demo.BAOTOU_GROUPS
    )
    assert set(
        qingshan.residents_committee.working_committees.values_list("name", flat=True)
    ) == set(demo.BAOTOU_COMMITTEES)
    leaders = qingshan.residents_committee.members.filter(post__in=["chair", "vice_chair"])
    assert leaders.count() == 2 and all(m.on_duty and m.paid for m in leaders)
    # Jianye: committee limited to its 16 duties.
    jianye = ResidentsCommittee.objects.get(community__street=street, duties_limited=True)
    assert jianye.duties.count() == 16
    # Xuanwu: no own station, served by the street-level station; grids.
    meiyuan = Community.objects.get(street=street, name="梅园社区")
    assert not ServiceStation.objects.filter(community=meiyuan).exists()
    assert services.station_serving(meiyuan).is_street_level
    assert meiyuan.grids.count() >= 3
    # Hefei: a home-care centre run by a provider with a partner hospital.
    centre = CareCentre.objects.get(community__street=street)
    assert centre.operator.kind == "care" and centre.partner_hospital.kind == "hospital"


def check_committees_obey_the_organic_law():
    for committee in ResidentsCommittee.objects.all():
        members = list(services.current_members(committee))
        assert 5 <= len(members) <= 9
        codes = {w.code for w in services.committee_warnings(committee)}
        assert not codes & {"committee_too_small", "no_minority_member", "no_chair"}
    qingshan = Community.objects.get(name="青山社区")
    assert qingshan.multi_ethnic
    assert any(m.is_minority for m in CommitteeMember.objects.filter(committee__community=qingshan))


def check_demo_keeps_its_promises(output_of_a_rerun: str):
    """What the demo says it loads: every grid has a grid worker, the self-government demo
    has a current term opened by an announced election, and a re-run prints the Open311 key
    (a key that works)."""
    from gongzhi.open311.models import ApiKey
    from gongzhi.org.models import Grid
    from gongzhi.selfgov.models import Election, Term

    grids = Grid.objects.filter(community__street__division_code=demo.STREET_CODE)
    assert grids.count() >= 20
    staffed = set(
        RoleAssignment.objects.active()
        .filter(role=Role.GRID_WORKER, grid__in=grids)
        .values_list("grid", flat=True)
    )
    assert staffed == set(grids.values_list("pk", flat=True))
    term = Term.objects.get(status=Term.Status.CURRENT)
    announced = Election.objects.get(status=Election.Status.ANNOUNCED)
    assert announced.term == term and term.term_members.count() >= 5
    assert announced.candidates.filter(elected=True).count() == announced.seats
    lines = output_of_a_rerun.splitlines()
    keys = [line.split("api_key:")[1].strip() for line in lines if "api_key:" in line]
    assert keys and ApiKey.lookup(keys[-1]) is not None
    # each log-in with work waiting is told what (issue #18 §7): its workbench's counts
    from django.contrib.auth import get_user_model

    from gongzhi.core.nav import workbench_for

    waiting = [line for line in lines if "待办 waiting:" in line]
    assert len(waiting) >= 4, output_of_a_rerun[-3000:]
    admin = get_user_model().objects.get(username="demo_street_admin")
    cards = [(str(t.label), n) for t, n in workbench_for(admin) if n]
    at = next(i for i, line in enumerate(lines) if line.startswith("demo_street_admin "))
    shown = lines[at + 1]
    assert cards and all(f"{label} {n}" in shown for label, n in cards), shown
