"""Who is on the voter register (Organic Law Art. 8 and the provincial election rules,
domain.md §4): PRC citizens aged 18 on election day who live in the community; foreign
nationals never; residents whose hukou is elsewhere only on their own application, after
the street's residence period and, where the street requires it, with their home area's
consent. Through the election page (view) and the REST API, at the boundaries."""

import datetime

from django.urls import reverse

from gongzhi.core.models import AuditEntry
from gongzhi.registry.choices import ResidenceType
from gongzhi.registry.models import Resident
from gongzhi.selfgov import actions
from gongzhi.selfgov.models import Election, RegisterChange, Voter
from gongzhi.selfgov.rules import add_months

from .helpers import DAY, act, ensure_committee, form_for, make_residents

API = "/api/selfgov"


def _draft(community, **fields):
    ensure_committee(community)
    return act(
        actions.do_create_election,
        Election(community=community, title="换届选举", election_day=DAY, seats=3, **fields),
    )


def _action(client, election, **data):
    return client.post(reverse("selfgov:election_action", args=[election.pk]), data, follow=True)


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def _on_register(election):
    return set(election.voters.filter(active=True).values_list("resident_id", flat=True))


def _migrant(community, since, **extra):
    return make_residents(
        community,
        1,
        residence_type=ResidenceType.MIGRANT,
        living_here_since=since,
        **extra,
    )[0]


def _apply(client, election, resident, **data):
    body = {"election": election.pk, "resident": resident.pk, **data}
    return client.post(f"{API}/voters/apply/", body, content_type="application/json")


def test_voting_age_18th_birthday_on_election_day_is_on_the_day_after_is_not(
    world, users, verified_client
):
    election = _draft(world["c1"])
    eighteen_today = make_residents(world["c1"], 1, birth=DAY.replace(year=DAY.year - 18))[0]
    eighteen_tomorrow = make_residents(
        world["c1"], 1, birth=DAY.replace(year=DAY.year - 18) + datetime.timedelta(days=1)
    )[0]
    client = verified_client(users["committee_member"])
    _action(client, election, action="generate")
    on = _on_register(election)
    assert eighteen_today.pk in on
    assert eighteen_tomorrow.pk not in on


def test_foreign_national_is_never_on_the_register_even_if_asked(world, users, verified_client):
    c1 = world["c1"]
    election = _draft(c1)
    citizen = make_residents(c1, 1)[0]
    foreigner = Resident.objects.create(
        community=c1,
        name="约翰",
        birth_date=datetime.date(1980, 1, 1),
        residence_type=ResidenceType.FOREIGN,
        living_here_since=datetime.date(2015, 1, 1),
    )
    # A foreigner's permanent residence card (2023) looks like an ID number but starts with 9.
    card_holder = Resident.objects.create(
        community=c1,
        name="玛丽",
        id_number="911101198001010012",
        birth_date=datetime.date(1980, 1, 1),
        residence_type=ResidenceType.MIGRANT,
        living_here_since=datetime.date(2015, 1, 1),
    )
    client = verified_client(users["committee_member"])
    _action(client, election, action="generate")
    assert _on_register(election) == {citizen.pk}

    # by hand on the screen
    response = _action(
        client, election, action="add_voter", id_number="911101198001010012", reason="申请"
    )
    assert any("PRC citizen" in m or "中国公民" in m for m in _messages(response)), _messages(
        response
    )
    # on application, by screen and by API
    for person in (foreigner, card_holder):
        response = _action(client, election, action="apply", resident=person.pk)
        assert any("PRC citizen" in m or "中国公民" in m for m in _messages(response)), person
        answer = _apply(client, election, person)
        assert answer.status_code == 400, answer.content
        assert "resident" in answer.json()
    assert _on_register(election) == {citizen.pk}
    assert not Voter.objects.filter(resident__in=[foreigner, card_holder]).exists()


def test_migrant_without_application_is_not_on_the_register(world, users, verified_client):
    c1 = world["c1"]
    election = _draft(c1)
    registered = make_residents(c1, 1)[0]
    migrant = _migrant(c1, datetime.date(2010, 1, 1))
    client = verified_client(users["committee_member"])
    _action(client, election, action="generate")
    assert _on_register(election) == {registered.pk}
    # nor added by hand: only their own application brings them in
    response = _action(
        client, election, action="add_voter", id_number=migrant.id_number, reason="长期居住"
    )
    assert any("application" in m or "申请" in m for m in _messages(response))
    assert _on_register(election) == {registered.pk}


def test_migrant_registry_line_from_before_is_taken_off_when_the_register_is_generated(
    world, users, verified_client
):
    c1 = world["c1"]
    election = _draft(c1)
    migrant = _migrant(c1, datetime.date(2010, 1, 1))
    Voter.objects.create(election=election, resident=migrant, name=migrant.name)  # old rule
    client = verified_client(users["committee_member"])
    _action(client, election, action="generate")
    assert migrant.pk not in _on_register(election)


def test_migrant_residence_exactly_the_required_period_vs_one_day_short(
    world, users, verified_client
):
    c1 = world["c1"]
    election = _draft(c1)
    exactly = _migrant(c1, add_months(DAY, -12))
    one_day_short = _migrant(c1, add_months(DAY, -12) + datetime.timedelta(days=1))
    not_recorded = _migrant(c1, None)
    client = verified_client(users["committee_member"])

    answer = _apply(client, election, exactly, applied_on="2026-05-01")
    assert answer.status_code == 201, answer.content
    assert answer.json()["source"] == "applied"
    assert answer.json()["applied_on"] == "2026-05-01"
    voter = Voter.objects.get(election=election, resident=exactly)
    assert voter.active and voter.source == Voter.Source.APPLICATION
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.CREATE, object_id=str(voter.pk), object_repr=voter.name
    ).exists()
    assert RegisterChange.objects.filter(voter=voter, kind=RegisterChange.Kind.ADDED).exists()

    for person in (one_day_short, not_recorded):
        answer = _apply(client, election, person)
        assert answer.status_code == 400, answer.content
        assert "resident" in answer.json()
        assert not Voter.objects.filter(resident=person).exists()

    # the street's setting decides the period: six months lets the second one in
    street = c1.street
    street.migrant_residence_months = 6
    street.save()
    assert _apply(client, election, one_day_short).status_code == 201

    # generating the register again keeps the applicants and brings in no other migrant
    other = _migrant(c1, datetime.date(2000, 1, 1))
    _action(client, election, action="generate")
    on = _on_register(election)
    assert {exactly.pk, one_day_short.pk} <= on and other.pk not in on


def test_home_area_consent_required_or_not_by_the_street_setting(world, users, verified_client):
    c1 = world["c1"]
    election = _draft(c1)
    client = verified_client(users["committee_member"])
    since = datetime.date(2020, 1, 1)

    # not required: the application alone suffices
    free = _migrant(c1, since)
    assert _apply(client, election, free).status_code == 201

    street = c1.street
    street.migrant_home_consent_required = True
    street.save()
    without = _migrant(c1, since)
    answer = _apply(client, election, without)
    assert answer.status_code == 400
    assert {"home_consent", "home_consent_reference", "home_consent_date"} <= set(answer.json())
    assert not Voter.objects.filter(resident=without).exists()
    # on the screen too: refused with the reason, nothing written
    response = _action(client, election, action="apply", resident=without.pk)
    assert any("consent" in m or "同意" in m for m in _messages(response))
    assert not Voter.objects.filter(resident=without).exists()

    answer = _apply(
        client,
        election,
        without,
        home_consent=True,
        home_consent_reference="皖民函〔2026〕12号",
        home_consent_date="2026-04-01",
    )
    assert answer.status_code == 201, answer.content
    voter = Voter.objects.get(resident=without)
    assert voter.home_consent and voter.home_consent_reference == "皖民函〔2026〕12号"
    assert voter.home_consent_date == datetime.date(2026, 4, 1)


def test_application_on_the_election_page_picks_the_migrant_from_the_registry(
    world, users, verified_client
):
    c1 = world["c1"]
    election = _draft(c1)
    migrant = _migrant(c1, datetime.date(2020, 1, 1))
    registered = make_residents(c1, 1)[0]
    other_community = _migrant(world["c2"], datetime.date(2020, 1, 1))
    client = verified_client(users["committee_member"])
    page = client.get(reverse("selfgov:election_detail", args=[election.pk])).content.decode()
    assert form_for("apply", election) in page
    assert f'<option value="{migrant.pk}">' in page
    assert f'<option value="{registered.pk}">' not in page  # no application needed

    response = _action(
        client,
        election,
        action="apply",
        resident=migrant.pk,
        applied_on="2026-05-02",
        home_consent_date="not a date",
    )
    assert any("YYYY-MM-DD" in m for m in _messages(response))
    assert not Voter.objects.filter(resident=migrant).exists()
    _action(client, election, action="apply", resident=migrant.pk, applied_on="2026-05-02")
    voter = Voter.objects.get(election=election, resident=migrant)
    assert voter.source == Voter.Source.APPLICATION and voter.applied_on == datetime.date(
        2026, 5, 2
    )
    # a resident of another community is not offered and not found (404)
    response = client.post(
        reverse("selfgov:election_action", args=[election.pk]),
        {"action": "apply", "resident": other_community.pk},
    )
    assert response.status_code == 404


def test_api_application_is_scoped_and_needs_the_right_to_run_the_election(
    world, users, verified_client
):
    c1 = world["c1"]
    election = _draft(c1)
    migrant = _migrant(c1, datetime.date(2020, 1, 1))
    answer = _apply(verified_client(users["outsider"]), election, migrant)
    assert answer.status_code == 400  # the election is not theirs: unknown id
    assert _apply(verified_client(users["grid_worker"]), election, migrant).status_code == 403
    assert not Voter.objects.filter(resident=migrant).exists()


def test_street_residence_setting_is_validated(world, users, verified_client):
    client = verified_client(users["street_admin"])
    street = world["s1"]
    for months in (0, 121):
        answer = client.patch(
            f"/api/streets/{street.pk}/",
            {"migrant_residence_months": months},
            content_type="application/json",
        )
        assert answer.status_code == 400, answer.content
        assert "migrant_residence_months" in answer.json()
    street.refresh_from_db()
    assert street.migrant_residence_months == 12  # the default: one year
