"""The REST API: scoped lists and details, create from every channel (hotline ticket unique),
one endpoint per step with typed 400 codes, 403 for another role's step, 404 out of scope."""

from gongzhi.cases import actions
from gongzhi.cases.choices import Status
from gongzhi.cases.models import Case
from gongzhi.core.models import AuditEntry
from tests.cases.conftest import jpeg

API = "/api/cases/"


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_create_a_hotline_case_keeps_its_unique_ticket(verified_client, users, tree, world):
    client = verified_client(users["street_staff"])
    data = {
        "channel": "hotline",
        "hotline_ticket": "GD2026120700001",
        "category": tree["lamp"].pk,
        "description": "路灯不亮",
        "community": world["c2"].pk,
        "reporter_name": "李先生",
        "reporter_phone": "+86 138 1234 5678",
    }
    answer = post(client, f"{API}cases/", data)
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["hotline_ticket"] == "GD2026120700001" and body["status"] == "reported"
    assert body["reporter_phone"] != "13812345678"  # masked
    again = post(client, f"{API}cases/", data)
    assert again.status_code == 400
    assert again.json()["hotline_ticket"][0]["code"] == "case_duplicate_ticket"
    missing = post(client, f"{API}cases/", {**data, "hotline_ticket": ""})
    assert missing.json()["hotline_ticket"][0]["code"] == "case_hotline_ticket"
    assert Case.objects.count() == 1


def test_create_with_photos_as_multipart(verified_client, users, tree):
    client = verified_client(users["grid_worker"])
    answer = client.post(
        f"{API}cases/",
        {
            "channel": "grid_worker",
            "category": tree["noise"].pk,
            "description": "噪声",
            "photos": [jpeg(), jpeg("b.jpg")],
        },
    )
    assert answer.status_code == 201, answer.json()
    case = Case.objects.get()
    assert case.photos.count() == 2
    assert len(client.get(f"{API}cases/{case.pk}/photos/").json()) == 2


def test_a_form_says_a_nullable_field_is_not_given_by_leaving_it_empty_or_out(
    verified_client, users, tree
):
    """A form cannot say null (the schema documents the form body without it, docs/api.md):
    an empty value of a nullable field, or the field left out, is null; the JSON spelling
    "null" is text, refused as any other text in a number or id field."""
    client = verified_client(users["grid_worker"])
    base = {"channel": "grid_worker", "category": tree["noise"].pk, "description": "噪声"}
    empty = {"lat": "", "lng": "", "building": "", "household": "", "grid": ""}
    answer = client.post(f"{API}cases/", {**base, **empty, "photos": [jpeg()]})
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert (body["lat"], body["lng"], body["building"], body["household"]) == (None,) * 4
    assert client.post(f"{API}cases/", base).status_code == 201  # left out
    refused = client.post(f"{API}cases/", {**base, "building": "null", "lat": "null"})
    assert refused.status_code == 400
    assert set(refused.json()) == {"building", "lat"}
    assert Case.objects.count() == 2


def test_create_refuses_a_large_class_with_its_code(verified_client, users, tree):
    client = verified_client(users["grid_worker"])
    answer = post(
        client,
        f"{API}cases/",
        {"channel": "grid_worker", "category": tree["events"].pk, "description": "x"},
    )
    assert answer.status_code == 400
    assert answer.json()["category"][0]["code"] == "case_not_small_class"


def test_grid_worker_cannot_report_in_another_grid(verified_client, users, tree, world):
    client = verified_client(users["grid_worker"])
    answer = post(
        client,
        f"{API}cases/",
        {
            "channel": "grid_worker",
            "category": tree["noise"].pk,
            "description": "x",
            "grid": world["g2"].pk,
        },
    )
    assert answer.status_code == 400  # G2 is not in their area: refused like a missing id
    assert not Case.objects.exists()


def test_steps_through_the_api_with_typed_errors(verified_client, report, users, tree):
    case = report()
    client = verified_client(users["street_staff"])
    answer = post(client, f"{API}cases/{case.pk}/not-accept/", {"note": ""})
    assert answer.status_code == 400 and answer.json()["note"][0]["code"] == "note_required"
    before = AuditEntry.objects.count()
    assert post(client, f"{API}cases/{case.pk}/accept/", {}).json()["status"] == "accepted"
    assert AuditEntry.objects.count() == before + 1
    answer = post(client, f"{API}cases/{case.pk}/accept/", {})
    assert answer.json()["non_field_errors"][0]["code"] == "illegal_transition"
    answer = post(client, f"{API}cases/{case.pk}/dispatch/", {"unit": tree["units"]["dept"].pk})
    assert answer.status_code == 200 and answer.json()["unit"] == tree["units"]["dept"].pk
    steps = client.get(f"{API}cases/{case.pk}/steps/").json()
    assert [s["step"] for s in steps] == ["report", "accept", "dispatch"]


def test_another_roles_step_is_403_and_out_of_scope_is_404(
    verified_client, report, walk, users, world
):
    case = walk(report(by=users["bob"], grid=world["g2"]), "report_done")
    alice = verified_client(users["grid_worker"])
    assert post(alice, f"{API}cases/{case.pk}/pass-verification/", {}).status_code == 404
    staff = verified_client(users["station_staff"])
    assert post(staff, f"{API}cases/{case.pk}/pass-verification/", {}).status_code == 403
    assert Case.objects.get(pk=case.pk).status == Status.HANDLED


def test_department_lists_only_cases_dispatched_to_it(verified_client, report, users, tree):
    ours = actions.do_dispatch(
        users["street_staff"],
        actions.do_accept(users["street_staff"], report()),
        unit=tree["units"]["dept"],
    )
    report()
    client = verified_client(users["department_staff"])
    body = client.get(f"{API}cases/").json()
    assert [c["id"] for c in body["results"]] == [ours.pk]


def test_list_filters_by_status_and_large_class(verified_client, report, users, tree):
    report(category=tree["lamp"])
    report()
    client = verified_client(users["street_staff"])
    assert client.get(f"{API}cases/", {"status": "reported"}).json()["count"] == 2
    large = client.get(f"{API}cases/", {"large_class": tree["lamp"].parent_id}).json()
    assert large["count"] == 1
    assert client.get(f"{API}cases/", {"deadline": "later"}).status_code == 400
    assert client.get(f"{API}categories/").json()["count"] == 5
