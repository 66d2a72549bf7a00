"""The holiday calendar's screens (workdays app): a street admin edits days, the rules of
the actions refuse a bad day on the page, staff without the permission are refused, and the
old address under /services/ still arrives."""

from django.urls import reverse

from gongzhi.workdays.models import CalendarDay


def test_calendar_editing_by_street_admin(world, users, verified_client):
    client = verified_client(users["street_admin"])
    client.post(
        reverse("workdays:add"),
        {"date": "2026-10-10", "kind": "workday", "name": "国庆节调休"},
    )
    assert CalendarDay.objects.get(date="2026-10-10").kind == "workday"
    # a make-up working day must be a weekend day
    client.post(reverse("workdays:add"), {"date": "2026-10-12", "kind": "workday", "name": "x"})
    assert not CalendarDay.objects.filter(date="2026-10-12").exists()
    day = CalendarDay.objects.get()
    client.post(reverse("workdays:delete", args=[day.pk]))
    assert not CalendarDay.objects.exists()
    staff = verified_client(users["station_staff"])
    assert (
        staff.post(
            reverse("workdays:add"), {"date": "2026-10-11", "kind": "workday", "name": "x"}
        ).status_code
        == 403
    )


def test_calendar_page_in_chinese_and_old_address_redirects(world, users, verified_client):
    client = verified_client(users["street_admin"])
    page = client.get(reverse("workdays:calendar") + "?year=2026", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    assert "节假日" in page.content.decode() or "日历" in page.content.decode()
    old = client.get("/services/calendar/?year=2025")
    assert old.status_code == 302
    assert old["Location"] == reverse("workdays:calendar") + "?year=2025"


def test_calendar_is_in_the_menu_of_those_who_keep_it(world, users, verified_client):
    admin = verified_client(users["street_admin"]).get(reverse("home")).content.decode()
    assert reverse("workdays:calendar") in admin
    resident = verified_client(users["resident"]).get(reverse("home")).content.decode()
    assert reverse("workdays:calendar") not in resident


def test_a_refused_day_shows_its_error_on_the_field_and_keeps_what_was_typed(
    world, users, verified_client
):
    client = verified_client(users["street_admin"])
    page = client.post(
        reverse("workdays:add"),
        {"date": "2026-10-12", "kind": "workday", "name": "多余的调休"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    body = page.content.decode()
    assert page.status_code == 200 and not CalendarDay.objects.exists()
    assert "invalid-feedback" in body and 'value="多余的调休"' in body
    bad = client.post(reverse("workdays:add"), {"date": "12/10/2026", "kind": "x", "name": ""})
    assert bad.status_code == 200 and not CalendarDay.objects.exists()
    assert bad.content.decode().count("invalid-feedback") >= 3


def test_api_gives_the_year_as_the_time_limits_count_it(world, users, verified_client):
    """Official days (holidays package) with the street's edits laid over them; staff
    without the calendar permission are refused."""
    admin = verified_client(users["street_admin"])
    admin.post(
        reverse("workdays:add"), {"date": "2026-10-10", "kind": "holiday", "name": "街道调整"}
    )
    body = admin.get("/api/workdays/days/?year=2026").json()
    assert body["year"] == 2026 and body["provisional"] is False
    by_date = {d["date"]: d for d in body["days"]}
    assert by_date["2026-10-01"] == {
        "date": "2026-10-01",
        "kind": "holiday",
        "name": by_date["2026-10-01"]["name"],
        "source": "official",
    }
    assert (
        by_date["2026-10-10"]["source"] == "street" and by_date["2026-10-10"]["kind"] == "holiday"
    )
    assert [d["date"] for d in body["days"]] == sorted(by_date)
    # A year without a published schedule says so (statutory holidays only).
    assert admin.get("/api/workdays/days/?year=2099").json()["provisional"] is True
    staff = verified_client(users["station_staff"])
    assert staff.get("/api/workdays/days/?year=2026").status_code == 403
