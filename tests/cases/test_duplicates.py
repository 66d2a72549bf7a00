"""Duplicates (issue #13 item 4, 12345 合并): suggestions by class, distance (50 m) and time
window (72 h); the htmx check the report page calls as the reporter types; one-click merge
on the case page and its undo, through the screen and the API, one audit event each; the
duplicate's reporter told the main case's outcome."""

import datetime
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from gongzhi.cases import actions
from gongzhi.cases.choices import Channel, Status
from gongzhi.cases.duplicates import haversine_m, suggest_duplicates
from gongzhi.cases.models import Case
from gongzhi.core.models import AuditEntry
from tests.cases.conftest import jpeg

LAT, LNG = Decimal("40.660000"), Decimal("109.840000")
# Degrees of latitude for a number of metres (1° ≈ 111.2 km).
NORTH_40M = Decimal("0.000360")  # ~40 m
NORTH_60M = Decimal("0.000540")  # ~60 m
SENT = []


class FakeSms:
    def send(self, recipient, message):
        SENT.append((recipient, message))
        return True


@pytest.fixture
def at_point(report):
    def make(dlat=Decimal(0), **more):
        return report(lat=LAT + dlat, lng=LNG, **more)

    return make


def test_the_distances_used_are_what_the_tests_assume():
    assert 38 < haversine_m(LAT, LNG, LAT + NORTH_40M, LNG) < 42
    assert 58 < haversine_m(LAT, LNG, LAT + NORTH_60M, LNG) < 62


def test_a_case_of_the_same_class_within_50_m_is_suggested(at_point, world, tree):
    near = at_point(NORTH_40M)
    far = at_point(NORTH_60M)
    found = suggest_duplicates(world["s1"], tree["noise"], LAT, LNG)
    assert [s.case for s in found] == [near]
    assert far not in [s.case for s in found]
    assert 38 < found[0].distance_m < 42


def test_another_class_or_street_is_not_suggested(at_point, world, tree):
    at_point(category=tree["lamp"])
    assert suggest_duplicates(world["s1"], tree["noise"], LAT, LNG) == []
    at_point()
    assert suggest_duplicates(world["s2"], tree["noise"], LAT, LNG) == []
    assert len(suggest_duplicates(world["s1"], tree["noise"], LAT, LNG)) == 1


def test_only_cases_within_72_hours_are_suggested(at_point, world, tree):
    case = at_point()
    inside = case.reported_at + datetime.timedelta(hours=71, minutes=59)
    outside = case.reported_at + datetime.timedelta(hours=72, minutes=1)
    assert [s.case for s in suggest_duplicates(world["s1"], tree["noise"], LAT, LNG, inside)] == [
        case
    ]
    assert suggest_duplicates(world["s1"], tree["noise"], LAT, LNG, outside) == []
    # A report of four days ago (the clock moved on) is no longer suggested at intake.
    Case.objects.filter(pk=case.pk).update(reported_at=timezone.now() - datetime.timedelta(days=4))
    assert suggest_duplicates(world["s1"], tree["noise"], LAT, LNG) == []


@override_settings(GONGZHI_DUPLICATE_METRES=100, GONGZHI_DUPLICATE_HOURS=24)
def test_distance_and_window_are_settings(at_point, world, tree):
    far = at_point(NORTH_60M)
    assert [s.case for s in suggest_duplicates(world["s1"], tree["noise"], LAT, LNG)] == [far]
    later = far.reported_at + datetime.timedelta(hours=25)
    assert suggest_duplicates(world["s1"], tree["noise"], LAT, LNG, later) == []


def test_merged_and_not_accepted_cases_are_not_suggested(at_point, world, tree, users):
    main, dup, refused = at_point(), at_point(), at_point()
    actions.do_merge(users["street_staff"], dup, main=main)
    actions.do_not_accept(users["street_staff"], refused, "不属实")
    assert [s.case for s in suggest_duplicates(world["s1"], tree["noise"], LAT, LNG)] == [main]


def test_the_htmx_check_answers_the_report_page_as_the_reporter_types(
    verified_client, users, tree, at_point
):
    main = at_point(NORTH_40M)
    client = verified_client(users["resident"])
    page = client.get(reverse("cases:report")).content.decode()
    assert reverse("cases:duplicates") in page and 'hx-trigger="change from:closest form' in page
    url = reverse("cases:duplicates")
    answer = client.get(url, {"category": tree["noise"].pk, "lat": LAT, "lng": LNG})
    html = answer.content.decode()
    assert answer.status_code == 200 and main.number in html and "噪声扰民" in html
    assert users["grid_worker"].get_username() not in html  # who reported it: never
    assert main.get_absolute_url() not in html  # a resident sees no case pages
    other = client.get(url, {"category": tree["lamp"].pk, "lat": LAT, "lng": LNG})
    assert other.status_code == 200 and main.number not in other.content.decode()
    nothing = client.get(url, {"category": "x", "lat": "nan", "lng": ""})
    assert nothing.status_code == 200 and nothing.content == b""


def test_the_htmx_check_links_the_cases_a_staff_member_may_see(
    verified_client, users, tree, at_point
):
    main = at_point()
    client = verified_client(users["street_staff"])
    html = client.get(
        reverse("cases:duplicates"), {"category": tree["noise"].pk, "lat": LAT, "lng": LNG}
    ).content.decode()
    assert main.get_absolute_url() in html
    page = client.get(reverse("cases:desk")).content.decode()
    assert reverse("cases:duplicates") in page


def test_the_htmx_check_needs_the_right_to_report(verified_client, users):
    client = verified_client(users["nobody"])
    assert client.get(reverse("cases:duplicates")).status_code == 403


def _audits(verb):
    return AuditEntry.objects.filter(verb=verb).count()


def test_the_dispatcher_merges_a_reported_case_with_one_click(
    verified_client, users, at_point, world
):
    main = at_point()
    dup = at_point(NORTH_40M, by=users["bob"], grid=world["g2"])
    client = verified_client(users["street_staff"])
    page = client.get(dup.get_absolute_url()).content.decode()
    assert "merge-suggestions" in page and main.number in page
    answer = client.post(reverse("cases:step", args=[dup.pk, "merge"]), {"merge-main": main.number})
    assert answer.status_code == 302
    dup.refresh_from_db()
    assert dup.status == Status.MERGED and dup.duplicate_of == main
    assert dup.reporter == users["bob"]
    assert _audits("cases.do_merge") == 1
    # Undo, from the merged case's page: back to reported, one audit event.
    page = client.get(dup.get_absolute_url()).content.decode()
    assert reverse("cases:step", args=[dup.pk, "unmerge"]) in page
    answer = client.post(
        reverse("cases:step", args=[dup.pk, "unmerge"]), {"unmerge-note": "不是同一处"}
    )
    assert answer.status_code == 302
    dup.refresh_from_db()
    assert dup.status == Status.REPORTED and dup.duplicate_of is None
    assert _audits("cases.do_unmerge") == 1
    assert dup.steps.filter(step="unmerge", note="不是同一处").exists()


def test_no_merge_suggestions_for_a_grid_worker(verified_client, users, at_point):
    at_point()
    dup = at_point(NORTH_40M)
    client = verified_client(users["grid_worker"])
    page = client.get(dup.get_absolute_url()).content.decode()
    assert "merge-suggestions" not in page


def test_merge_and_unmerge_through_the_api(verified_client, users, at_point):
    main, dup = at_point(), at_point(NORTH_40M)
    client = verified_client(users["street_staff"])
    url = f"/api/cases/cases/{dup.pk}/"
    answer = client.post(f"{url}merge/", {"main": main.pk}, content_type="application/json")
    assert answer.status_code == 200, answer.json()
    assert answer.json()["status"] == "merged"
    no_reason = client.post(f"{url}unmerge/", {}, content_type="application/json")
    assert no_reason.status_code == 400
    assert no_reason.json()["note"][0]["code"] == "note_required"
    answer = client.post(f"{url}unmerge/", {"note": "误合并"}, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["status"] == "reported"
    assert _audits("cases.do_merge") == 1 and _audits("cases.do_unmerge") == 1
    again = client.post(f"{url}unmerge/", {"note": "x"}, content_type="application/json")
    assert again.status_code == 400  # not merged any more


def test_a_grid_worker_cannot_undo_a_merge(verified_client, users, at_point):
    main, dup = at_point(), at_point()
    actions.do_merge(users["street_staff"], dup, main=main)
    client = verified_client(users["grid_worker"])
    answer = client.post(
        f"/api/cases/cases/{dup.pk}/unmerge/", {"note": "x"}, content_type="application/json"
    )
    assert answer.status_code == 403
    assert Case.objects.get(pk=dup.pk).status == Status.MERGED


@override_settings(GONGZHI_NOTIFICATION_SENDER="tests.cases.test_duplicates.FakeSms")
def test_the_duplicates_reporter_is_told_when_the_main_case_closes(
    users, at_point, walk, django_capture_on_commit_callbacks
):
    SENT.clear()
    main = at_point()
    dup = at_point(
        by=users["street_staff"],
        grid=None,
        channel=Channel.HOTLINE,
        hotline_ticket="GD1",
        reporter_name="李先生",
        reporter_phone="13812345678",
    )
    silent = at_point()  # reported by the grid worker: no phone, no e-mail
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_merge(users["street_staff"], dup, main=main)
        actions.do_merge(users["street_staff"], silent, main=main)
        walk(main, "report_done")
    assert SENT == []  # nothing until the main case is closed
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        actions.do_pass_verification(users["grid_worker"], Case.objects.get(pk=main.pk))
    assert len(callbacks) == 1 and len(SENT) == 1
    recipient, message = SENT[0]
    assert recipient["phone"] == "13812345678" and recipient["masked"] == "138****5678"
    assert dup.number in message and main.number in message and "已处理" in message


@override_settings(GONGZHI_NOTIFICATION_SENDER="tests.cases.test_duplicates.FakeSms")
def test_the_duplicates_reporter_is_told_when_the_main_case_is_not_accepted(
    users, at_point, django_capture_on_commit_callbacks
):
    SENT.clear()
    main = at_point()
    dup = at_point(
        by=users["street_staff"],
        grid=None,
        channel=Channel.HOTLINE,
        hotline_ticket="GD2",
        reporter_phone="13912345678",
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_merge(users["street_staff"], dup, main=main)
        actions.do_not_accept(users["street_staff"], main, "不属于受理范围")
    assert len(SENT) == 1 and "不属于受理范围" in SENT[0][1] and dup.number in SENT[0][1]


@override_settings(GONGZHI_NOTIFICATION_SENDER="tests.cases.test_duplicates.FakeSms")
def test_an_unmerged_case_is_not_told_the_former_main_case_outcome(
    users, at_point, walk, django_capture_on_commit_callbacks
):
    SENT.clear()
    main = at_point()
    dup = at_point(
        by=users["street_staff"],
        grid=None,
        channel=Channel.HOTLINE,
        hotline_ticket="GD3",
        reporter_phone="13912345678",
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_merge(users["street_staff"], dup, main=main)
        actions.do_unmerge(users["street_staff"], Case.objects.get(pk=dup.pk), "误合并")
        main = walk(main, "report_done")
        actions.do_pass_verification(users["grid_worker"], main, photos=[jpeg()])
    assert SENT == []
