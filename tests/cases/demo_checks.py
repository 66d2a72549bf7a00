"""What the cases demo promises (called from tests/org/test_demo.py, which loads the whole
demo once): the tree of at least 60 small classes, cases in every main state made through
the actions, and work on the case pages for each demo log-in."""

from django.contrib.auth import get_user_model

from gongzhi.cases.actions import allowed_steps
from gongzhi.cases.models import Case, CaseStep, Category
from gongzhi.core.models import AuditEntry


def check_cases_demo():
    assert Category.objects.filter(parent__isnull=False, active=True).count() >= 60
    cases = Case.objects.all()
    assert cases.count() >= 200
    states = set(cases.values_list("status", flat=True))
    assert {
        "reported",
        "accepted",
        "dispatched",
        "handling",
        "handled",
        "closed",
        "rated",
    } <= states
    # made through the actions: every case has its report step and its audit events
    assert CaseStep.objects.filter(step="report").count() == cases.count()
    assert AuditEntry.objects.filter(verb="cases.do_report").count() == cases.count()
    users = get_user_model().objects
    expected = {
        "demo_grid_worker": "pass_verification",
        "demo_station_staff": "start",
        "demo_street_staff": "dispatch",
        "demo_department_staff": "start",
    }
    for username, step in expected.items():
        user = users.get(username=username)
        visible = Case.objects.visible_to(user, "view").select_related("unit", "category")
        assert any(step in allowed_steps(c, user) for c in visible), (username, step)
