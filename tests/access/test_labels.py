"""Labels of the access system carry a gettext context, so another app's translation of the
same English word cannot replace them (the registry translates a bare "rejected" 已拒绝)."""

import pytest
from django.utils import translation

from gongzhi.access import actions
from gongzhi.access.models import AdmittedAffair, Application, CommunityTask, Ledger


@pytest.mark.parametrize(
    "label, chinese, english",
    [
        (Application.Status.REJECTED, "已驳回", "rejected"),
        (Application.Status.RETURNED, "退回修改", "returned for changes"),
        (Application.Status.ADMITTED, "已准入", "admitted"),
        (CommunityTask.Status.OPEN, "待办", "open"),
        (CommunityTask.Status.REFUSED, "已拒绝", "refused"),
        (AdmittedAffair.Status.ACTIVE, "有效", "in force"),
        (Ledger.Decision.CANCELLED, "取消", "cancelled"),
    ],
)
def test_access_status_labels_are_not_taken_from_other_apps(label, chinese, english):
    with translation.override("zh-hans"):
        assert str(label.label) == chinese
    with translation.override("en"):
        assert str(label.label) == english


def test_rejected_application_shows_bohui_on_screen(submitted, users, verified_client):
    actions.do_decide(users["street_staff"], submitted, "reject", reason="不属于社区职责")
    c = verified_client(users["street_staff"])
    detail = c.get(f"/access/applications/{submitted.pk}/").content.decode()
    assert "已驳回" in detail and "已拒绝" not in detail
    assert "已驳回" in c.get("/access/applications/").content.decode()
    data = c.get("/access/dashboard/data/").json()
    assert data["applications"]["已驳回"] == 1
