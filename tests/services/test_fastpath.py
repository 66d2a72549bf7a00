"""services.fastpath writes exactly the rows the normal path writes: the request, its first
step and its audit entry (docs/architecture.md, "Fast paths isolated")."""

import pytest
from django.db import connection
from django.forms.models import model_to_dict

from gongzhi.core import audit
from gongzhi.services import actions, fastpath
from gongzhi.services.models import RequestTransition, ServiceRequest
from tests.services.conftest import VALID

pytestmark = pytest.mark.django_db

# Differ between any two requests, whatever path wrote them.
OWN = {
    "id",
    "tracking_code",
    "created_at",
    "updated_at",
    "submitted_at",
    "at",
    "request",
    "timestamp",
    "entry_uuid",
}


def _submit(menu, world, users, fast):
    return actions.submit_request(
        menu["permit"],
        street=world["s1"],
        community=world["c1"],
        channel="api",
        user=users["station_staff"],
        applicant_name="张三",
        applicant_phone="13812345678",
        values=VALID,
        fast=fast,
    )


def _rows(req):
    entry = audit.history(req).get(action="create")
    after = dict(entry.after)
    assert after.pop("id") == req.pk and after.pop("tracking_code") == req.tracking_code
    for volatile in ("created_at", "updated_at", "submitted_at"):
        after.pop(volatile, None)
    request = {k: v for k, v in model_to_dict(ServiceRequest.objects.get(pk=req.pk)).items()}
    request["applicant_phone"] = ServiceRequest.objects.get(pk=req.pk).applicant_phone
    step = model_to_dict(RequestTransition.objects.get(request=req))
    # request_id names the call that wrote it (each submit is its own): not compared.
    audit_row = model_to_dict(entry, exclude=["object_id", "object_repr", "after", "request_id"])
    strip = lambda d: {k: v for k, v in d.items() if k not in OWN}  # noqa: E731
    return strip(request), strip(step), strip(audit_row), after


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (set DATABASE_URL=postgres://…): the fast path exists only there",
)
def test_fast_path_writes_the_same_rows_as_the_normal_path(menu, world, users):
    assert fastpath.available(ServiceRequest())
    normal = _submit(menu, world, users, fast=False)
    fast = _submit(menu, world, users, fast=True)
    assert _rows(fast) == _rows(normal)
    assert audit.history(fast).count() == 1


def test_inside_an_action_the_normal_path_is_taken(menu, world, users):
    token = audit.collect()
    try:
        assert not fastpath.available(ServiceRequest())
    finally:
        audit.collected(token)
