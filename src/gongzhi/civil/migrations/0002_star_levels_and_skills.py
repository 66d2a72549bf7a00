"""The data civil starts with: the star levels in common use (一星 100 h, 二星 300 h, 三星
600 h, 四星 1,000 h, 五星 1,500 h) and a first list of volunteer skills. Both are edited as
data afterwards (admin; street staff)."""

from django.db import migrations

STARS = [(1, 100), (2, 300), (3, 600), (4, 1000), (5, 1500)]
SKILLS = [
    ("companionship", "陪伴照料"),
    ("nursing", "医疗护理"),
    ("repair", "家电维修"),
    ("legal", "法律咨询"),
    ("counselling", "心理疏导"),
    ("arts", "文艺表演"),
    ("tutoring", "教育辅导"),
    ("driving", "驾驶"),
    ("photography", "摄影摄像"),
    ("it", "信息技术"),
    ("translation", "外语翻译"),
    ("first-aid", "应急救护"),
    ("cleaning", "环境清洁"),
    ("patrol", "治安巡逻"),
]


def load(apps, schema_editor):
    StarLevel = apps.get_model("civil", "StarLevel")
    Skill = apps.get_model("civil", "Skill")
    for stars, hours in STARS:
        StarLevel.objects.get_or_create(stars=stars, defaults={"min_hours": hours})
    for code, name in SKILLS:
        Skill.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("civil", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
