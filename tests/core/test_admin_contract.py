"""The admin under the one contract ("one contract" issue, item 5): for every model registered
on the admin site, now or later,

- a street admin of street A never reaches a record of street B: it is not in the list, and
  its change, delete and history pages answer 404 (a POST deletes nothing);
- a superuser's admin form never writes a domain model around its rules: the admin is
  read-only (`rule_guarded`), or its save calls the app's action (exactly one audit event,
  verb `app.do_…`), or it is one of the plain reference tables listed below.

Street A = S1 (`users["street_admin"]`), street B = S2. `street_b` holds one record of S2 for
every registered model tied to a street: a model added later without one fails here until
one is added.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from gongzhi.access.models import (
    AccessPolicy,
    AdmittedAffair,
    Body,
    CommunityTask,
    FundAccount,
    FundTransfer,
    Ledger,
    Plaque,
    ReviewLevel,
)
from gongzhi.cases import actions as case_actions
from gongzhi.cases.models import Category as CaseCategory
from gongzhi.cases.models import HandlingUnit
from gongzhi.core.context import acting_as
from gongzhi.core.models import AuditEntry
from gongzhi.open311.models import ApiKey
from gongzhi.org import services as org_services
from gongzhi.org.models import (
    CareCentre,
    CommitteeDuty,
    CommitteeMember,
    DispatchedCadre,
    PartyCommittee,
    Provider,
    ResidentsCommittee,
    ResidentsGroup,
    RoleAssignment,
    ServiceStation,
    Staff,
    StreetUnit,
    WorkingCommittee,
    WorkingGroup,
)
from gongzhi.org.roles import Role
from gongzhi.registry.models import Dwelling, Estate, ResidentEvent, Tag, Visit
from gongzhi.selfgov.models import (
    AgendaItem,
    Assembly,
    CharterVersion,
    EstateManagement,
    Notice,
    Petition,
    PollingStation,
    Proxy,
    RoundResult,
    TallySheet,
    Term,
)
from gongzhi.services.models import Opinion, Rating, Supervision
from gongzhi.workdays.models import CalendarDay
from tests.access import conftest as access_fixtures
from tests.cases.conftest import jpeg as case_photo
from tests.conftest import make_user
from tests.registry.helpers import make_household, reg  # noqa: F401
from tests.selfgov.helpers import make_election
from tests.services.conftest import menu  # noqa: F401
from tests.services.test_views import make

make_app = access_fixtures.make_app

# Written here, independent of the code: the admins that save without an action, each a
# plain list or setting with no rule beyond its own fields (the reason is beside each class).
REFERENCE_TABLES = {
    "open311.ApiKey",
}
# Admins whose saves call the app's actions.
ACTION_ADMINS = {
    "access.AccessPolicy",
    "access.ReviewLevel",
    "org.Street",
    "org.StreetUnit",
    "org.Department",
    "org.CommitteeDuty",
    "org.Provider",
    "org.PartyCommittee",
    "org.ResidentsCommittee",
    "org.CareCentre",
    "registry.Building",
    "registry.Dwelling",
    "registry.Estate",
    "registry.Household",
    "registry.Tag",
    "registry.Visit",
    "services.Category",
}
# Not the platform's domain: accounts (their changes are audited by core.signals, tested
# below), the audit log itself (read-only) and third-party tables (superusers only).
NOT_DOMAIN_APPS = {"auth", "otp_totp", "otp_static", "axes", "django_tasks_database"}
NOT_DOMAIN_MODELS = {"core.User", "core.AuditEntry"}

REGISTERED = sorted(admin.site._registry, key=lambda m: m._meta.label)
DOMAIN = [
    m
    for m in REGISTERED
    if m._meta.app_label not in NOT_DOMAIN_APPS and m._meta.label not in NOT_DOMAIN_MODELS
]


def _label(model):
    return model._meta.label


def _url(model, view, *args):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def _street_path(model):
    paths = getattr(model, "scope_paths", None)
    return paths.street if paths is not None else None


@pytest.fixture
def street_admin(users):
    user = users["street_admin"]
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", password="correct-horse-battery-9")


@pytest.fixture
def street_b(world, users, reg, menu, make_app):  # noqa: F811
    """One record of street B (S2, community C3, grid G4) of every model the admin shows,
    plus one of each model not tied to a place."""
    s2, c3, dept = world["s2"], world["c3"], world["dept"]
    outsider = users["outsider"]
    day = datetime.date(2026, 3, 2)
    with acting_as(None, source="test"):
        org_services.ensure_bodies(c3)
        committee = ResidentsCommittee.objects.get(community=c3)
        station = ServiceStation.objects.filter(community=c3).first() or (
            ServiceStation.objects.create(street=s2, community=c3, name="莫愁站")
        )
        provider = Provider.objects.create(name="颐养公司", kind=Provider.Kind.CARE)
        estate = Estate.objects.create(community=c3, name="莫愁小区")
        household = reg["h4"]
        election = make_election(c3, voters=3, seats=1, candidates=2)
        voters = list(election.voters.all())
        polling = PollingStation.objects.create(election=election, name="第一投票站")
        assembly = Assembly.objects.create(
            community=c3, title="居民会议", date=day, members_total=10
        )
        staff_b = make_user("dept_b", Role.DEPARTMENT_STAFF, s2, department=dept)
        app = make_app(street=s2, communities=[c3], as_user=staff_b)
        affair = AdmittedAffair.objects.create(
            street=s2, name="入户调查", body=Body.STATION, valid_from=day
        )
        account = FundAccount.objects.create(affair=affair, community=c3, amount_due=Decimal(10))
        request = make(menu, world, users, community="c3")
        records = [
            s2,
            c3,
            world["g4"],
            StreetUnit.objects.create(street=s2, name="党政办"),
            PartyCommittee.objects.get_or_create(community=c3, defaults={"name": "莫愁党委"})[0],
            CommitteeDuty.objects.create(street=s2, name="调解"),
            committee,
            CommitteeMember.objects.create(
                committee=committee, name="委员甲", start_date=datetime.date(2021, 6, 1)
            ),
            WorkingCommittee.objects.create(committee=committee, name="人民调解委员会"),
            station,
            WorkingGroup.objects.create(station=station, name="综合组"),
            ResidentsGroup.objects.create(community=c3, number=1),
            CareCentre.objects.create(community=c3, name="日间照料中心", operator=provider),
            Staff.objects.create(street=s2, name="职员乙", position="社工"),
            DispatchedCadre.objects.create(
                department=dept, community=c3, name="干部丙", post="联络员", start_date=day
            ),
            RoleAssignment.objects.get(user=outsider),
            estate,
            reg["b4"],
            Dwelling.objects.create(building=reg["b4"], number="101"),
            household,
            reg["qian"],
            ResidentEvent.objects.create(resident=reg["qian"], kind="move_in", date=day),
            Visit.objects.create(household=household, visitor=outsider, date=day, purpose="走访"),
            AccessPolicy.objects.create(street=s2),
            ReviewLevel.objects.create(street=s2, order=1, name="街道科室"),
            app,
            affair,
            CommunityTask.objects.create(community=c3, title="台账"),
            account,
            FundTransfer.objects.create(account=account, date=day, amount=1, voucher="V1"),
            Ledger.objects.create(street=s2, name="台账", category="民政"),
            Plaque.objects.create(community=c3, name="牌子"),
            request,
            Rating.objects.create(request=request, stars=5, channel=Rating.Channel.WINDOW),
            Supervision.objects.create(request=request, by=outsider, note="督办"),
            Opinion.objects.create(community=c3, topic="路灯", content="不亮"),
            ApiKey.issue("12345热线", s2)[0],
            Term.objects.create(
                committee=committee,
                number=1,
                start_date=datetime.date(2021, 6, 1),
                end_date=datetime.date(2026, 5, 31),
            ),
            election,
            voters[0],
            election.candidates.first(),
            Proxy.objects.create(
                election=election, holder=voters[0], principal=voters[1], authorization="委托书"
            ),
            polling,
            TallySheet.objects.create(station=polling, clerk=outsider, ballots_returned=0),
            RoundResult.objects.create(
                election=election, round=1, registered=3, voted=0, votes_cast=0, valid=False
            ),
            assembly,
            AgendaItem.objects.create(assembly=assembly, title="议题"),
            Petition.objects.create(community=c3, basis=Petition.Basis.ADULTS, subject="开会"),
            CharterVersion.objects.create(community=c3, version=1, text="章程"),
            Notice.objects.create(community=c3, title="通知", body="内容", publish_on=day),
            EstateManagement.objects.create(estate=estate),
            *_cases_of_street_b(s2, c3, outsider),
            # Not tied to a place:
            dept,
            provider,
            Tag.objects.create(code="test-group", name="测试群体"),
            menu["cat"],
            menu["permit"],
            CalendarDay.objects.create(
                date=datetime.date(2026, 10, 1), kind="holiday", name="国庆"
            ),
        ]
    return {_label(type(r)): r for r in records}


def _cases_of_street_b(s2, c3, outsider):
    """A case of street B with its step and photo, its unit and its class (cases.actions)."""
    large = CaseCategory.objects.create(kind="event", code="A9", name="测试大类")
    small = CaseCategory.objects.create(parent=large, kind="event", code="A901", name="测试小类")
    unit = HandlingUnit.objects.create(street=s2, kind="community", name="莫愁", community=c3)
    case = case_actions.do_report(
        outsider,
        s2,
        channel="desk",
        category=small,
        description="测试",
        community=c3,
        photos=[case_photo()],
    )
    return [small, unit, case, case.steps.get(), case.photos.get()]


# --- scoping: street A's admin against street B's records ---------------------------------


def test_street_b_is_out_of_reach_of_street_as_admin(street_b, street_admin, verified_client):
    """Every registered model (one fixture for all: it is slow to build)."""
    client = verified_client(street_admin)
    for model in REGISTERED:
        _check_street_b_out_of_reach(client, model, street_b)


def _check_street_b_out_of_reach(client, model, street_b):
    listed = client.get(_url(model, "changelist"))
    assert listed.status_code in (200, 403), listed.status_code
    rows = (
        set(listed.context["cl"].queryset.values_list("pk", flat=True))
        if (listed.status_code == 200)
        else set()
    )
    path = _street_path(model)
    if model is get_user_model():
        theirs = [street_b["org.RoleAssignment"].user]
    elif path is not None:
        theirs = list(model._default_manager.filter(**{path: street_b["org.Street"].pk}))
        assert theirs, f"add a record of street B of {_label(model)} to the street_b fixture"
        mine = set(
            model._default_manager.exclude(**{path: street_b["org.Street"].pk}).values_list(
                "pk", flat=True
            )
        )
        assert rows <= mine, _label(model)
    elif model._meta.app_label in NOT_DOMAIN_APPS or not hasattr(
        model._default_manager, "visible_to"
    ):
        # No place: for superusers only.
        theirs = list(model._default_manager.all()[:1])
        assert not rows, _label(model)
    else:
        # District-wide lists (departments, providers, the catalogue): seen, not written
        # by a street admin unless a reference table of the org.
        return
    for obj in theirs:
        assert obj.pk not in rows, _label(model)
        for view in ("change", "delete", "history"):
            page = client.get(_url(model, view, obj.pk))
            assert page.status_code == 404, (_label(model), view, page.status_code)
        deleted = client.post(_url(model, "delete", obj.pk), {"post": "yes"})
        assert deleted.status_code == 404, _label(model)
        assert model._default_manager.filter(pk=obj.pk).exists()


def test_the_voter_register_of_street_b_is_out_of_reach(street_b, street_admin, verified_client):
    """The hardening note ("the voter admin is unscoped"), checked by name."""
    client = verified_client(street_admin)
    voter = street_b["selfgov.Voter"]
    listed = client.get(_url(type(voter), "changelist"))
    assert listed.status_code == 200
    assert (
        not listed.context["cl"]
        .queryset.filter(election__community__street=voter.election.community.street)
        .exists()
    )
    assert client.get(_url(type(voter), "change", voter.pk)).status_code == 404


# --- no admin form writes around the rules, superusers included ---------------------------


def _admin_of(model):
    return admin.site._registry[model]


def test_every_domain_admin_is_classified():
    """Read-only for everyone, calling actions, or a listed reference table: nothing else."""
    for model in DOMAIN:
        model_admin = _admin_of(model)
        label = _label(model)
        guarded = getattr(model_admin, "rule_guarded", False)
        reference = getattr(model_admin, "reference_table", False)
        assert guarded + reference + (label in ACTION_ADMINS) == 1, label
        assert reference == (label in REFERENCE_TABLES), label


def _post_data(response):
    """What the admin's change form posts back unchanged (fields and inline formsets)."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if value is None or value is False:
                continue
            if value is True:
                data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            elif isinstance(value, datetime.datetime):
                data[key + "_0"], data[key + "_1"] = value.date().isoformat(), value.time()
            elif isinstance(value, datetime.date):
                data[key] = value.isoformat()
            else:
                data[key] = str(value)
    return data


def _snapshot(obj):
    obj.refresh_from_db()
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_a_superusers_admin_form_never_writes_around_the_rules(
    street_b, superuser, verified_client
):
    """Every domain model (one fixture for all: it is slow to build)."""
    client = verified_client(superuser)
    for model in DOMAIN:
        _check_superuser_form(client, model, street_b)


def _check_superuser_form(client, model, street_b):
    label = _label(model)
    obj = street_b[label]
    page = client.get(_url(model, "change", obj.pk))
    assert page.status_code == 200, (label, page.status_code)
    may_change = page.context["has_change_permission"]
    if getattr(_admin_of(model), "rule_guarded", False):
        assert not may_change and b'name="_save"' not in page.content, label
        assert client.get(_url(model, "add")).status_code == 403, label
        before = _snapshot(obj)
        changed = client.post(_url(model, "change", obj.pk), _post_data(page))
        assert changed.status_code == 403, label
        deleted = client.post(_url(model, "delete", obj.pk), {"post": "yes"})
        assert deleted.status_code == 403, label
        assert _snapshot(obj) == before, label
        return
    assert may_change, label
    last = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    saved = client.post(_url(model, "change", obj.pk), _post_data(page))
    assert saved.status_code == 302, (label, saved.context and saved.context["errors"])
    events = list(AuditEntry.objects.filter(id__gt=last))
    if label in REFERENCE_TABLES:
        assert all(not e.verb for e in events), label
        return
    assert [e.verb.split(".")[0] for e in events] == [model._meta.app_label], (label, events)
    assert events[0].verb.startswith(f"{model._meta.app_label}.do_"), events[0].verb


@pytest.mark.parametrize("model", sorted(ACTION_ADMINS))
def test_a_superusers_admin_delete_calls_the_action_or_is_refused(
    model, street_b, superuser, verified_client
):
    client = verified_client(superuser)
    obj = street_b[model]
    if model == "registry.Household":  # the action refuses a household with members
        obj = make_household(street_b["registry.Building"], "H-EMPTY")
    last = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = client.post(_url(type(obj), "delete", obj.pk), {"post": "yes"})
    events = list(AuditEntry.objects.filter(id__gt=last))
    if response.status_code == 403:  # refused (the refusal itself is audited as denied)
        assert type(obj)._default_manager.filter(pk=obj.pk).exists()
        assert {e.action for e in events} <= {AuditEntry.Action.DENIED}
        return
    assert all(e.verb.startswith(f"{obj._meta.app_label}.do_") for e in events), events
    if not type(obj)._default_manager.filter(pk=obj.pk).exists():
        assert len(events) == 1, events  # deleted: by its app's delete action, one event
        assert events[0].verb.startswith(f"{obj._meta.app_label}.do_delete_"), events[0].verb


def test_a_superusers_admin_add_calls_the_action(world, superuser, verified_client):
    client = verified_client(superuser)
    last = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = client.post(
        reverse("admin:registry_building_add"),
        {
            "community": world["c1"].pk,
            "grid": world["g1"].pk,
            "name": "新楼",
            "address": "幸福路9号",
            "kind": "residential",
            "floors": "6",
            "units": "2",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    events = list(AuditEntry.objects.filter(id__gt=last))
    assert [e.verb for e in events] == ["registry.do_create_building"]


# --- accounts: changed in the admin, audited in the log -------------------------------------


def test_password_and_privilege_changes_in_the_admin_are_audited(users, superuser, verified_client):
    client = verified_client(superuser)
    user = users["bob"]
    url = reverse("admin:auth_user_password_change", args=[user.pk]).replace(
        "auth/user", "core/user"
    )
    r = client.post(url, {"password1": "Another-horse-77x", "password2": "Another-horse-77x"})
    assert r.status_code == 302
    entry = AuditEntry.objects.filter(object_id=str(user.pk), action="update").latest("id")
    assert entry.after == {"password": "[changed]"} and entry.actor == superuser
    page = client.get(_url(type(user), "change", user.pk))
    data = _post_data(page)
    data["is_staff"] = "on"
    assert client.post(_url(type(user), "change", user.pk), data).status_code == 302
    entry = AuditEntry.objects.filter(object_id=str(user.pk), action="update").latest("id")
    assert entry.before.get("is_staff") is False and entry.after.get("is_staff") is True
    assert entry.actor == superuser
