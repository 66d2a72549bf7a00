"""The Django admin for a street admin (issue 12, item 1): every admin class is scoped
(core.admin_site wraps each one registered, by any app), rule-guarded records are read-only
there, privileges are a superuser's alone, and account changes are in the audit log.

Street admin of street A = `users["street_admin"]` (S1); street B = S2 (`users["outsider"]`)."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from gongzhi.access.models import AccessPolicy
from gongzhi.core.admin_site import ScopedAdminMixin
from gongzhi.core.models import AuditEntry
from gongzhi.services.models import ServiceRequest
from tests.registry.helpers import reg  # noqa: F401
from tests.selfgov.helpers import make_election
from tests.services.conftest import menu  # noqa: F401
from tests.services.test_views import make

# Admins whose writes run the app's own rules may be used by street admins; the rest are
# read-only for them (written here, independent of the code).
EDITABLE_APPS = {"org", "registry"}
EDITABLE_MODELS = {("core", "user")}


@pytest.fixture
def street_admin(users):
    user = users["street_admin"]
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def client_a(street_admin, verified_client):
    return verified_client(street_admin)


@pytest.fixture
def street_b(world, users, reg, menu):  # noqa: F811
    """One record of street B in each app: household, service request, election, policy."""
    return {
        "household": reg["h4"],
        "request": make(menu, world, users, community="c3"),
        "election": make_election(world["c3"], voters=3, seats=1, candidates=2),
        "policy": AccessPolicy.objects.create(street=world["s2"]),
        "user": users["outsider"],
    }


def _url(obj, view="change"):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[obj.pk])


def test_every_registered_admin_is_scoped():
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, ScopedAdminMixin), model


def test_every_changelist_answers_and_writes_are_only_where_rules_run(client_a, street_b):
    for model in admin.site._registry:
        meta = model._meta
        r = client_a.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        assert r.status_code in (200, 403), (model, r.status_code)
        add = client_a.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
        editable = meta.app_label in EDITABLE_APPS or (meta.app_label, meta.model_name) in (
            EDITABLE_MODELS
        )
        if not editable:
            assert add.status_code == 403, (model, add.status_code)


@pytest.mark.parametrize("key", ["household", "request", "election", "policy", "user"])
def test_street_b_records_are_not_found_in_street_as_admin(client_a, street_b, key):
    obj = street_b[key]
    changelist = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_changelist")
    listed = client_a.get(changelist)
    if listed.status_code == 200:
        assert obj.pk not in {o.pk for o in listed.context["cl"].queryset}
    page = client_a.get(_url(obj))
    assert page.status_code in (302, 404), page.status_code  # "does not exist" → index
    assert client_a.post(_url(obj, "delete"), {"post": "yes"}).status_code in (302, 403, 404)
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_street_b_audit_entries_are_not_listed(client_a, street_b):
    listed = client_a.get(reverse("admin:core_auditentry_changelist"))
    theirs = AuditEntry.objects.filter(
        object_id=str(street_b["request"].pk), content_type__model="servicerequest"
    )
    assert theirs.exists()
    assert not set(listed.context["cl"].queryset) & set(theirs)


def test_a_service_request_cannot_be_changed_through_the_admin(client_a, world, users, menu):  # noqa: F811
    own = make(menu, world, users)
    page = client_a.get(_url(own))
    assert page.status_code == 200  # visible, read-only
    assert b'name="applicant_phone"' not in page.content
    r = client_a.post(_url(own), {"status": "done"})
    assert r.status_code == 403
    assert ServiceRequest.objects.get(pk=own.pk).status == own.status


def test_no_privilege_field_and_no_superuser_grant(client_a, street_admin):
    page = client_a.get(_url(street_admin))
    assert page.status_code == 200
    body = page.content.decode()
    for field in ("is_superuser", "is_staff", "groups", "user_permissions"):
        assert f'name="{field}"' not in body, field
    client_a.post(
        _url(street_admin),
        {"username": street_admin.username, "is_superuser": "on", "is_active": "on"},
    )
    street_admin.refresh_from_db()
    assert not street_admin.is_superuser


def test_password_of_another_streets_user_cannot_be_set(client_a, users):
    outsider = users["outsider"]
    url = reverse("admin:auth_user_password_change", args=[outsider.pk]).replace(
        "auth/user", "core/user"
    )
    r = client_a.post(url, {"password1": "Another-horse-77x", "password2": "Another-horse-77x"})
    assert r.status_code in (302, 403, 404)
    outsider.refresh_from_db()
    assert not outsider.check_password("Another-horse-77x")


def test_user_password_and_privilege_changes_are_audited(db, users):
    user = users["resident"]
    user.set_password("Brand-new-secret-42")
    user.save()
    entry = AuditEntry.objects.filter(object_id=str(user.pk), action="update").latest("id")
    assert entry.after == {"password": "[changed]"}
    user.is_superuser = True
    user.save()
    entry = AuditEntry.objects.filter(object_id=str(user.pk), action="update").latest("id")
    assert entry.before == {"is_superuser": False} and entry.after == {"is_superuser": True}
    before = AuditEntry.objects.count()
    user.last_login = user.date_joined
    user.save(update_fields=["last_login"])
    assert AuditEntry.objects.count() == before  # a log-in is logged as a log-in, not twice
    assert get_user_model().objects.get(pk=user.pk).is_superuser


def test_a_street_admin_edits_an_account_of_their_area(client_a, users):
    bob = users["bob"]  # grid worker of G2, street A
    page = client_a.get(_url(bob))
    assert b'name="display_name"' in page.content  # an editable form, not a read-only page
    r = client_a.post(
        _url(bob),
        {
            "username": "bob",
            "display_name": "鲍勃",
            "is_active": "on",
            "is_superuser": "on",
            "language": "",
            "first_name": "",
            "last_name": "",
            "email": "",
        },
    )
    assert r.status_code == 302, r.content.decode()[-600:]
    bob.refresh_from_db()
    assert bob.display_name == "鲍勃" and not bob.is_superuser
