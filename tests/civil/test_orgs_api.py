"""Organizations through the REST API: the legal-status rules (a credit code with its check
digit, unique; a filing number), a contact's phone, the name unique in the street; the
incubation path step by step; a contact sees and manages only their own organizations. Every
refusal is a coded 400 and writes nothing."""

import pytest

from gongzhi.civil.models import Organization
from gongzhi.core.models import AuditEntry

API = "/api/civil/organizations/"
VALID = "91110108MA01Y8QX3E"  # check digit E
WRONG = "91110108MA01Y8QX3K"


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def patch(client, url, data):
    return client.patch(url, data, content_type="application/json")


def body(world, **extra):
    return {
        "street": world["s1"].pk,
        "community": world["c1"].pk,
        "name": "幸福社区书画社",
        "kind": "association",
        "legal_status": "registered",
        "credit_code": VALID,
        **extra,
    }


def code_of(answer, field):
    return answer.json()[field][0]["code"]


def test_a_registered_organization_needs_a_credit_code_with_its_check_digit(
    verified_client, users, world
):
    client = verified_client(users["street_admin"])
    wrong = post(client, API, body(world, credit_code=WRONG))
    assert wrong.status_code == 400 and code_of(wrong, "credit_code") == "civil_credit_code"
    missing = post(client, API, body(world, credit_code=None))
    assert code_of(missing, "credit_code") == "civil_credit_code"
    assert not Organization.objects.exists()
    ok = post(client, API, body(world))
    assert ok.status_code == 201, ok.json()
    assert ok.json()["credit_code"] == VALID and ok.json()["stage"] == "none"


def test_a_credit_code_is_unique_refused_with_a_code_not_an_error(verified_client, users, world):
    client = verified_client(users["street_admin"])
    assert post(client, API, body(world)).status_code == 201
    again = post(client, API, body(world, name="另一个组织"))
    assert again.status_code == 400
    assert code_of(again, "credit_code") == "civil_credit_code_taken"
    assert Organization.objects.count() == 1


def test_an_organization_filed_at_the_street_needs_its_filing_number(verified_client, users, world):
    client = verified_client(users["street_admin"])
    data = body(world, legal_status="filed", credit_code=None, filing_number="")
    answer = post(client, API, data)
    assert answer.status_code == 400 and code_of(answer, "filing_number") == "civil_filing_number"
    ok = post(client, API, {**data, "filing_number": "青山备2026-009", "credit_code": VALID})
    assert ok.status_code == 201
    assert ok.json()["credit_code"] == ""  # a filed organization has no credit code


def test_a_contact_phone_that_is_not_a_phone_is_refused_and_nothing_written(
    verified_client, users, world
):
    client = verified_client(users["street_admin"])
    answer = post(client, API, body(world, contact_phone="not a phone"))
    assert answer.status_code == 400 and "contact_phone" in answer.json()
    assert not Organization.objects.exists()
    ok = post(client, API, body(world, contact_phone="+86 139 1234 5678"))
    assert ok.json()["contact_phone_masked"] == "139****5678"
    assert "contact_phone" not in ok.json()
    assert Organization.objects.get().contact_phone == "13912345678"


def test_the_name_is_unique_in_the_street(verified_client, users, world, org):
    client = verified_client(users["street_admin"])
    answer = post(client, API, body(world, name=org.name, community=world["c2"].pk))
    assert answer.status_code == 400 and code_of(answer, "name") == "civil_org_name_taken"


def test_the_founding_date_is_not_after_today(verified_client, users, world):
    client = verified_client(users["street_admin"])
    answer = post(client, API, body(world, founded_on="2999-01-01"))
    assert code_of(answer, "founded_on") == "civil_founded_future"


def test_the_community_lies_in_the_organization_street(verified_client, users, world):
    client = verified_client(users["street_admin"])
    answer = post(client, API, body(world, community=world["c3"].pk))
    assert answer.status_code == 400  # C3 is another street's: not among the admin's
    assert not Organization.objects.exists()


def test_one_audit_event_per_action(verified_client, users, world):
    client = verified_client(users["street_admin"])
    before = AuditEntry.objects.count()
    pk = post(client, API, body(world)).json()["id"]
    assert AuditEntry.objects.count() == before + 1
    post(client, f"{API}{pk}/apply/", {})
    entry = AuditEntry.objects.latest("pk")
    assert AuditEntry.objects.count() == before + 2 and entry.verb == "civil.do_apply_incubation"


def test_the_incubation_path_apply_admit_graduate(verified_client, users, org, contact):
    own = verified_client(contact)
    assert post(own, f"{API}{org.pk}/apply/", {}).json()["stage"] == "applied"
    # Admitting is the street's decision: not the contact's, not the committee's.
    assert post(own, f"{API}{org.pk}/admit/", {}).status_code == 403
    committee = verified_client(users["committee_member"])
    assert post(committee, f"{API}{org.pk}/admit/", {}).status_code == 403
    street = verified_client(users["street_admin"])
    assert post(street, f"{API}{org.pk}/admit/", {}).json()["stage"] == "incubating"
    assert post(street, f"{API}{org.pk}/graduate/", {}).json()["stage"] == "graduated"
    again = post(street, f"{API}{org.pk}/withdraw/", {"note": "不再活动"})
    assert again.status_code == 400
    assert again.json()["non_field_errors"][0]["code"] == "illegal_transition"
    org.refresh_from_db()
    assert org.stage == "graduated"


def test_withdrawing_needs_a_reason(verified_client, users, org, contact):
    post(verified_client(contact), f"{API}{org.pk}/apply/", {})
    street = verified_client(users["street_admin"])
    assert post(street, f"{API}{org.pk}/withdraw/", {}).status_code == 400
    answer = post(street, f"{API}{org.pk}/withdraw/", {"note": "负责人搬离"})
    assert answer.json()["stage"] == "withdrawn"
    # A withdrawn organization may apply again.
    assert post(street, f"{API}{org.pk}/apply/", {}).json()["stage"] == "applied"


def test_a_contact_sees_and_manages_only_their_own_organizations(
    verified_client, users, world, org, contact
):
    other = post(
        verified_client(users["street_admin"]),
        API,
        body(world, name="和谐志愿队", legal_status="filed", credit_code=None, filing_number="备1"),
    ).json()
    client = verified_client(contact)
    listed = client.get(API).json()["results"]
    assert [o["id"] for o in listed] == [org.pk]
    assert client.get(f"{API}{other['id']}/").status_code == 404
    assert patch(client, f"{API}{other['id']}/", {"places": "x"}).status_code == 404
    assert post(client, f"{API}{other['id']}/apply/", {}).status_code == 404
    mine = patch(client, f"{API}{org.pk}/", {"places": "社区活动室"})
    assert mine.status_code == 200 and mine.json()["places"] == "社区活动室"


def test_contact_accounts_hold_the_contact_role(verified_client, users, org):
    client = verified_client(users["street_admin"])
    url = f"{API}{org.pk}/accounts/"
    answer = post(client, url, {"accounts": [users["grid_worker"].pk]})
    assert answer.status_code == 400 and code_of(answer, "accounts") == "civil_account_role"
    assert list(org.accounts.all()) == [users["social_org_contact"]]
    assert post(client, url, {"accounts": []}).json()["accounts"] == []
    # The contact no longer manages it.
    assert verified_client(users["social_org_contact"]).get(f"{API}{org.pk}/").status_code == 404


@pytest.mark.parametrize("pk", ["abc", "999999"])
def test_unknown_or_non_integer_ids_answer_404(verified_client, users, pk):
    assert verified_client(users["street_admin"]).get(f"{API}{pk}/").status_code == 404
