"""The charter's filing (备案, Organic Law Art. 15) on its state machine (actions.FILING): one
test per rule, through the action and the API."""

import pytest
from django.core.exceptions import ValidationError

from gongzhi.selfgov import actions
from gongzhi.selfgov.models import CharterVersion

from .helpers import admin

F = CharterVersion.Filing
API = "/api/selfgov"


def _refused(charter, step, note="", **kw):
    before = CharterVersion.objects.values().get(pk=charter.pk)
    with pytest.raises(ValidationError) as refused:
        actions.do_filing_step(admin(charter), charter, step, note, **kw)
    assert CharterVersion.objects.values().get(pk=charter.pk) == before  # nothing written
    return refused.value


def test_only_a_charter_an_assembly_adopted_is_filed(world):
    c = world["c1"]
    draft = actions.do_draft_charter(admin(c), c, "第一条")
    assert actions.FILING.allowed(draft) == []
    for step in ("submit", "file", "return"):
        assert _refused(draft, step, "理由", reference="备1").code == "not_adopted"


def test_filing_steps_follow_the_machine(charter):
    assert actions.FILING.allowed(charter) == ["submit"]
    refused = _refused(charter, "file", reference="备1")
    assert refused.code == "filing_step" and "filing" in refused.error_dict
    assert _refused(charter, "return", "理由").code == "filing_step"
    assert _refused(charter, "archive").code == "filing_step"
    actions.do_filing_step(admin(charter), charter, "submit")
    assert actions.FILING.allowed(charter) == ["file", "return"]


def test_filed_needs_the_governments_reference(charter):
    actions.do_filing_step(admin(charter), charter, "submit")
    refused = _refused(charter, "file", reference="   ")
    assert refused.code == "filing_reference" and "filing_reference" in refused.error_dict
    filed = actions.do_filing_step(admin(charter), charter, "file", reference=" 备2026-1 ")
    assert (filed.filing, filed.filing_reference) == (F.FILED, "备2026-1")
    assert filed.filed_on is not None


def test_a_return_needs_its_reason(charter):
    actions.do_filing_step(admin(charter), charter, "submit")
    refused = _refused(charter, "return", "  ")
    assert refused.code == "note_required" and "note" in refused.error_dict
    assert actions.do_filing_step(admin(charter), charter, "return", "措辞").filing == F.RETURNED


def test_a_returned_charter_is_submitted_again(charter):
    actions.do_filing_step(admin(charter), charter, "submit")
    actions.do_filing_step(admin(charter), charter, "return", "措辞")
    assert actions.FILING.allowed(charter) == ["submit"]
    assert actions.do_filing_step(admin(charter), charter, "submit").filing == F.SUBMITTED


def test_a_filed_charter_takes_no_further_step(charter):
    actions.do_filing_step(admin(charter), charter, "submit")
    actions.do_filing_step(admin(charter), charter, "file", reference="备1")
    assert actions.FILING.allowed(charter) == []
    for step in ("submit", "file", "return"):
        assert _refused(charter, step, "理由", reference="备2").code == "filing_step"


def test_api_filing_answers_the_codes(users, verified_client, charter):
    client = verified_client(users["street_admin"])

    def post(data):
        return client.post(
            f"{API}/charters/{charter.pk}/filing/", data, content_type="application/json"
        )

    back = post({"filing": "not_filed"})
    assert back.status_code == 400 and back.json()["filing"][0]["code"] == "filing_step"
    assert post({"filing": "submitted"}).status_code == 200
    no_reason = post({"filing": "returned"})
    assert no_reason.status_code == 400 and no_reason.json()["note"][0]["code"] == "note_required"
    returned = post({"filing": "returned", "note": "第二条措辞"})
    assert returned.status_code == 200 and returned.json()["filing"] == "returned"
