"""The screens: the phone page posts a case with a photo, the list is scoped by role and
place, a step is taken through its small form, the desk records a hotline ticket."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongzhi.cases import actions
from gongzhi.cases.choices import Channel, Status
from gongzhi.cases.models import Case
from gongzhi.core.models import AuditEntry
from tests.cases.conftest import jpeg


def test_phone_page_posts_a_case_with_a_photo(verified_client, users, tree, world):
    client = verified_client(users["grid_worker"])
    page = client.get(reverse("cases:report"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'accept="image/*"' in html and "capture" in html and "report.js" in html
    answer = client.post(
        reverse("cases:report"),
        {
            "category": tree["noise"].pk,
            "description": "深夜装修噪声",
            "photos": [jpeg()],
            "lat": "",
            "lng": "",
            "address": "3号楼东侧",
            "urgency": "normal",
        },
    )
    assert answer.status_code == 302
    case = Case.objects.get()
    assert case.grid == world["g1"] and case.community == world["c1"]
    assert case.channel == Channel.GRID_WORKER and case.reporter == users["grid_worker"]
    assert case.photos.count() == 1
    stored = case.photos.get().image.read()
    assert stored[:2] == b"\xff\xd8"  # re-encoded JPEG


def test_phone_page_refuses_a_file_that_is_not_an_image(verified_client, users, tree):
    client = verified_client(users["grid_worker"])
    answer = client.post(
        reverse("cases:report"),
        {
            "category": tree["noise"].pk,
            "description": "x",
            "photos": [SimpleUploadedFile("evil.jpg", b"<?php echo 1; ?>", "image/jpeg")],
            "urgency": "normal",
        },
    )
    assert answer.status_code == 200  # the form again, with the photo's error
    assert not Case.objects.exists()


def test_phone_page_refuses_more_than_six_photos(verified_client, users, tree):
    client = verified_client(users["grid_worker"])
    answer = client.post(
        reverse("cases:report"),
        {
            "category": tree["noise"].pk,
            "description": "x",
            "photos": [jpeg(f"{n}.jpg") for n in range(7)],
            "urgency": "normal",
        },
    )
    assert answer.status_code == 200
    assert [e.code for e in answer.context["form"].errors.as_data()["photos"]] == [
        "too_many_photos"
    ]
    assert not Case.objects.exists()


def test_phone_page_without_photo_shows_a_field_error(verified_client, users, tree):
    client = verified_client(users["grid_worker"])
    answer = client.post(
        reverse("cases:report"),
        {"category": tree["noise"].pk, "description": "x", "urgency": "normal"},
    )
    assert answer.status_code == 200 and answer.context["form"].errors["photos"]
    assert not Case.objects.exists()


def test_grid_worker_sees_only_their_grid(verified_client, report, users, world):
    mine = report()
    theirs = report(by=users["bob"], grid=world["g2"])
    client = verified_client(users["grid_worker"])
    listing = client.get(reverse("cases:list")).content.decode()
    assert mine.number in listing and theirs.number not in listing
    assert client.get(reverse("cases:detail", args=[theirs.pk])).status_code == 404


def test_department_sees_only_cases_dispatched_to_it(verified_client, report, users, tree):
    ours = actions.do_accept(users["street_staff"], report())
    ours = actions.do_dispatch(users["street_staff"], ours, unit=tree["units"]["dept"])
    other = actions.do_accept(users["street_staff"], report())
    other = actions.do_dispatch(users["street_staff"], other)
    client = verified_client(users["department_staff"])
    listing = client.get(reverse("cases:list")).content.decode()
    assert ours.number in listing and other.number not in listing
    assert client.get(reverse("cases:detail", args=[other.pk])).status_code == 404


def test_a_step_is_taken_through_its_form(verified_client, report, users):
    case = report()
    client = verified_client(users["street_staff"])
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("cases:step", args=[case.pk, "accept"]) in page
    before = AuditEntry.objects.count()
    client.post(reverse("cases:step", args=[case.pk, "accept"]), {"accept-note": ""})
    assert Case.objects.get(pk=case.pk).status == Status.ACCEPTED
    assert AuditEntry.objects.count() == before + 1
    answer = client.post(
        reverse("cases:step", args=[case.pk, "not_accept"]), {"not_accept-note": ""}, follow=True
    )
    assert Case.objects.get(pk=case.pk).status == Status.ACCEPTED
    assert answer.status_code == 200


def test_grid_worker_of_g1_cannot_verify_a_g2_case_through_the_page(
    verified_client, report, walk, users, world
):
    case = walk(report(by=users["bob"], grid=world["g2"]), "report_done")
    client = verified_client(users["grid_worker"])
    answer = client.post(reverse("cases:step", args=[case.pk, "pass_verification"]))
    assert answer.status_code == 404
    assert Case.objects.get(pk=case.pk).status == Status.HANDLED


def test_desk_records_a_hotline_ticket_once(verified_client, users, tree, world):
    client = verified_client(users["station_staff"])
    data = {
        "channel": "hotline",
        "hotline_ticket": "GD2026120700017",
        "reporter_name": "王女士",
        "reporter_phone": "13812345678",
        "category": tree["noise"].pk,
        "description": "楼下烧烤油烟",
        "urgency": "normal",
    }
    first = client.post(reverse("cases:desk"), data)
    assert first.status_code == 302, first.context["form"].errors
    case = Case.objects.get()
    assert case.channel == Channel.HOTLINE and case.community == world["c1"]
    assert case.reporter_phone_masked != "13812345678"
    again = client.post(reverse("cases:desk"), data)
    assert again.status_code == 200
    assert again.context["form"].errors["hotline_ticket"]
    assert Case.objects.count() == 1


def test_street_admin_edits_the_tree_through_actions(verified_client, users, tree):
    client = verified_client(users["street_admin"])
    data = {
        "parent": tree["events"].pk,
        "kind": "event",
        "code": "0599",
        "name": "占道经营",
        "default_unit_kind": "street_unit",
        "urgent": "on",
        **{f"{s}_limit": 2 for s in ("accept", "dispatch", "handle", "verify")},
        **{f"{s}_unit": "days" for s in ("accept", "dispatch", "handle", "verify")},
        "active": "on",
    }
    answer = client.post(reverse("cases:category_new"), data)
    assert answer.status_code == 200
    assert answer.context["form"].has_error("urgent", "case_urgent_in_hours")
    data["urgent"] = ""
    assert client.post(reverse("cases:category_new"), data).status_code == 302
    assert AuditEntry.objects.filter(verb="cases.do_create_category").count() == 1
    staff = verified_client(users["street_staff"])
    assert staff.get(reverse("cases:category_new")).status_code == 403


def test_a_resident_reports_from_the_phone_page(verified_client, users, tree, world):
    client = verified_client(users["resident"])
    answer = client.post(
        reverse("cases:report"),
        {
            "category": tree["noise"].pk,
            "description": "楼道堆物",
            "photos": [jpeg()],
            "urgency": "normal",
        },
    )
    assert answer.status_code == 302
    case = Case.objects.get()
    assert case.channel == Channel.RESIDENT and case.community == world["c1"]
    assert case.reporter == users["resident"]
