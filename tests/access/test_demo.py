from gongzhi.access import demo
from gongzhi.access.models import AdmittedAffair, Application
from gongzhi.core.context import acting_as


def test_demo_loads_xicheng_style_list_and_is_idempotent(db):
    from gongzhi.org import demo as org_demo

    with acting_as(None, source="demo"):
        street = org_demo.load()
        demo.load()
        demo.load()
    items = AdmittedAffair.objects.filter(street=street, application__isnull=True)
    assert items.filter(body="committee").count() == 56
    assert items.filter(body="station").count() == 47
    assert len(set(items.values_list("name", flat=True))) == 103
    statuses = set(Application.objects.filter(street=street).values_list("status", flat=True))
    assert {"draft", "submitted", "in_review", "returned", "rejected", "admitted"} <= statuses
    assert Application.objects.filter(street=street).overdue().exists()
