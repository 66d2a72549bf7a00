"""The workbench's to-do for the registry: imports checked and ready (the preview), waiting
to be started — in the user's own places only; the card's count is the length of its list."""

import pytest
from django.core.files.base import ContentFile

from gongzhi.registry.models import ImportJob
from tests.workbench import card, home, listed

pytestmark = pytest.mark.django_db

ROWS = r'href="/registry/imports/(\d+)/"'


def job(community, status=ImportJob.Status.PREVIEW):
    j = ImportJob(
        kind=ImportJob.Kind.RESIDENTS, status=status, community=community, original_name="居民.xlsx"
    )
    j.file.save("r.xlsx", ContentFile(b"x"), save=False)
    j.save()
    return j


def test_previewed_imports_wait_in_their_own_places(world, users, verified_client):
    mine = job(world["c1"])
    job(world["c1"], ImportJob.Status.DONE)
    other = job(world["c3"])
    station = verified_client(users["station_staff"])
    page = home(station)
    assert card(page, "registry-imports") == 1
    assert "已校验、待开始导入的数据" in page
    assert listed(station, page, "registry-imports", ROWS) == [str(mine.pk)]
    outsider = verified_client(users["outsider"])
    page = home(outsider)
    assert listed(outsider, page, "registry-imports", ROWS) == [str(other.pk)]
    assert card(home(verified_client(users["grid_worker"])), "registry-imports") is None
