"""The self-government demo obeys the rules: every record it writes is written by an action
(one audit event with its verb, taken by a demo user whose role allows it there), and a
re-run writes nothing."""

import io

from gongzhi.core.context import acting_as
from gongzhi.core.models import AuditEntry
from gongzhi.org import demo as org_demo
from gongzhi.org import services as org
from gongzhi.registry import demo as registry_demo
from gongzhi.selfgov import demo
from gongzhi.selfgov.models import (
    Assembly,
    CharterVersion,
    Election,
    EstateManagement,
    Notice,
    Term,
)


def _load():
    out = io.StringIO()
    demo.load(out)
    return out.getvalue()


def test_demo_writes_through_the_actions_as_demo_users_and_is_idempotent(db):
    with acting_as(None, source="demo"):
        org_demo.load(None)
        registry_demo.load(None, scale=0.05)
        before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        said = _load()
        entries = list(AuditEntry.objects.filter(pk__gt=before).order_by("pk"))
        assert entries and "current term 11" in said
        # no write around an action: each entry is an action's one event, by a demo user
        assert [e for e in entries if not e.verb.startswith("selfgov.do_")] == []
        assert {e.actor.username for e in entries} <= {
            "demo_party_secretary",
            "demo_station_staff",
            "demo_street_admin",
        }
        # the second clerk of the tally is another person (the rule of two entries)
        clerks = {e.actor_id for e in entries if e.verb == "selfgov.do_enter_tally_sheet"}
        assert len(clerks) == 2

        announced = Election.objects.get(title=demo.ANNOUNCED_TITLE)
        term = announced.term
        assert announced.status == Election.Status.ANNOUNCED
        assert (term.number, term.status, term.start_date) == (
            11,
            Term.Status.CURRENT,
            org_demo.TERM_START,
        )
        serving = set(org.current_members(term.committee, on=term.start_date))
        assert {tm.member for tm in term.term_members.all()} == serving
        assert 5 <= len(serving) <= 9
        seated = AuditEntry.objects.get(verb="selfgov.do_seat_serving_members")
        assert seated.action == AuditEntry.Action.TRANSITION
        assert (seated.before["status"], seated.after["status"]) == ("planned", "current")
        draft = Election.objects.get(title=demo.DRAFT_TITLE)
        assert draft.status == Election.Status.DRAFT and draft.term_number == 12
        assert draft.voting_opens < draft.voting_closes  # online voting needs its window
        community = announced.community
        counts = [
            Assembly.objects.filter(community=community).count(),
            CharterVersion.objects.filter(community=community).count(),
            Notice.objects.filter(community=community).count(),
            EstateManagement.objects.filter(estate__community=community).count(),
        ]
        assert counts[:3] == [1, 1, 3]  # two notices and the election's result
        last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
        _load()
    assert AuditEntry.objects.filter(pk__gt=last).count() == 0
    assert counts == [
        Assembly.objects.filter(community=community).count(),
        CharterVersion.objects.filter(community=community).count(),
        Notice.objects.filter(community=community).count(),
        EstateManagement.objects.filter(estate__community=community).count(),
    ]
