import pytest
from django.utils import timezone

from gongzhi.services import demo
from gongzhi.services.models import Category, ItemField, ServiceItem

pytestmark = pytest.mark.django_db


def test_demo_menu_has_about_74_items_grouped_by_category(world):
    count = demo.load()
    assert count == 74
    assert ServiceItem.objects.count() == 74
    names = set(Category.objects.values_list("name", flat=True))
    assert {
        "居住证",
        "最低生活保障",
        "残疾人服务",
        "老年人服务",
        "出生与户籍",
        "就业失业登记",
        "城乡居民医保",
    } <= names
    assert ServiceItem.objects.filter(delegated_approval=True).exists()
    assert ServiceItem.objects.filter(online=False).exists()
    assert set(ServiceItem.objects.values_list("handled_at", flat=True)) == {
        "station",
        "street_centre",
        "department",
    }
    assert ServiceItem.objects.get(name="临时救助申请").department == world["dept"]
    kinds = set(ItemField.objects.values_list("kind", flat=True))
    assert kinds == {"text", "number", "date", "choice", "multichoice", "file"}
    # Loading again changes nothing (idempotent).
    assert demo.load() == 74
    assert ServiceItem.objects.count() == 74


def test_active_period(menu):
    item = menu["simple"]
    today = timezone.localdate()
    assert item in ServiceItem.objects.active()
    item.active_until = today - timezone.timedelta(days=1)
    item.save()
    assert item not in ServiceItem.objects.active()
    assert not item.is_active()


def test_full_demo_loads_sample_requests_idempotently(db):
    from io import StringIO

    from django.core.management import call_command

    from gongzhi.services.models import Opinion, ServiceRequest

    call_command("demo", "--no-serve", stdout=StringIO())
    n = ServiceRequest.objects.count()
    assert n >= 5 and Opinion.objects.count() == 3
    assert set(ServiceRequest.objects.values_list("status", flat=True)) >= {
        "submitted",
        "accepted",
        "materials_requested",
        "in_progress",
        "rated",
    }
    call_command("demo", "--no-serve", stdout=StringIO())
    assert ServiceRequest.objects.count() == n and ServiceItem.objects.count() == 74
