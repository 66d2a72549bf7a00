"""Seed the special-group tags (特殊人群). The list is data: staff may add more.

60+ and 80+ are NOT stored tags: they follow from the birth date and are computed filters
(registry.queries.age_filter / COMPUTED_AGE_GROUPS), so they are never out of date.
"""

from django.db import migrations

TAGS = [
    # code, name, has_grade, sensitive
    ("living_alone", "独居", False, False),
    ("empty_nest", "空巢老人", False, False),
    ("disability", "残疾", True, True),
    ("dibao", "低保", False, True),
    ("low_income", "低收入", False, True),
    ("special_hardship", "特困", False, True),
    ("veteran", "退役军人", False, False),
    ("military_family", "军属", False, False),
    ("key_youth", "重点青少年", False, True),
    ("left_behind_child", "留守儿童", False, True),
    ("serious_illness", "大病患者", False, True),
    ("severe_mental", "严重精神障碍患者", False, True),
    ("community_correction", "社区矫正对象", False, True),
    ("released_prisoner", "刑满释放人员", False, True),
]


def seed(apps, schema_editor):
    Tag = apps.get_model("registry", "Tag")
    for order, (code, name, has_grade, sensitive) in enumerate(TAGS, start=1):
        Tag.objects.get_or_create(
            code=code,
            defaults={"name": name, "has_grade": has_grade, "sensitive": sensitive, "order": order * 10},
        )


def unseed(apps, schema_editor):
    Tag = apps.get_model("registry", "Tag")
    Tag.objects.filter(code__in=[t[0] for t in TAGS], links__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
