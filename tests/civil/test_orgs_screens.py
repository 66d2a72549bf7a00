"""The screens of organizations and leaders: the scoped list, the form refusing a bad credit
code (nothing written), the page's incubation step, the contact's own page, the public page
without personal data, and the panels on the community's, its public and a building's page."""

from django.urls import reverse
from django.utils import timezone

from gongzhi.civil.actions import leaders as leader_actions
from gongzhi.civil.actions import orgs as org_actions
from gongzhi.civil.models import Assessment, Leader, Organization


def test_the_list_is_scoped_and_a_contact_sees_their_own(verified_client, users, world, org):
    admin = verified_client(users["street_admin"])
    html = admin.get(reverse("civil:orgs")).content.decode()
    assert org.name in html
    outsider = verified_client(users["outsider"]).get(reverse("civil:orgs")).content.decode()
    assert org.name not in outsider
    mine = verified_client(users["social_org_contact"]).get(reverse("civil:orgs"))
    assert org.name in mine.content.decode()


def test_the_form_refuses_a_wrong_check_digit_and_writes_nothing(verified_client, users, world):
    client = verified_client(users["street_admin"])
    data = {
        "community": world["c1"].pk,
        "name": "幸福社区书画社",
        "kind": "association",
        "legal_status": "registered",
        "credit_code": "91110108MA01Y8QX3K",
        "contact_phone": "13912345678",
        "active": "on",
    }
    answer = client.post(reverse("civil:org_new"), data)
    assert answer.status_code == 200 and "credit_code" in answer.context["form"].errors
    assert not Organization.objects.exists()
    bad_phone = client.post(
        reverse("civil:org_new"),
        {**data, "credit_code": "91110108MA01Y8QX3E", "contact_phone": "abc"},
    )
    assert "contact_phone" in bad_phone.context["form"].errors
    assert not Organization.objects.exists()
    ok = client.post(reverse("civil:org_new"), {**data, "credit_code": "91110108MA01Y8QX3E"})
    assert ok.status_code == 302
    assert Organization.objects.get().street == world["s1"]


def test_the_page_takes_the_incubation_steps_the_user_may(verified_client, users, org, contact):
    own = verified_client(contact)
    page = own.get(reverse("civil:org", args=[org.pk])).content.decode()
    assert 'value="apply"' in page and "138****5678" in page and "13812345678" not in page
    own.post(reverse("civil:org_step", args=[org.pk]), {"step": "apply"})
    org.refresh_from_db()
    assert org.stage == "applied"
    assert 'value="admit"' not in own.get(reverse("civil:org", args=[org.pk])).content.decode()
    admin = verified_client(users["street_admin"])
    assert 'value="admit"' in admin.get(reverse("civil:org", args=[org.pk])).content.decode()


def test_a_contact_edits_their_own_page_only(verified_client, users, world, org, contact):
    client = verified_client(contact)
    answer = client.post(
        reverse("civil:org_edit", args=[org.pk]), {"places": "社区活动室", "contact_name": "刘芳"}
    )
    assert answer.status_code == 302
    org.refresh_from_db()
    assert org.places == "社区活动室" and org.contact_phone == "13812345678"  # phone kept
    assert org.name == "幸福社区舞蹈队"


def test_the_public_page_has_no_personal_data(client, org):
    html = client.get(reverse("civil:public_organization", args=[org.pk])).content.decode()
    assert org.name in html and "刘芳" not in html and "5678" not in html


def test_panels_on_the_community_and_building_pages(
    verified_client, users, world, org, residents, building, client
):
    leader_actions.do_recognize_leader(
        users["committee_member"],
        Leader(resident=residents["wang"], kind="building_head", building=building),
    )
    staff = verified_client(users["street_admin"])
    community = staff.get(reverse("org:community", args=[world["c1"].pk])).content.decode()
    assert org.name in community and "王秀英" in community
    page = staff.get(reverse("registry:building_detail", args=[building.pk])).content.decode()
    assert "王秀英" in page
    public = client.get(reverse("org_public:community", args=[world["c1"].pk])).content.decode()
    assert reverse("civil:public_organization", args=[org.pk]) in public and "王秀英" not in public


def test_the_workbench_lists_organizations_applying(verified_client, users, org, contact):
    verified_client(contact).post(reverse("civil:org_step", args=[org.pk]), {"step": "apply"})
    admin = verified_client(users["street_admin"])
    listed = admin.get(reverse("civil:orgs") + "?todo=civil-orgs-applied").content.decode()
    assert org.name in listed


def test_leaders_list_and_new(verified_client, users, residents, building):
    client = verified_client(users["committee_member"])
    answer = client.post(
        reverse("civil:leader_new"),
        {"resident": residents["wang"].pk, "kind": "building_head", "group_name": ""},
    )
    assert answer.status_code == 200 and "building" in answer.context["form"].errors
    ok = client.post(
        reverse("civil:leader_new"),
        {"resident": residents["wang"].pk, "kind": "building_head", "building": building.pk},
    )
    assert ok.status_code == 302
    assert "王秀英" in client.get(reverse("civil:leaders")).content.decode()
    leader = Leader.objects.get()
    client.post(reverse("civil:leader_end", args=[leader.pk]))
    leader.refresh_from_db()
    assert not leader.active


def test_the_workbench_lists_organizations_to_assess_this_year(
    verified_client, users, org, contact
):
    admin = users["street_admin"]
    for step in ("apply", "admit"):
        org_actions.STEP_ACTIONS[step](admin, org)
    client = verified_client(admin)
    url = reverse("civil:orgs") + "?todo=civil-orgs-assessment-due"
    assert org.name in client.get(url).content.decode()
    org_actions.do_assess(
        admin, Assessment(organization=org, year=timezone.localdate().year, grade="good")
    )
    assert org.name not in client.get(url).content.decode()
