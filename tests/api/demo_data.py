"""The demo street as the API tests' data: loaded once per test module (and pytest-xdist
worker) in a transaction rolled back at the end, with API tokens for a street admin, a grid
worker, a residents' committee member and a resident. Tests run their requests in savepoints inside it (tests/api/test_schemathesis.py)."""

import io
import json

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.urls import resolve


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo street (registry at 5 %), in a transaction rolled back at the end of the
    module: every test's examples run in savepoints inside it."""
    from gongzhi.core import api_tokens
    from gongzhi.core.context import acting_as
    from gongzhi.core.management.commands.demo import demo_modules
    from gongzhi.org.models import RoleAssignment
    from gongzhi.org.roles import Role

    # Requests go through the WSGI handler, which closes the database connection at the end
    # of each request (on PostgreSQL, always inside a transaction): hold it open, as Django's
    # test client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with acting_as(None, source="demo"):
                out = io.StringIO()
                for name, module in demo_modules():
                    if name == "gongzhi.registry":
                        module.load(out, scale=0.05)
                    else:
                        module.load(out)
            users = {
                role: RoleAssignment.objects.active().filter(role=role).order_by("pk")[0].user
                for role in (
                    Role.STREET_ADMIN,
                    Role.GRID_WORKER,
                    Role.COMMITTEE_MEMBER,
                    Role.RESIDENT,
                )
            }
            tokens = {role: api_tokens.issue(user) for role, user in users.items()}
            elections_in_each_state(users[Role.STREET_ADMIN])
            visits_and_own_requests(users)
            cases_in_each_state(users)
            checked_import(users[Role.STREET_ADMIN])
            requests_to_supervise(users)
            assembly_in_session(users[Role.STREET_ADMIN])
            online_vote(users)
            applications_at_the_admins_level(users[Role.STREET_ADMIN])
            yield {"users": users, "tokens": tokens, "ids": {}}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


def elections_in_each_state(admin) -> None:
    """The demo holds one announced election; the API's election steps need one in each
    earlier state: a draft (with a register), one with the register published (and enough
    candidates to publish, and objections to decide), one with the candidates published, one
    voting (to count: a station with no ballot issued) and one counted (by the same actions the
    screens take)."""
    import datetime

    from django.utils import timezone

    from gongzhi.org.models import Community, RoleAssignment
    from gongzhi.org.roles import Role
    from gongzhi.registry.choices import ResidenceType, ResidentStatus
    from gongzhi.registry.models import Resident
    from gongzhi.selfgov import actions
    from gongzhi.selfgov.models import Election

    staff = RoleAssignment.objects.active().filter(role=Role.STREET_STAFF).order_by("pk")[0].user
    today = timezone.localdate()
    day = today + datetime.timedelta(days=40)  # the register can still be published on time
    steps = ("draft", "register", "candidates", "voting", "counted")
    communities = list(Community.objects.order_by("pk"))
    for i, target in enumerate(steps):
        community = communities[i % len(communities)]
        election = actions.do_create_election(
            admin,
            Election(
                community=community,
                title=f"API测试选举{i + 1}",
                term_number=20 + i,
                election_day=day,
                seats=5,
                method=Election.Method.ALL_VOTERS,
            ),
        )
        adults = Resident.objects.filter(
            community=community,
            status=ResidentStatus.ACTIVE,
            residence_type=ResidenceType.REGISTERED,
            birth_date__lte=day.replace(year=day.year - 20),
        ).order_by("pk")[:16]
        voters = [actions.do_add_voter(admin, election, r, "API测试") for r in adults]
        if target == "draft":
            continue
        actions.do_publish_register(admin, election)
        for voter in voters[:6]:  # seats + the surplus: most voters are free to be nominated
            actions.do_nominate(admin, election, voter, self_nomination=True)
        if target == "register":
            for voter in voters[-2:]:  # objections to decide
                actions.do_log_objection(admin, election, "API测试：选民资格有异议", voter)
            continue
        actions.do_publish_candidates(admin, election)
        station = actions.do_add_station(admin, election, "API测试投票站")
        if target == "candidates":
            continue
        actions.do_open_voting(admin, election)
        if target == "voting":
            continue
        # all but one vote on paper; two clerks enter the same sheet; four of the six are
        # elected, so the fifth seat is open for a second round (or the result announced)
        for voter in voters[:-1]:
            actions.do_issue_paper_ballot(admin, station, voter)
        n = len(voters) - 1
        candidates = election.candidates.order_by("pk")
        votes = {str(c.pk): (n - 1 if j < 4 else 1) for j, c in enumerate(candidates)}
        for clerk in (admin, staff):
            actions.do_enter_tally_sheet(
                clerk, station, ballots_returned=n, invalid_ballots=0, votes=votes
            )
        actions.do_count_round(admin, election)


def visits_and_own_requests(users) -> None:
    """What the demo leaves out and the API's steps need: visits in the grid worker's grid
    (to follow up), flats, and the resident's own online requests (to withdraw, to rate)."""
    import datetime

    from django.utils import timezone

    from gongzhi.org.actions import (
        do_create_community,
        do_delete_party_committee,
        do_delete_residents_committee,
        do_delete_service_station,
    )
    from gongzhi.org.models import Community
    from gongzhi.org.roles import Role
    from gongzhi.registry.actions import do_create_dwelling, do_record_visit
    from gongzhi.registry.models import Building, Dwelling, Household, Visit
    from gongzhi.services import actions as services
    from gongzhi.services import online
    from gongzhi.services.models import ServiceItem

    worker = users[Role.GRID_WORKER]
    day = timezone.localdate() - datetime.timedelta(days=3)
    for household in Household.objects.visible_to(worker).order_by("pk")[:4]:
        visit = Visit(visitor=worker, date=day, purpose="API测试走访", follow_up_needed=True)
        do_record_visit(worker, household, visit)
    resident, admin = users[Role.RESIDENT], users[Role.STREET_ADMIN]
    # a new community whose bodies are not set up yet (one of each per community)
    street = Community.objects.order_by("pk")[0].street
    community = do_create_community(
        admin,
        Community(
            street=street,
            name="API测试社区",
            code="977",
            structure=Community.Structure.PARTY_STATION_COMMITTEE,
        ),
    )
    do_delete_party_committee(admin, community.party_committee)
    do_delete_residents_committee(admin, community.residents_committee)
    do_delete_service_station(admin, community.station)
    for building in Building.objects.order_by("pk")[:4]:  # flats to edit (the demo has none)
        do_create_dwelling(admin, building, Dwelling(unit=1, floor=1, number="101"))
    items = ServiceItem.objects.filter(
        online=True, delegated_approval=False, fields__isnull=True
    ).order_by("pk")
    for i, item in enumerate(items[:4]):
        req = online.submit_online(item, resident)
        if i % 2:  # completed: the resident may rate it
            services.do_transition(admin, req, "accept")
            services.do_transition(admin, req, "complete", "已办结")


def requests_to_supervise(users) -> None:
    """Open requests at the window in the committee member's community (to supervise), some
    of them transferred to a department (to return)."""
    from gongzhi.org.models import Department, RoleAssignment
    from gongzhi.org.roles import Role
    from gongzhi.services import actions as services
    from gongzhi.services.models import ServiceItem, ServiceRequest

    member = users[Role.COMMITTEE_MEMBER]
    role = RoleAssignment.objects.active().filter(user=member, role=Role.COMMITTEE_MEMBER)[0]
    community = role.community
    items = ServiceItem.objects.filter(delegated_approval=False, fields__isnull=True)
    department = Department.objects.order_by("pk").first()
    for i, item in enumerate(items.order_by("pk")[:3]):
        req = services.submit_request(
            item,
            street=community.street,
            community=community,
            channel=ServiceRequest.Channel.WINDOW,
            user=users[Role.STREET_ADMIN],
            applicant_name="API测试",
        )
        if i and department is not None:
            services.do_transition(users[Role.STREET_ADMIN], req, "accept")
            services.do_transition(
                users[Role.STREET_ADMIN], req, "transfer", "请协办", department=department
            )


def online_vote(users) -> None:
    """An election voting online now in the resident's community, the resident's linked
    registry record on its register (to cast the resident's ballot)."""
    import datetime

    from django.utils import timezone

    from gongzhi.org.roles import Role
    from gongzhi.registry.choices import ResidenceType, ResidentStatus
    from gongzhi.registry.models import Resident
    from gongzhi.selfgov import actions
    from gongzhi.selfgov.models import Election

    admin = users[Role.STREET_ADMIN]
    own = Resident.objects.filter(account=users[Role.RESIDENT]).first()
    if own is None:
        return
    now = timezone.now()
    day = timezone.localdate() + datetime.timedelta(days=40)
    election = actions.do_create_election(
        admin,
        Election(
            community=own.community,
            title="API测试网上投票",
            term_number=30,
            election_day=day,
            seats=5,
            method=Election.Method.ALL_VOTERS,
            online_voting=True,
            voting_opens=now - datetime.timedelta(days=1),
            voting_closes=now + datetime.timedelta(days=30),
        ),
    )
    others = (
        Resident.objects.filter(
            community=own.community,
            status=ResidentStatus.ACTIVE,
            residence_type=ResidenceType.REGISTERED,
            birth_date__lte=day.replace(year=day.year - 20),
        )
        .exclude(pk=own.pk)
        .order_by("pk")[:8]
    )
    voters = [actions.do_add_voter(admin, election, r, "API测试") for r in others]
    actions.do_add_voter(admin, election, own, "API测试")
    actions.do_publish_register(admin, election)
    for voter in voters[:6]:
        actions.do_nominate(admin, election, voter, self_nomination=True)
    actions.do_publish_candidates(admin, election)
    actions.do_open_voting(admin, election)


def applications_at_the_admins_level(admin) -> None:
    """Access applications under review at a level the street admin decides at (the demo's
    wait at the first level, the street staff's): approved at the levels before by their
    deciders, as the screens do."""
    from gongzhi.access import actions
    from gongzhi.access.models import Application
    from gongzhi.access.queries import OPEN_FOR_DECISION, current_level, may_decide
    from gongzhi.org.models import RoleAssignment

    def decider(app):
        level = current_level(app)
        if level is None:
            return None
        held = RoleAssignment.objects.active().filter(role=level.role, street=app.street)
        return next((a.user for a in held.order_by("pk") if may_decide(a.user, app)), None)

    waiting = Application.objects.visible_to(admin).filter(status__in=OPEN_FOR_DECISION)
    moved = 0
    for app in waiting.order_by("pk"):
        while app.status in OPEN_FOR_DECISION and not may_decide(admin, app):
            actor = decider(app)
            if actor is None:
                break
            actions.do_decide(actor, app, "approve", override_reason="API测试：条件已核实")
            app = Application.objects.get(pk=app.pk)
        moved += may_decide(admin, app)
        if moved >= 3:
            break


def assembly_in_session(admin) -> None:
    """An assembly of household representatives held today in the community with fewest
    households, more than half of them signed in (a quorum): agenda items to vote on, and
    charters it adopted to file (one not filed yet, one submitted)."""
    from django.db.models import Count
    from django.utils import timezone

    from gongzhi.org.models import Community
    from gongzhi.registry.choices import ResidentStatus
    from gongzhi.registry.models import Resident
    from gongzhi.selfgov import actions
    from gongzhi.selfgov.models import AgendaItem, Assembly

    today = timezone.localdate()
    community = (
        Community.objects.visible_to(admin)
        .annotate(n=Count("households"))
        .filter(n__gt=2)
        .order_by("n", "pk")
        .first()
    )
    assembly = actions.do_convene(
        admin, community, "API测试居民会议", today, kind=Assembly.Kind.HOUSEHOLDS
    )
    adults = Resident.objects.filter(
        community=community,
        status=ResidentStatus.ACTIVE,
        household__isnull=False,
        birth_date__lte=today.replace(year=today.year - 18),
    ).order_by("household", "pk")
    signed, households = 0, set()
    for resident in adults:
        if signed * 2 > assembly.members_total + 2:  # a quorum, and a few more
            break
        if resident.household_id in households:
            continue
        households.add(resident.household_id)
        actions.do_record_attendance(admin, assembly, resident=resident)
        signed += 1
    for n in range(3):
        actions.do_add_item(admin, assembly, f"API测试议题{n + 1}")
    for filing in ("not_filed", "submitted"):
        charter = actions.do_draft_charter(admin, community, "API测试居民公约")
        item = actions.do_add_item(
            admin, assembly, "通过居民公约", AgendaItem.Kind.CHARTER, charter=charter
        )
        actions.do_vote_item(admin, item, yes=signed, no=0)
        if filing == "submitted":
            charter.refresh_from_db()
            actions.do_filing_step(admin, charter, "submit")


def checked_import(admin) -> None:
    """A buildings file checked but not imported yet (a preview), for the API's `start`."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongzhi.org.models import Community
    from gongzhi.registry.imports import jobs

    community = Community.objects.visible_to(admin).order_by("pk").first()
    content = "楼栋地址,楼栋名称\nAPI测试路1号,1号楼\nAPI测试路2号,2号楼\n".encode()
    upload = SimpleUploadedFile("楼栋.csv", content)
    jobs.create_job(
        kind="buildings", upload=upload, community=community, user=admin, check_only=True
    )


def cases_in_each_state(users) -> None:
    """The demo's cases are reported by its grid workers and mostly closed long ago; the
    API's case steps need, for the street admin (dispatcher, and the street centre's staff)
    and the grid worker: cases dispatched to the street centre, handling with and without an
    extension request, disputed, on hold, handled in the worker's grid, closed today by each
    as reporter (to rate and reopen), duplicates merged into another (to unmerge), and the
    grid worker's open patrol (points, end) — by the same actions the screens take."""
    import datetime

    from django.utils import timezone

    from gongzhi.cases import actions
    from gongzhi.cases.choices import Channel, UnitKind
    from gongzhi.cases.demo import _photo
    from gongzhi.cases.models import Category, HandlingUnit
    from gongzhi.org.models import Grid
    from gongzhi.org.roles import Role
    from gongzhi.org.scoping import scope_of

    admin, worker = users[Role.STREET_ADMIN], users[Role.GRID_WORKER]
    own = scope_of(worker, "cases.verify_case").grid_ids
    grid = Grid.objects.filter(pk__in=own).order_by("pk").first()
    if grid is None:
        return
    street = grid.community.street
    unit = HandlingUnit.objects.filter(street=street, kind=UnitKind.STREET_UNIT).first()
    categories = list(Category.objects.filter(parent__isnull=False, active=True).order_by("pk"))
    review = timezone.localdate() + datetime.timedelta(days=30)

    def case(reporter=worker, n=0):
        return actions.do_report(
            reporter,
            street,
            channel=Channel.GRID_WORKER,
            category=categories[n % len(categories)],
            description="API测试案件",
            grid=grid,
        )

    def handling(c):
        c = actions.do_accept(admin, c)
        c = actions.do_dispatch(admin, c, unit=unit)
        return actions.do_start(admin, c)

    def handled(c):
        return actions.do_report_done(admin, handling(c), "已处置", photos=[_photo()])

    for n in range(3):
        actions.do_dispatch(admin, actions.do_accept(admin, case(n=n)), unit=unit)
        handling(case(n=n))
        actions.do_request_extension(admin, handling(case(n=n)), "需协调", amount=2)
        actions.do_contest(admin, handling(case(n=n)), "不属本单位")
        actions.do_hold(
            admin, actions.do_accept(admin, case(n=n)), "待条件成熟", review_date=review
        )
        handled(case(n=n))
        for reporter in (admin, worker, worker, worker):  # the demo's own closed long ago
            actions.do_pass_verification(worker, handled(case(reporter, n)), "已核查")
        # duplicates merged into a live case (to unmerge)
        main = case(n=n)
        for _i in range(2):
            actions.do_merge(admin, case(n=n), "重复上报", main=main)
    # the grid worker on patrol (to record its points, end it, or resume it by starting again)
    actions.do_start_patrol(worker, grid, notes="API测试巡查")


def visible_ids(demo, role: str, label: str, states: tuple = (), field: str = "pk") -> list:
    """Ids (or the values of `field`) of records of `label` the role's user can see; with
    `states` ((field, lookup, values), ...) only those in one of the values of each field,
    with a time within the last days, with at least so many related records, or at a review
    level the user decides at (an operation's `x-states`)."""
    import datetime

    from django.apps import apps
    from django.db.models import Count, Q
    from django.utils import timezone

    key = (role, label, states, field)
    if key not in demo["ids"]:
        model = apps.get_model(label)
        manager = model._default_manager
        qs = manager.all()
        if hasattr(qs, "visible_to"):
            qs = qs.visible_to(demo["users"][role])
        user = demo["users"][role]
        for name, lookup, values in states:
            if lookup in ("within_days", "before_days"):
                since = timezone.now() - datetime.timedelta(days=values[0])
                if _is_date(model, name):
                    since = timezone.localtime(since).date()
                op = "gte" if lookup == "within_days" else "lte"
                qs = qs.filter(**{f"{name}__{op}": since})
                continue
            if lookup == "decider":
                # the signed-in user decides at the record's current review level (access)
                from gongzhi.access.queries import may_decide

                qs = qs.filter(pk__in=[r.pk for r in qs if may_decide(user, r)])
                continue
            if lookup == "not_in":
                qs = qs.exclude(**{f"{name}__in": [v for v in values if v is not None]})
                continue
            if lookup == "min_count":
                n, where = values
                related = Q(**{f"{name}__{k}": v for k, v in where}) if where else None
                counted = Count(name, filter=related, distinct=True)
                qs = qs.annotate(_related=counted).filter(_related__gte=n)
                continue
            # "$user": the signed-in user (api_schema.SIGNED_IN_USER)
            known = [user.pk if v == "$user" else v for v in values if v is not None]
            match = Q(**{f"{name}__in": known})
            if None in values:  # null: no such related record
                match |= Q(**{f"{name}__isnull": True})
            qs = qs.filter(match)
        qs = qs.order_by("pk").distinct()[:200]
        demo["ids"][key] = (
            [getattr(r, field) for r in qs]
            if field != "pk"
            else list(qs.values_list("pk", flat=True))
        )
    return demo["ids"][key]


def _is_date(model, path: str) -> bool:
    """Whether the field a lookup path ends at is a date (not a date and time)."""
    from django.db import models

    *relations, last = path.split("__")
    for name in relations:
        model = model._meta.get_field(name).related_model
    field = model._meta.get_field(last)
    return isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)


def path_model(path: str) -> str | None:
    view = resolve(path.replace("{id}", "1")).func
    cls = getattr(view, "cls", None)
    queryset = getattr(cls, "queryset", None)
    if queryset is None:
        serializer = getattr(cls, "serializer_class", None)
        model = getattr(getattr(serializer, "Meta", None), "model", None)
        return model._meta.label_lower if model else None
    return queryset.model._meta.label_lower


def api_schema_dict() -> dict:
    """The OpenAPI document as /api/schema/ serves it (JSON types only)."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    raw = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(raw, renderer_context={}))
