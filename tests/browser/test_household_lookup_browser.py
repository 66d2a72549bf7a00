"""The household picker in Chromium: typing part of an address fills the suggestions from the
lookup endpoint, and the chosen suggestion's text submits the change of household."""

# ruff: noqa: F811  (fixtures are imported, then requested)
import pytest
from django.urls import reverse

from gongzhi.registry.models import Resident
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD
from tests.registry.helpers import reg  # noqa: F401

pytestmark = pytest.mark.browser


def test_household_picker_suggests_as_you_type(page, users, reg):
    log_in(page, users["station_staff"].username, PASSWORD)
    page.goto(reverse("registry:resident_transfer", args=[reg["li"].pk]))
    box = page.locator("input[name=household]")
    box.fill("")
    box.press_sequentially("幸福路2")
    options = page.locator("datalist#id_household_options option")
    options.first.wait_for(state="attached")
    assert options.evaluate_all("os => os.map(o => o.value)") == ["H002 · 幸福路2号 1-201"]
    box.fill(options.first.get_attribute("value"))
    page.locator("main form [type=submit]").first.click()
    page.wait_for_url(f"**{reverse('registry:resident_detail', args=[reg['li'].pk])}")
    assert Resident.objects.get(pk=reg["li"].pk).household == reg["h2"]
