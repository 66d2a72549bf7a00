"""The burden dashboard (issue 5, part 9) is computed by aggregate queries, a bounded number
whatever the number of communities; lapsed admitted affairs leave every list on the day
after their validity even before the daily `gongzhi expire-affairs` has run (part 3)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongzhi.access import actions, figures
from gongzhi.access.models import (
    AdmittedAffair,
    CommunityTask,
    FundAccount,
    FundTransfer,
    Ledger,
    Plaque,
)
from gongzhi.org.models import Community

# Queries of one burden_stats call for a street user. If the figures were computed per
# community again, the 40 communities below would need far more than this.
DASHBOARD_MAX_QUERIES = 20


def _fill_community(community, affair, n):
    Plaque.objects.create(community=community, name=f"挂牌{n}", kind="other")
    Plaque.objects.create(community=community, name=f"社区名{n}", kind="name")
    # Setup data only (the refusal's rules are tested in test_list_tasks_funds).
    CommunityTask.objects.create(
        community=community,
        title=f"任务{n}",
        status=CommunityTask.Status.REFUSED,
        refused_at=timezone.now(),
        refusal_reason="不在清单",
    )
    CommunityTask.objects.create(
        community=community, title=f"退回{n}", disposition="returned", admitted=False
    )
    account = FundAccount.objects.create(
        affair=affair, community=community, amount_due=Decimal("1000.00")
    )
    FundTransfer.objects.create(
        account=account, date=datetime.date(2026, 1, 5), amount=Decimal("400.00"), voucher=f"V{n}"
    )


def _add_communities(street, count, fill):
    """`count` more communities in `street`, each filled by `fill(community, n)`."""
    for n in range(1, count + 1):
        community = Community.objects.create(street=street, name=f"新社区{n}", code=f"1{n:02d}")
        fill(community, n)


@pytest.fixture
def busy_street(world):
    affair = AdmittedAffair.objects.create(
        street=world["s1"],
        department=world["dept"],
        name="老年人能力评估",
        body="station",
        valid_from=datetime.date(2020, 1, 1),
    )
    Ledger.objects.create(
        street=world["s1"], name="a", category="x", decision="cancelled", hours_per_month=4
    )
    return affair


def _dashboard_queries(user, **kwargs):
    user._gongzhi_scope = None  # a fresh request: nothing cached on the user
    with CaptureQueriesContext(connection) as ctx:
        stats = figures.burden_stats(user, **kwargs)
    return len(ctx.captured_queries), stats


def test_dashboard_query_count_does_not_grow_with_communities(
    busy_street, world, users, django_assert_max_num_queries
):
    _fill_community(world["c1"], busy_street, 0)
    few, stats = _dashboard_queries(users["street_admin"], street=world["s1"])
    assert stats["plaques_over_limit"] == 1
    _add_communities(world["s1"], 40, lambda c, n: _fill_community(c, busy_street, n))
    many, stats = _dashboard_queries(users["street_admin"], street=world["s1"])
    assert many == few
    users["street_admin"]._gongzhi_scope = None
    with django_assert_max_num_queries(DASHBOARD_MAX_QUERIES):
        stats = figures.burden_stats(users["street_admin"], street=world["s1"])
    # The aggregates are right, not just cheap.
    assert stats["plaques_over_limit"] == 41
    assert stats["unadmitted_refused"] == 41
    assert stats["dispositions"]["returned"] == 41
    assert stats["funds"] == {
        "due": "41000.00",
        "transferred": "16400.00",
        "outstanding": "24600.00",
    }
    assert stats["hours_saved_per_month"] == 4.0 + 8 * (41 + 41)
    assert stats["trend"]["refused"][-1] == 41


def test_dashboard_screen_query_count_does_not_grow_with_communities(
    busy_street, world, users, verified_client, django_assert_max_num_queries
):
    c = verified_client(users["street_admin"])
    with CaptureQueriesContext(connection) as few:
        assert c.get("/access/dashboard/data/").status_code == 200
    _add_communities(world["s1"], 30, lambda c, n: _fill_community(c, busy_street, n))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert c.get("/access/dashboard/data/").json()["plaques_over_limit"] == 30


def test_dashboard_for_one_community_counts_each_affair_once(world, users):
    both = AdmittedAffair.objects.create(
        street=world["s1"],
        name="两社区事项",
        body="committee",
        valid_from=datetime.date(2020, 1, 1),
    )
    both.communities.set([world["c1"], world["c2"]])
    AdmittedAffair.objects.create(
        street=world["s1"],
        name="全街道事项",
        body="committee",
        valid_from=datetime.date(2020, 1, 1),
    )
    other = AdmittedAffair.objects.create(
        street=world["s1"],
        name="仅和谐社区",
        body="committee",
        valid_from=datetime.date(2020, 1, 1),
    )
    other.communities.set([world["c2"]])
    stats = figures.burden_stats(users["street_admin"], community=world["c1"])
    assert stats["admitted"]["committee"] == 2


def test_plaque_list_query_count_does_not_grow_with_communities(
    busy_street, world, users, verified_client, django_assert_max_num_queries
):
    c = verified_client(users["street_admin"])
    # One plaque already: an empty table skips the query of its rows.
    Plaque.objects.create(community=world["c1"], name="挂牌", kind="other")
    with CaptureQueriesContext(connection) as few:
        assert c.get("/access/plaques/").status_code == 200
    _add_communities(
        world["s1"],
        20,
        lambda c, n: Plaque.objects.create(community=c, name=f"挂牌{n}", kind="other"),
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert c.get("/access/plaques/").status_code == 200


# --- expiry by date, without the cron'd command ------------------------------------------


@pytest.fixture
def lapsed(world):
    """An item whose validity ended yesterday; `expire-affairs` has not run (still active)."""
    item = AdmittedAffair.objects.create(
        street=world["s1"],
        department=world["dept"],
        name="已过有效期的事项",
        body="station",
        valid_from=datetime.date(2020, 1, 1),
        valid_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert item.status == AdmittedAffair.Status.ACTIVE
    return item


def test_lapsed_affair_hidden_from_lists_without_the_expiry_command(
    lapsed, world, users, verified_client, client
):
    assert (
        lapsed.name not in client.get(f"/public/access/streets/{world['s1'].pk}/").content.decode()
    )
    c = verified_client(users["street_admin"])
    assert lapsed.name not in c.get("/access/affairs/").content.decode()
    ended = c.get("/access/affairs/?show=ended").content.decode()
    assert lapsed.name in ended and "已到期" in ended
    api = c.get("/api/access/affairs/?active=true").json()
    assert lapsed.pk not in [row["id"] for row in api["results"]]
    row = c.get(f"/api/access/affairs/{lapsed.pk}/").json()
    assert row["in_force"] is False
    assert lapsed.name.encode() not in c.get("/access/tasks/assign/").content
    assert figures.burden_stats(users["street_admin"])["admitted"]["station"] == 0


def test_lapsed_affair_cannot_carry_tasks_without_the_expiry_command(lapsed, world, users):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        actions.do_assign_task(users["street_staff"], lapsed, [world["c1"]], title="过期后交办")
    assert "affair" in exc.value.message_dict


def test_affair_in_force_on_its_last_day(lapsed, client, world):
    AdmittedAffair.objects.filter(pk=lapsed.pk).update(valid_until=timezone.localdate())
    assert lapsed.name in client.get(f"/public/access/streets/{world['s1'].pk}/").content.decode()
