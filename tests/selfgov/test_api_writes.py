"""API writes of self-government: each endpoint calls the same service function as the
screen, is scoped (out of area: 404, or 400 on the related field), permission-checked (403),
answers 400 with field errors on bad input and changes nothing, and is in the OpenAPI schema."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from gongzhi.org.models import CommitteeMember
from gongzhi.registry.models import Estate
from gongzhi.selfgov import actions
from gongzhi.selfgov.models import (
    AgendaItem,
    Assembly,
    Candidate,
    CharterVersion,
    Election,
    EstateManagement,
    Petition,
    PollingStation,
    Proxy,
    Voter,
)

from .helpers import admin, ensure_committee, make_election, make_residents, make_voter_user

API = "/api/selfgov"


def post(client, url, data=None):
    return client.post(f"{API}/{url}", data or {}, content_type="application/json")


def test_api_runs_an_election_from_draft_to_hand_over(world, users, verified_client):
    c1 = world["c1"]
    ensure_committee(c1)
    residents = make_residents(c1, 12)
    client = verified_client(users["street_admin"])
    now = timezone.now()
    created = post(
        client,
        "elections/",
        {
            "community": c1.pk,
            "title": "第二届居委会选举",
            "term_number": 2,
            "election_day": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
            "seats": 5,
            "nomination_supporters": 2,
            "online_voting": True,
            "voting_opens": (now - datetime.timedelta(hours=1)).isoformat(),
            "voting_closes": (now + datetime.timedelta(hours=2)).isoformat(),
        },
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["status"] == "draft"
    election = Election.objects.get(pk=pk)

    assert post(client, f"elections/{pk}/generate-register/").json() == {"voters": 12}
    published = post(client, f"elections/{pk}/publish-register/")
    assert published.status_code == 200 and published.json()["status"] == "register"
    # the register: take a voter off and add them back by hand, log an objection
    voter = election.voters.get(resident=residents[0])
    removed = post(client, f"voters/{voter.pk}/remove/", {"reason": "已迁出（误报）"})
    assert removed.status_code == 200 and removed.json()["active"] is False
    added = post(
        client,
        "voters/",
        {"election": pk, "id_number": residents[0].id_number, "reason": "核实仍居住"},
    )
    assert added.status_code == 201, added.content
    assert post(client, f"elections/{pk}/objection/", {"text": "名单有误"}).status_code == 201

    # nomination: six self-nominations and one joint nomination, then one withdraws
    voters = list(election.voters.filter(active=True).order_by("pk"))
    for v in voters[:6]:
        r = post(client, "candidates/", {"election": pk, "voter": v.pk, "self_nomination": True})
        assert r.status_code == 201, r.content
    joint = post(
        client,
        "candidates/",
        {"election": pk, "voter": voters[6].pk, "supporters": [voters[7].pk, voters[8].pk]},
    )
    assert joint.status_code == 201 and joint.json()["nomination"] == "joint"
    withdrawn = post(client, f"candidates/{joint.json()['id']}/withdraw/", {"reason": "身体原因"})
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn"] is True
    assert post(client, f"elections/{pk}/publish-candidates/").json()["status"] == "candidates"

    # proxies and stations, then voting
    proxy = post(
        client,
        "proxies/",
        {
            "election": pk,
            "holder": voters[9].pk,
            "principal": voters[10].pk,
            "authorization": "书面委托书 2026-01",
        },
    )
    assert proxy.status_code == 201, proxy.content
    station = post(client, "stations/", {"election": pk, "name": "流动票箱", "kind": "mobile"})
    assert station.status_code == 201 and station.json()["kind"] == "mobile"
    assert post(client, f"elections/{pk}/open-voting/").json()["status"] == "voting"
    cands = list(election.candidates.filter(withdrawn=False).order_by("pk"))
    for v in voters[:7]:
        actions.do_cast_ballot(make_voter_user(v), election, [c.pk for c in cands[:5]])

    counted = post(client, f"elections/{pk}/count/")
    assert counted.status_code == 201, counted.content
    assert counted.json()["valid"] is True and len(counted.json()["elected"]) == 5
    announced = post(client, f"elections/{pk}/announce/")
    assert announced.status_code == 201 and announced.json()["category"] == "election"

    members = [
        {"candidate": c.pk, "post": "chair" if i == 0 else "member"}
        for i, c in enumerate(cands[:5])
    ]
    handed = post(client, f"elections/{pk}/hand-over/", {"members": members})
    assert handed.status_code == 200, handed.content
    assert isinstance(handed.json(), list)
    election.refresh_from_db()
    assert election.term.status == "current"
    assert CommitteeMember.objects.filter(committee__community=c1, post="chair").exists()


def test_api_bad_input_is_400_with_field_errors_and_changes_nothing(world, users, verified_client):
    client = verified_client(users["committee_member"])
    now = timezone.now()
    bad_window = post(
        client,
        "elections/",
        {
            "community": world["c1"].pk,
            "title": "x",
            "election_day": "2026-09-01",
            "online_voting": True,
            "voting_opens": now.isoformat(),
            "voting_closes": (now - datetime.timedelta(hours=1)).isoformat(),
        },
    )
    assert bad_window.status_code == 400 and "voting_closes" in bad_window.json()
    assert not Election.objects.filter(title="x").exists()

    election = make_election(world["c1"], voters=12, seats=2, candidates=0)
    voters = list(election.voters.order_by("pk"))
    few = post(
        client,
        "candidates/",
        {"election": election.pk, "voter": voters[0].pk, "supporters": [voters[1].pk]},
    )
    assert few.status_code == 400 and "supporters" in few.json()
    assert not Candidate.objects.filter(election=election).exists()
    twice = post(
        client,
        "candidates/",
        {"election": election.pk, "voter": voters[0].pk, "supporters": [voters[1].pk] * 2},
    )
    assert twice.status_code == 400 and "supporters" in twice.json()

    for principal in voters[1:4]:
        assert (
            post(
                client,
                "proxies/",
                {
                    "election": election.pk,
                    "holder": voters[0].pk,
                    "principal": principal.pk,
                    "authorization": "委托书",
                },
            ).status_code
            == 201
        )
    fourth = post(
        client,
        "proxies/",
        {
            "election": election.pk,
            "holder": voters[0].pk,
            "principal": voters[4].pk,
            "authorization": "委托书",
        },
    )
    assert fourth.status_code == 400 and "holder" in fourth.json()
    assert Proxy.objects.filter(election=election).count() == 3
    no_reason = post(client, f"voters/{voters[5].pk}/remove/", {"reason": ""})
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    assert Voter.objects.get(pk=voters[5].pk).active
    # a step out of order: refused with the reason
    early = post(client, f"elections/{election.pk}/count/")
    assert early.status_code == 400 and not election.results.exists()


def test_api_writes_are_permission_checked_and_scoped(world, users, verified_client):
    election = make_election(world["c1"], voters=6, seats=1, candidates=2)
    other = make_election(world["c3"], voters=6, seats=1, candidates=2)
    resident = verified_client(users["resident"])
    assert post(resident, "stations/", {"election": election.pk, "name": "站"}).status_code == 403
    assert post(resident, f"elections/{election.pk}/publish-candidates/").status_code == 403
    member = verified_client(users["committee_member"])
    # announcing needs the street or the party secretary
    assert post(member, f"elections/{election.pk}/announce/").status_code == 403
    # another street's election: 404 on its own URL, 400 (as if missing) as a related field
    assert post(member, f"elections/{other.pk}/publish-candidates/").status_code == 404
    cross = post(member, "stations/", {"election": other.pk, "name": "站"})
    assert cross.status_code == 400 and "election" in cross.json()
    assert not PollingStation.objects.filter(election=other).exists()
    candidate = other.candidates.first()
    assert post(member, f"candidates/{candidate.pk}/withdraw/", {"reason": "x"}).status_code == 404
    other.refresh_from_db()
    assert other.status == Election.Status.CANDIDATES_PUBLISHED


def test_api_assembly_petition_and_charter(world, users, verified_client):
    c1 = world["c1"]
    ensure_committee(c1)
    people = make_residents(c1, 5)
    client = verified_client(users["street_admin"])
    # a petition with an unknown signatory is refused and nothing is stored
    unknown = post(
        client,
        "petitions/",
        {
            "community": c1.pk,
            "basis": "adults",
            "subject": "加装电梯",
            "signatories": [people[0].id_number, "150204199901019999"],
        },
    )
    assert unknown.status_code == 400 and "signatories" in unknown.json()
    assert not Petition.objects.exists()
    petition = post(
        client,
        "petitions/",
        {
            "community": c1.pk,
            "basis": "adults",
            "subject": "加装电梯",
            "signatories": [p.id_number for p in people[:2]],
        },
    )
    assert petition.status_code == 201 and petition.json()["accepted"] is True

    charter = post(client, "charters/", {"community": c1.pk, "text": "第一条 邻里和睦"})
    assert charter.status_code == 201 and charter.json()["version"] == 1
    convened = post(
        client,
        "assemblies/",
        {
            "community": c1.pk,
            "title": "居民会议",
            "date": timezone.localdate().isoformat(),
            "kind": "adults",
            "petition": petition.json()["id"],
        },
    )
    assert convened.status_code == 201, convened.content
    aid = convened.json()["id"]
    assert convened.json()["members_total"] == 5
    item = post(
        client,
        "agenda-items/",
        {
            "assembly": aid,
            "title": "通过居民公约",
            "kind": "charter",
            "charter": charter.json()["id"],
        },
    )
    assert item.status_code == 201, item.content
    iid = item.json()["id"]
    for p in people[:2]:
        assert (
            post(client, f"assemblies/{aid}/attend/", {"id_number": p.id_number}).status_code == 201
        )
    # 2 of 5 present: no quorum, the vote is refused and nothing changes
    no_quorum = post(client, f"agenda-items/{iid}/vote/", {"yes": 2, "no": 0})
    assert no_quorum.status_code == 400
    assert AgendaItem.objects.get(pk=iid).outcome == "pending"
    signed = post(
        client,
        f"assemblies/{aid}/attend/",
        {"id_number": people[2].id_number},
    )
    assert signed.status_code == 201 and signed.json()["resident"] == people[2].pk
    voted = post(client, f"agenda-items/{iid}/vote/", {"yes": 2, "no": 1})
    assert voted.status_code == 200 and voted.json()["outcome"] == "passed"
    minutes = post(client, f"assemblies/{aid}/minutes/", {"minutes": "会议记录"})
    assert minutes.status_code == 200 and Assembly.objects.get(pk=aid).minutes == "会议记录"

    cid = charter.json()["id"]
    assert post(client, f"charters/{cid}/filing/", {"filing": "submitted"}).status_code == 200
    missing = post(client, f"charters/{cid}/filing/", {"filing": "filed"})
    assert missing.status_code == 400 and "filing_reference" in missing.json()
    filed = post(
        client, f"charters/{cid}/filing/", {"filing": "filed", "reference": "玄民备〔2026〕3号"}
    )
    assert filed.status_code == 200 and filed.json()["filing"] == "filed"
    assert CharterVersion.objects.get(pk=cid).filed_on is not None
    # the committee member may draft but not file
    member = verified_client(users["committee_member"])
    assert post(member, f"charters/{cid}/filing/", {"filing": "returned"}).status_code == 403


def test_api_estate_management(world, users, verified_client):
    mine = Estate.objects.create(community=world["c1"], name="梅园小区")
    theirs = Estate.objects.create(community=world["c3"], name="外区小区")
    client = verified_client(users["committee_member"])
    unnamed = post(client, "estate-management/", {"estate": mine.pk, "mode": "company"})
    assert unnamed.status_code == 400 and "company_name" in unnamed.json()
    assert not EstateManagement.objects.exists()
    created = post(
        client,
        "estate-management/",
        {"estate": mine.pk, "mode": "company", "company_name": "某物业公司"},
    )
    assert created.status_code == 201, created.content
    changed = client.patch(
        f"{API}/estate-management/{created.json()['id']}/",
        {"mode": "self", "owners_committee": "梅园业委会"},
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["mode"] == "self"
    outside = post(client, "estate-management/", {"estate": theirs.pk, "mode": "custody"})
    assert outside.status_code == 400 and "estate" in outside.json()
    grid = verified_client(users["grid_worker"])
    assert (
        post(grid, "estate-management/", {"estate": mine.pk, "mode": "custody"}).status_code == 403
    )


def test_api_writes_are_in_the_openapi_schema(db, tmp_path, capsys):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--file", str(out))
    warnings = capsys.readouterr().err
    assert not [line for line in warnings.splitlines() if "selfgov" in line.lower()], warnings
    text = out.read_text()
    for path in (
        "/api/selfgov/elections/{id}/publish-register/",
        "/api/selfgov/elections/{id}/hand-over/",
        "/api/selfgov/elections/{id}/resolve-objection/",
        "/api/selfgov/elections/{id}/discard-sheets/",
        "/api/selfgov/candidates/{id}/withdraw/",
        "/api/selfgov/proxies/",
        "/api/selfgov/agenda-items/{id}/vote/",
        "/api/selfgov/charters/{id}/filing/",
        "/api/selfgov/assemblies/{id}/attend/",
    ):
        assert f"{path}:" in text, path
    assert "HandOver" in text and "ProxyInput" in text


def test_api_resolves_an_objection_once_with_the_decision(world, users, verified_client):
    from gongzhi.core.context import acting_as
    from gongzhi.selfgov import actions

    election = make_election(world["c1"], voters=6, seats=2, candidates=2)
    other = make_election(world["c3"], voters=4, seats=2, candidates=2)
    with acting_as(None, source="test"):
        objection = actions.do_log_objection(admin(election), election, "名单漏登一户")
        far = actions.do_log_objection(admin(other), other, "名单有误")
    url = f"elections/{election.pk}/resolve-objection/"
    member = verified_client(users["committee_member"])

    empty = post(member, url, {"objection": objection.pk, "resolution": " "})
    assert empty.status_code == 400 and "resolution" in empty.json()
    missing = post(member, url, {"resolution": "驳回"})
    assert missing.status_code == 400 and "objection" in missing.json()
    objection.refresh_from_db()
    assert objection.resolution == ""

    done = post(member, url, {"objection": objection.pk, "resolution": "属实，已补登"})
    assert done.status_code == 200, done.content
    assert done.json()["resolution"] == "属实，已补登"
    again = post(member, url, {"objection": objection.pk, "resolution": "改判"})
    assert again.status_code == 400 and "resolution" in again.json()
    objection.refresh_from_db()
    assert objection.resolution == "属实，已补登"

    # another street's election: 404; its objection named on this election: 400
    far_url = f"elections/{other.pk}/resolve-objection/"
    assert post(member, far_url, {"objection": far.pk, "resolution": "x"}).status_code == 404
    cross = post(member, url, {"objection": far.pk, "resolution": "x"})
    assert cross.status_code == 400 and "objection" in cross.json()
    far.refresh_from_db()
    assert far.resolution == ""

    # a station clerk may not decide (verified_client logs the same client in anew)
    with acting_as(None, source="test"):
        pending = actions.do_log_objection(admin(election), election, "另一户漏登")
    clerk = verified_client(users["station_staff"])
    assert post(clerk, url, {"objection": pending.pk, "resolution": "驳回"}).status_code == 403
    pending.refresh_from_db()
    assert pending.resolution == ""


def test_api_discards_disagreeing_tally_sheets_with_a_reason(world, users, verified_client):
    from gongzhi.core.models import AuditEntry
    from gongzhi.selfgov.models import TallySheet

    from .test_election_screens import _mismatch

    election, station, _a = _mismatch(world, users)
    other = make_election(world["c3"], voters=4, seats=1, candidates=2)
    url = f"elections/{election.pk}/discard-sheets/"
    member = verified_client(users["committee_member"])

    no_reason = post(member, url, {"station": station.pk, "reason": " "})
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    no_station = post(member, url, {"reason": "录入有误"})
    assert no_station.status_code == 400 and "station" in no_station.json()
    far = f"elections/{other.pk}/discard-sheets/"
    assert post(member, far, {"station": station.pk, "reason": "x"}).status_code == 404
    clerk = verified_client(users["station_staff"])
    assert post(clerk, url, {"station": station.pk, "reason": "我录错了"}).status_code == 403
    assert TallySheet.objects.filter(station=station).count() == 2

    reason = "第二次录入有误，已核对原始计票单"
    member = verified_client(users["committee_member"])
    done = post(member, url, {"station": station.pk, "reason": reason})
    assert done.status_code == 200 and done.json() == {"discarded": 2}
    assert not TallySheet.objects.filter(station=station).exists()
    entry = AuditEntry.objects.filter(reason__contains=reason).get()
    assert entry.actor == users["committee_member"] and len(entry.extra["sheets"]) == 2
    # nothing left that disagrees: refused
    assert post(member, url, {"station": station.pk, "reason": reason}).status_code == 400
