"""The assembly's steps and the charter's filing steps on screen: one POST view each, on its
own route. The role that may act does it in its own community; a member of another community
gets 404 (the record is not theirs to see), a role without the right 403; a step the rules
refuse comes back as its message and writes nothing; each step is one audit event."""

import datetime

import pytest
from django.urls import reverse

from gongzhi.core.models import AuditEntry
from gongzhi.org import services as org
from gongzhi.org.roles import Role
from gongzhi.registry.models import Resident
from gongzhi.selfgov import actions
from gongzhi.selfgov.models import AgendaItem, Assembly, Attendance, CharterVersion
from tests.conftest import make_user

from .helpers import admin, make_residents, present

DAY = datetime.date(2026, 6, 20)
F = CharterVersion.Filing


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def _post(client, name, obj, **data):
    return client.post(reverse(f"selfgov:{name}", args=[obj.pk]), data, follow=True)


def _events(verb):
    return AuditEntry.objects.filter(verb=verb).count()


@pytest.fixture
def other_member(world):
    """A committee member of C2, another community of the same street."""
    return make_user("c2_member", Role.COMMITTEE_MEMBER, world["c2"])


# --- the assembly's steps ---------------------------------------------------------------------


def test_assembly_page_posts_each_form_to_its_steps_route(users, verified_client, assembly):
    page = verified_client(users["committee_member"]).get(
        reverse("selfgov:assembly_detail", args=[assembly.pk])
    )
    html = page.content.decode()
    for step in ("sign_in", "add_item", "minutes"):
        assert f'action="{reverse(f"selfgov:assembly_{step}", args=[assembly.pk])}"' in html
    assert reverse("selfgov:assembly_action", args=[assembly.pk]) not in html


def test_sign_in_view(users, verified_client, other_member, assembly):
    (person,) = make_residents(assembly.community, 1)
    outsider = verified_client(other_member)
    assert (
        _post(outsider, "assembly_sign_in", assembly, id_number=person.id_number).status_code == 404
    )
    member = verified_client(users["committee_member"])
    done = _post(member, "assembly_sign_in", assembly, id_number=person.id_number)
    assert done.redirect_chain[-1][0] == reverse("selfgov:assembly_detail", args=[assembly.pk])
    assert list(Attendance.objects.values_list("resident", flat=True)) == [person.pk]
    assert _events("selfgov.do_record_attendance") == 1
    again = _post(member, "assembly_sign_in", assembly, id_number=person.id_number)
    assert f"{person.name} 已签到" in " ".join(_messages(again))
    assert Attendance.objects.count() == 1 and _events("selfgov.do_record_attendance") == 1


def test_sign_in_picks_the_resident_by_name_and_last_digits(users, verified_client, assembly):
    """Issue #18 §3: the clerk types part of a name or the last ID digits and picks."""
    first, second = make_residents(assembly.community, 2)
    Resident.objects.filter(pk=first.pk).update(id_last4=first.id_number[-4:])
    member = verified_client(users["committee_member"])
    url = reverse("selfgov:assembly_people", args=[assembly.pk])
    found = member.get(url, {"q": first.id_number[-4:]}).json()["results"]
    label = f"{first.name} · {first.household.number} · ****{first.id_number[-4:]}"
    assert [r["label"] for r in found] == [label]
    assert member.get(url, {"q": second.name}).json()["results"][0]["label"].startswith(second.name)
    _post(member, "assembly_sign_in", assembly, id_number=label)
    _post(member, "assembly_sign_in", assembly, id_number=second.name)
    signed = set(Attendance.objects.values_list("resident", flat=True))
    assert signed == {first.pk, second.pk}
    page = member.get(reverse("selfgov:assembly_detail", args=[assembly.pk])).content.decode()
    assert f'data-lookup-url="{url}"' in page


def test_a_role_without_the_right_gets_403(users, verified_client, assembly):
    staff = verified_client(users["station_staff"])  # reads assemblies, changes none
    for step in ("sign_in", "add_item", "vote", "minutes"):
        assert _post(staff, f"assembly_{step}", assembly, title="x").status_code == 403
    assert not assembly.items.exists()


def test_add_item_view(users, verified_client, other_member, assembly):
    assert (
        _post(
            verified_client(other_member), "assembly_add_item", assembly, title="议题"
        ).status_code
        == 404
    )
    member = verified_client(users["committee_member"])
    _post(member, "assembly_add_item", assembly, title="加装电梯", kind="ordinary")
    assert list(assembly.items.values_list("title", flat=True)) == ["加装电梯"]
    assert _events("selfgov.do_add_item") == 1
    # a recall names the member: the rule's message, nothing added
    refused = _post(member, "assembly_add_item", assembly, title="罢免", kind="recall")
    assert _messages(refused) and assembly.items.count() == 1
    # a member id that is no member of this committee, or garbled, is 404
    assert (
        _post(
            member, "assembly_add_item", assembly, title="罢免", kind="recall", member="999999"
        ).status_code
        == 404
    )
    assert (
        _post(
            member, "assembly_add_item", assembly, title="罢免", kind="recall", member="x"
        ).status_code
        == 404
    )
    assert assembly.items.count() == 1


def test_vote_view(users, verified_client, other_member, assembly):
    item = actions.do_add_item(admin(assembly), assembly, "议题一")
    member = verified_client(users["committee_member"])
    # no quorum yet: refused with the rule's message, the item stays pending
    no_quorum = _post(member, "assembly_vote", assembly, item=item.pk, yes=3, no=0)
    assert any("法定人数" in m or "过半数" in m for m in _messages(no_quorum)), _messages(no_quorum)
    present(assembly, 6)
    typed = _post(member, "assembly_vote", assembly, item=item.pk, yes="六", no=0)
    assert "票数必须是整数。" in _messages(typed)
    nothing = _post(member, "assembly_vote", assembly, yes=6, no=0)
    assert "请从列表中选择。" in _messages(nothing)
    item.refresh_from_db()
    assert item.outcome == AgendaItem.Outcome.PENDING and _events("selfgov.do_vote_item") == 0
    outsider = verified_client(other_member)
    assert _post(outsider, "assembly_vote", assembly, item=item.pk, yes=6).status_code == 404
    member = verified_client(users["committee_member"])
    _post(member, "assembly_vote", assembly, item=item.pk, yes=5, no=1)
    item.refresh_from_db()
    assert (item.outcome, item.yes, item.no) == (AgendaItem.Outcome.PASSED, 5, 1)
    assert _events("selfgov.do_vote_item") == 1


def test_vote_view_only_on_this_assemblys_items(users, verified_client, world, assembly):
    c = world["c1"]
    other = actions.do_convene(
        admin(c), c, "另一次会议", DAY, kind=Assembly.Kind.GROUPS, members_total=10
    )
    item = actions.do_add_item(admin(other), other, "议题")
    member = verified_client(users["committee_member"])
    assert _post(member, "assembly_vote", assembly, item=item.pk, yes=1).status_code == 404


def test_minutes_view(users, verified_client, other_member, assembly):
    outsider = verified_client(other_member)
    assert _post(outsider, "assembly_minutes", assembly, minutes="x").status_code == 404
    member = verified_client(users["committee_member"])
    _post(member, "assembly_minutes", assembly, minutes="会议记录")
    assembly.refresh_from_db()
    assert assembly.minutes == "会议记录" and _events("selfgov.do_record_minutes") == 1


def test_the_old_route_hands_the_post_to_the_step_it_names(users, verified_client, assembly):
    (person,) = make_residents(assembly.community, 1)
    member = verified_client(users["committee_member"])
    url = reverse("selfgov:assembly_action", args=[assembly.pk])
    member.post(url, {"action": "attend", "id_number": person.id_number})
    assert Attendance.objects.filter(resident=person).exists()
    unknown = member.post(url, {"action": "dance"}, follow=True)
    assert "未知操作。" in _messages(unknown)


# --- the charter's filing ---------------------------------------------------------------------


def _buttons(client):
    page = client.get(reverse("selfgov:charter_list"))
    html = page.content.decode()
    return {
        step
        for step in ("submit", "file", "return")
        for c in CharterVersion.objects.all()
        if f'action="{reverse(f"selfgov:charter_{step}", args=[c.pk])}"' in html
    }


def test_charter_page_offers_the_steps_the_machine_allows(users, verified_client, world, charter):
    street = verified_client(users["street_admin"])
    assert _buttons(street) == {"submit"}
    actions.do_filing_step(admin(charter), charter, "submit")
    assert _buttons(street) == {"file", "return"}
    actions.do_filing_step(admin(charter), charter, "file", reference="备2026-1")
    assert _buttons(street) == set()
    # a draft no assembly adopted takes no step: no button
    actions.do_draft_charter(admin(world["c1"]), world["c1"], "第一条 (修订)")
    assert _buttons(street) == set()
    # the committee drafts but does not file: no buttons
    assert _buttons(verified_client(users["committee_member"])) == set()


def test_charter_submit_view(users, verified_client, world, charter):
    assert (
        _post(verified_client(users["committee_member"]), "charter_submit", charter).status_code
        == 403
    )
    assert _post(verified_client(users["outsider"]), "charter_submit", charter).status_code == 404
    street = verified_client(users["street_admin"])
    done = _post(street, "charter_submit", charter)
    assert done.redirect_chain[-1][0] == reverse("selfgov:charter_list")
    charter.refresh_from_db()
    assert charter.filing == F.SUBMITTED and _events("selfgov.do_filing_step") == 1
    again = _post(street, "charter_submit", charter)
    assert "备案状态不能从“已报备案”变为“已报备案”。" in _messages(again)
    draft = actions.do_draft_charter(admin(world["c1"]), world["c1"], "第一条 (修订)")
    unadopted = _post(street, "charter_submit", draft)
    assert "只有经居民会议通过的公约才能备案。" in _messages(unadopted)
    draft.refresh_from_db()
    assert draft.filing == F.NOT_FILED and _events("selfgov.do_filing_step") == 1


def test_charter_file_view_needs_the_reference(users, verified_client, charter):
    actions.do_filing_step(admin(charter), charter, "submit")
    assert (
        _post(
            verified_client(users["outsider"]), "charter_file", charter, reference="备1"
        ).status_code
        == 404
    )
    street = verified_client(users["street_admin"])
    missing = _post(street, "charter_file", charter, reference="  ")
    assert "请填写备案文号。" in _messages(missing)
    charter.refresh_from_db()
    assert charter.filing == F.SUBMITTED and charter.filed_on is None
    _post(street, "charter_file", charter, reference="玄民备〔2026〕3号")
    charter.refresh_from_db()
    assert (charter.filing, charter.filing_reference) == (F.FILED, "玄民备〔2026〕3号")
    assert charter.filed_on is not None


def test_charter_return_view_needs_the_reason(users, verified_client, charter):
    actions.do_filing_step(admin(charter), charter, "submit")
    assert (
        _post(
            verified_client(users["committee_member"]), "charter_return", charter, note="x"
        ).status_code
        == 403
    )
    street = verified_client(users["street_admin"])
    missing = _post(street, "charter_return", charter)
    assert "请填写退回理由。" in _messages(missing)
    charter.refresh_from_db()
    assert charter.filing == F.SUBMITTED
    _post(street, "charter_return", charter, note="第二条与法规不一致")
    charter.refresh_from_db()
    assert charter.filing == F.RETURNED
    entry = AuditEntry.objects.filter(verb="selfgov.do_filing_step").latest("pk")
    assert entry.reason == "第二条与法规不一致"
    assert (entry.before["filing"], entry.after["filing"]) == ("submitted", "returned")


def test_charter_buttons_only_where_a_role_grants_filing(users, verified_client, world, charter):
    """Street admin of S2 and committee member of C1: sees C1's charter (the committee role)
    and may file in S2 (the street role), but not C1's charter: no button, and 404 on POST."""
    both = make_user("two_roles", Role.STREET_ADMIN, world["s2"])
    org.assign_role(both, Role.COMMITTEE_MEMBER, world["c1"])
    client = verified_client(both)
    page = client.get(reverse("selfgov:charter_list"))
    assert charter in [c for c, _steps in page.context["charters"]]
    assert _buttons(client) == set()
    assert _post(client, "charter_submit", charter).status_code == 404
    charter.refresh_from_db()
    assert charter.filing == F.NOT_FILED


def test_assembly_forms_only_where_a_role_grants_the_steps(world, verified_client, assembly):
    both = make_user("two_roles", Role.STREET_ADMIN, world["s2"])
    org.assign_role(both, Role.STATION_STAFF, world["c1"])  # reads C1's assemblies only
    page = verified_client(both).get(reverse("selfgov:assembly_detail", args=[assembly.pk]))
    assert page.status_code == 200 and not page.context["can_change"]
    assert reverse("selfgov:assembly_sign_in", args=[assembly.pk]) not in page.content.decode()
