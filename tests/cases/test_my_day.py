"""The grid worker's day (issue #13 item 8) and the reporter's "my cases": each sees their
own — two grid workers in two grids, a resident — and the phone pages load."""

from django.urls import reverse

from gongzhi.cases import actions
from gongzhi.cases.choices import Channel
from tests.cases.conftest import jpeg


def _to_verify(report, walk, **more):
    case = report(**more)
    return walk(case, "report_done")


def test_my_day_lists_my_cases_to_verify_and_my_reports_only(
    verified_client, users, world, report, walk
):
    mine = _to_verify(report, walk)  # G1, alice's grid
    bobs = _to_verify(report, walk, by=users["bob"], grid=world["g2"])  # G2, bob's grid
    alices_report = report(description="井盖松动")
    alice = verified_client(users["grid_worker"])
    page = alice.get(reverse("cases:my_day"))
    assert page.status_code == 200
    html = page.content.decode()
    to_verify = html.split('id="to-verify"')[1].split('id="my-reports"')[0]
    reports = html.split('id="my-reports"')[1]
    assert mine.number in to_verify and bobs.number not in to_verify
    assert alices_report.number in reports and bobs.number not in reports
    bob = verified_client(users["bob"])
    html = bob.get(reverse("cases:my_day")).content.decode()
    to_verify = html.split('id="to-verify"')[1].split('id="my-reports"')[0]
    assert bobs.number in to_verify and mine.number not in to_verify
    assert alices_report.number not in html


def test_my_day_shows_the_open_patrol_and_is_for_grid_workers(verified_client, users, world):
    actions.do_start_patrol(users["grid_worker"], world["g1"])
    html = verified_client(users["grid_worker"]).get(reverse("cases:my_day")).content.decode()
    assert reverse("cases:patrol_start") not in html  # one open patrol: no second start
    assert "/cases/patrols/" in html
    html = verified_client(users["bob"]).get(reverse("cases:my_day")).content.decode()
    assert reverse("cases:patrol_start") in html
    assert verified_client(users["street_staff"]).get(reverse("cases:my_day")).status_code == 403
    assert verified_client(users["resident"]).get(reverse("cases:my_day")).status_code == 403


def test_my_day_is_in_the_grid_workers_menu(verified_client, users):
    html = verified_client(users["grid_worker"]).get("/").content.decode()
    assert reverse("cases:my_day") in html


def test_a_resident_follows_the_cases_they_reported(verified_client, users, world, tree, report):
    client = verified_client(users["resident"])
    answer = client.post(
        reverse("cases:report"),
        {
            "category": tree["noise"].pk,
            "description": "楼下烧烤油烟",
            "urgency": "normal",
            "photos": [jpeg()],
        },
    )
    assert answer.status_code == 302
    others = report()  # the grid worker's report: not the resident's
    page = client.get(reverse("cases:my_cases"))
    assert page.status_code == 200
    html = page.content.decode()
    mine = users["resident"].reported_cases.get()
    assert mine.channel == Channel.RESIDENT
    assert mine.number in html and others.number not in html
    # Not accepted: the public status note is shown.
    actions.do_not_accept(users["street_staff"], mine, "已转物业处理")
    html = client.get(reverse("cases:my_cases")).content.decode()
    assert "已转物业处理" in html


def test_a_merged_case_shows_the_main_cases_state_and_note(verified_client, users, report, walk):
    main = report()
    client = verified_client(users["resident"])
    mine = actions.do_report(
        users["resident"],
        main.street,
        channel=Channel.RESIDENT,
        category=main.category,
        description="同一处噪声",
        community=main.community,
    )
    actions.do_merge(users["street_staff"], mine, main=main)
    walk(main, "report_done")
    html = client.get(reverse("cases:my_cases")).content.decode()
    assert main.number in html and "已处理" in html
    # The grid worker's my-cases lists theirs, not the resident's.
    html = verified_client(users["grid_worker"]).get(reverse("cases:my_cases")).content.decode()
    assert mine.number not in html and main.number in html


def test_my_cases_needs_a_sign_in(client):
    answer = client.get(reverse("cases:my_cases"))
    assert answer.status_code == 302 and "login" in answer.url
