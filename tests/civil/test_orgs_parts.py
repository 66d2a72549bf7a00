"""Members, support and annual assessments of an organization, through the API: a member is a
registry resident of the organization's area (once) or a name; money given has an amount;
one assessment a year, not for a future year. The contact adds members to their own
organization only; support and assessments are the street's (and the committee's support)."""

from django.utils import timezone

from gongzhi.civil.actions import orgs as actions
from gongzhi.civil.models import Assessment, Membership, Organization, Support

API = "/api/civil/"


def post(client, url, data):
    return client.post(f"{API}{url}", data, content_type="application/json")


def code_of(answer, field):
    return answer.json()[field][0]["code"]


def test_a_member_is_a_registry_resident_of_the_area_once(verified_client, users, org, residents):
    client = verified_client(users["committee_member"])
    ok = post(client, "org-members/", {"organization": org.pk, "resident": residents["wang"].pk})
    assert ok.status_code == 201 and ok.json()["name"] == "王秀英"
    twice = post(client, "org-members/", {"organization": org.pk, "resident": residents["wang"].pk})
    assert code_of(twice, "resident") == "civil_already_member"
    # A resident of another community of the street: outside the organization's community.
    street = verified_client(users["street_admin"])
    far = post(street, "org-members/", {"organization": org.pk, "resident": residents["zhao"].pk})
    assert code_of(far, "resident") == "civil_resident_elsewhere"
    assert Membership.objects.count() == 1


def test_a_member_without_a_resident_needs_a_name(verified_client, users, org):
    client = verified_client(users["committee_member"])
    answer = post(client, "org-members/", {"organization": org.pk, "name": ""})
    assert code_of(answer, "name") == "civil_member_name"
    assert (
        post(client, "org-members/", {"organization": org.pk, "name": "外来志愿者"}).status_code
        == 201
    )


def test_a_contact_adds_members_to_their_own_organization_only(
    verified_client, users, world, org, contact
):
    other = actions.do_create_organization(
        users["street_admin"],
        Organization(
            street=world["s1"],
            community=world["c1"],
            name="另一个队",
            kind="volunteer",
            legal_status="filed",
            filing_number="备2",
        ),
    )
    client = verified_client(contact)
    assert post(client, "org-members/", {"organization": org.pk, "name": "张三"}).status_code == 201
    refused = post(client, "org-members/", {"organization": other.pk, "name": "张三"})
    assert refused.status_code == 400  # another organization's id is not one they may pick
    assert Membership.objects.filter(organization=other).count() == 0
    assert [m["name"] for m in client.get(f"{API}org-members/").json()["results"]] == ["张三"]


def test_money_given_needs_a_positive_amount(verified_client, users, org):
    client = verified_client(users["street_staff"])
    data = {
        "organization": org.pk,
        "kind": "money",
        "given_on": "2026-03-01",
        "description": "启动资金",
    }
    assert code_of(post(client, "org-support/", data), "amount") == "civil_support_amount"
    assert post(client, "org-support/", {**data, "amount": "0"}).status_code == 400
    assert post(client, "org-support/", {**data, "amount": "5000"}).status_code == 201
    space = {**data, "kind": "space", "description": "活动室每周二"}
    assert post(client, "org-support/", space).status_code == 201
    assert Support.objects.count() == 2
    # A contact does not record support given to their own organization.
    assert (
        post(verified_client(users["social_org_contact"]), "org-support/", space).status_code == 403
    )


def test_one_assessment_per_year_not_for_a_future_year(verified_client, users, org):
    client = verified_client(users["street_admin"])
    year = timezone.localdate().year
    data = {"organization": org.pk, "year": year, "grade": "good", "score": "86.5"}
    ok = post(client, "org-assessments/", data)
    assert ok.status_code == 201 and ok.json()["assessed_by"] == users["street_admin"].pk
    twice = post(client, "org-assessments/", {**data, "grade": "excellent"})
    assert code_of(twice, "year") == "civil_assessment_year"
    assert post(client, "org-assessments/", {**data, "year": year + 1}).status_code == 400
    assert Assessment.objects.count() == 1
    # The committee sees it, but the assessment is the street's.
    committee = verified_client(users["committee_member"])
    assert post(committee, "org-assessments/", {**data, "year": year - 1}).status_code == 403


def test_a_contact_cannot_move_a_member_to_another_organization(
    verified_client, users, world, org, contact
):
    other = actions.do_create_organization(
        users["street_admin"],
        Organization(
            street=world["s1"],
            community=world["c1"],
            name="别的队",
            kind="volunteer",
            legal_status="filed",
            filing_number="备3",
        ),
        accounts=[],
    )
    member = actions.do_add_member(contact, Membership(organization=org, name="张三"))
    client = verified_client(contact)
    answer = client.patch(
        f"{API}org-members/{member.pk}/",
        {"organization": other.pk},
        content_type="application/json",
    )
    assert answer.status_code in (400, 404)
    member.refresh_from_db()
    assert member.organization_id == org.pk
