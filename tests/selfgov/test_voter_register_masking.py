"""The generated voter register does not rank voters by birth date: voter ids in birth
order would narrow every voter's masked ID number (core.masking)."""

import datetime

from gongzhi.selfgov import actions
from gongzhi.selfgov.models import Election
from tests.selfgov.helpers import DAY, admin, ensure_committee, make_residents


def test_voter_ids_do_not_follow_birth_dates(world):
    c = world["c1"]
    ensure_committee(c)
    residents = []
    # Names in the opposite order to birth dates.
    for n, name in enumerate(["甲", "乙", "丙", "丁", "戊"]):
        r = make_residents(c, 1, birth=datetime.date(1950 + 5 * n, 3, 1))[0]
        r.name = f"{9 - n}{name}"
        r.save(update_fields=["name"])
        residents.append(r)
    election = actions.do_create_election(
        admin(c), Election(community=c, title="t", election_day=DAY, seats=1)
    )
    assert actions.do_generate_register(admin(election), election) == 5
    by_id = list(election.voters.order_by("pk").values_list("resident__birth_date", flat=True))
    assert by_id != sorted(by_id)
    assert list(election.voters.order_by("pk").values_list("name", flat=True)) == sorted(
        r.name for r in residents
    )
