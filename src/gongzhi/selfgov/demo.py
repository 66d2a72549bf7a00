"""Demo data for self-government: a term, an announced election, an assembly, a charter,
notices and estate management modes in the first demo community. Idempotent."""

import datetime

from django.utils import timezone


def load(stdout):
    from gongzhi.org.models import Community, ResidentsCommittee
    from gongzhi.registry.models import Estate
    from gongzhi.selfgov.models import Assembly, CharterVersion, Election, EstateManagement, Notice

    community = Community.objects.order_by("pk").first()
    if community is None:
        stdout.write("selfgov: no community, nothing loaded")
        return
    ResidentsCommittee.objects.get_or_create(
        community=community, defaults={"name": f"{community.name}居民委员会"}
    )
    today = timezone.localdate()
    Election.objects.get_or_create(
        community=community,
        title="第十二届居民委员会换届选举",
        defaults={
            "election_day": today + datetime.timedelta(days=40),
            "seats": 7,
            "online_voting": True,
            "election_committee": "社区选举委员会主任\n委员",
        },
    )
    Assembly.objects.get_or_create(
        community=community,
        title="2026年第一次居民会议",
        defaults={"date": today, "members_total": 60, "kind": Assembly.Kind.GROUPS},
    )
    CharterVersion.objects.get_or_create(
        community=community,
        version=1,
        defaults={"text": "第一条 爱护公共设施，保持环境整洁。\n第二条 邻里互助，文明养犬。"},
    )
    for title, category in (
        ("2026年第一季度社区经费收支公开", "finance"),
        ("关于加装电梯的居民会议决定", "decision"),
    ):
        Notice.objects.get_or_create(
            community=community,
            title=title,
            defaults={
                "category": category,
                "body": title + "。详见社区公告栏。",
                "publish_on": today,
            },
        )
    modes = ["company", "custody", "self"]
    for i, estate in enumerate(Estate.objects.filter(community=community).order_by("pk")[:3]):
        EstateManagement.objects.get_or_create(
            estate=estate,
            defaults={
                "mode": modes[i],
                "company_name": "万家物业" if i == 0 else "",
                "owners_committee": "业主委员会" if i == 2 else "",
            },
        )
    stdout.write("selfgov: demo election, assembly, charter, notices and estate management loaded")
