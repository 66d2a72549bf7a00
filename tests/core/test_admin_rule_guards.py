"""The Django admin cannot bypass the rules of self-government and the access system (issue
12, "The Django admin bypasses the rules"). For each rule, a superuser and a street admin
post exactly the change that would break it to /admin/…; the admin refuses (403: the models
are read-only there for everyone, their writes go through the screens and the API where
the rules run) and the database is unchanged."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.forms.models import inlineformset_factory, modelform_factory
from django.urls import reverse

from gongzhi.core.admin_site import ScopedAdminMixin
from gongzhi.core.context import acting_as
from gongzhi.selfgov import actions
from gongzhi.selfgov.models import Assembly, Petition
from tests.access import conftest as access_fixtures
from tests.selfgov.helpers import admin, ensure_committee, make_election, make_residents

make_app = access_fixtures.make_app
submitted = access_fixtures.submitted

ADMINS = ["superuser", "street_admin"]


@pytest.fixture
def admin_client(users, verified_client):
    def login(who):
        if who == "superuser":
            user = get_user_model().objects.filter(
                username="root"
            ).first() or get_user_model().objects.create_superuser(
                "root", password="correct-horse-battery-9"
            )
        else:
            user = users["street_admin"]
            user.is_staff = True
            user.save()
        return verified_client(user)

    return login


def _form_data(obj):
    """What the admin's change form would post for `obj` unchanged: every model field, plus
    an empty management form for each inline."""
    from django.contrib import admin

    model = type(obj)
    form = modelform_factory(model, fields="__all__")(instance=obj)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if value is True:
            data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, datetime.datetime):
            data[name + "_0"], data[name + "_1"] = value.date().isoformat(), value.time()
        elif isinstance(value, datetime.date):
            data[name] = value.isoformat()
        else:
            data[name] = str(value)
    for inline in admin.site._registry[model].inlines:
        prefix = inlineformset_factory(model, inline.model, fields="__all__").get_default_prefix()
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


def _snapshot(obj):
    obj.refresh_from_db()
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def _change(client, obj, **changes):
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    data = _form_data(obj)
    data.update({k: str(v) for k, v in changes.items()})
    return client.post(url, data)


def _refused(response):
    # 403: no change permission; 200: the form came back with its errors. Never the redirect
    # that follows a saved change.
    assert response.status_code in (200, 403), response.status_code
    if response.status_code == 200:
        assert "errornote" in response.content.decode()


@pytest.fixture
def published_election(world):
    return make_election(world["c1"], voters=8, seats=3, candidates=4)


@pytest.fixture
def assembly(world):
    ensure_committee(world["c1"])
    make_residents(world["c1"], 6)
    with acting_as(None, source="test"):
        return Assembly.objects.create(
            community=world["c1"],
            title="居民会议",
            date=datetime.date(2026, 12, 1),
            members_total=10,
            kind=Assembly.Kind.GROUPS,
        )


@pytest.mark.parametrize("who", ADMINS)
def test_register_notice_of_20_days_cannot_be_shortened_in_the_admin(
    admin_client, published_election, who
):
    election = published_election
    before = _snapshot(election)
    soon = election.register_published_on + datetime.timedelta(days=5)
    _refused(_change(admin_client(who), election, election_day=soon.isoformat()))
    _refused(_change(admin_client(who), election, register_days_before=5))
    assert _snapshot(election) == before


@pytest.mark.parametrize("who", ADMINS)
def test_candidates_must_outnumber_seats_even_in_the_admin(admin_client, published_election, who):
    election = published_election
    before = _snapshot(election)
    candidates = election.candidates.count()
    _refused(_change(admin_client(who), election, seats=candidates))
    _refused(_change(admin_client(who), election, candidate_surplus=0))
    assert _snapshot(election) == before
    assert election.candidates.count() == candidates


@pytest.mark.parametrize("who", ADMINS)
def test_assembly_quorum_of_more_than_half_cannot_be_lowered_in_the_admin(
    admin_client, assembly, who
):
    before = _snapshot(assembly)
    _refused(_change(admin_client(who), assembly, quorum_num=1, quorum_den=5))
    _refused(_change(admin_client(who), assembly, members_total=2))
    assert _snapshot(assembly) == before


@pytest.mark.parametrize("who", ADMINS)
def test_resolution_majority_of_more_than_half_cannot_be_lowered_in_the_admin(
    admin_client, assembly, who
):
    with acting_as(None, source="test"):
        for resident in assembly.community.residents.all()[:6]:
            actions.do_record_attendance(admin(assembly), assembly, resident=resident)
        actor = admin(assembly)
        item = actions.do_vote_item(
            actor, actions.do_add_item(actor, assembly, "议题"), yes=2, no=4
        )
    before, item_before = _snapshot(assembly), _snapshot(item)
    client = admin_client(who)
    _refused(_change(client, assembly, pass_num=1, pass_den=5))
    _refused(_change(client, item, outcome="passed"))
    assert _snapshot(assembly) == before and _snapshot(item) == item_before


@pytest.mark.parametrize("who", ADMINS)
def test_a_petition_without_its_signatures_cannot_be_recorded_in_the_admin(
    admin_client, world, who
):
    ensure_committee(world["c1"])
    response = admin_client(who).post(
        reverse("admin:selfgov_petition_add"),
        {
            "community": world["c1"].pk,
            "basis": Petition.Basis.ADULTS,
            "subject": "召开居民会议",
            "signatures": "0",
            "required": "0",
            "accepted": "on",
        },
    )
    _refused(response)
    assert not Petition.objects.exists()


@pytest.mark.parametrize("who", ADMINS)
def test_access_start_inside_30_working_days_cannot_be_set_in_the_admin(
    admin_client, submitted, who
):
    app = submitted
    before = _snapshot(app)
    too_soon = app.submitted_on + datetime.timedelta(days=5)
    _refused(_change(admin_client(who), app, start_date=too_soon.isoformat()))
    assert _snapshot(app) == before


@pytest.mark.parametrize("who", ADMINS)
def test_four_synchronizations_cannot_be_stripped_in_the_admin(admin_client, submitted, who):
    app = submitted
    assert app.meets_four_sync
    before = _snapshot(app)
    _refused(
        _change(
            admin_client(who),
            app,
            funding="none",
            funding_per_community="",
            funding_source="",
            personnel="none",
            personnel_count="0",
            service_support="",
            task_definition="",
        )
    )
    assert _snapshot(app) == before


def test_rule_guarded_admins_are_read_only_for_everyone():
    """The models behind the rules above, and their neighbours in the same workflows."""
    from django.contrib import admin

    guarded = {
        m._meta.label
        for m, ma in admin.site._registry.items()
        if isinstance(ma, ScopedAdminMixin) and getattr(ma, "rule_guarded", False)
    }
    assert {
        "selfgov.Election",
        "selfgov.Candidate",
        "selfgov.Voter",
        "selfgov.Assembly",
        "selfgov.AgendaItem",
        "selfgov.Petition",
        "access.Application",
        "access.AdmittedAffair",
    } <= guarded
