"""The resident charter (居民公约, Organic Law Art. 15): drafts, adoption by an assembly
(assemblies.do_vote_item) and its filing (备案) with the government."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core.actions import action
from gongzhi.core.errors import refuse
from gongzhi.org.models import Community
from gongzhi.selfgov.actions._common import place_of, require_text
from gongzhi.selfgov.errors import Code
from gongzhi.selfgov.models import CharterVersion

FILING_STEPS = {
    CharterVersion.Filing.NOT_FILED: {CharterVersion.Filing.SUBMITTED},
    CharterVersion.Filing.SUBMITTED: {CharterVersion.Filing.FILED, CharterVersion.Filing.RETURNED},
    CharterVersion.Filing.RETURNED: {CharterVersion.Filing.SUBMITTED},
    CharterVersion.Filing.FILED: set(),
}


@action("selfgov.add_charterversion", place=place_of)
def do_draft_charter(actor, community: Community, text: str) -> CharterVersion:
    require_text(text, "text", Code.TEXT_REQUIRED, _("The charter has no text."))
    last = community.charters.order_by("-version").first()
    return CharterVersion.objects.create(
        community=community, text=text, version=(last.version + 1) if last else 1
    )


@action("selfgov.change_charterversion", place=place_of)
def do_set_filing(
    actor, charter: CharterVersion, to: str, *, reference: str = "", on: date | None = None
) -> CharterVersion:
    """备案 with the government, only for a charter an assembly adopted (Art. 15)."""
    if charter.adopted_by_id is None:
        refuse(Code.NOT_ADOPTED, _("Only a charter adopted by a resident assembly can be filed."))
    if to not in CharterVersion.Filing.values:
        refuse(Code.FILING_STEP, _("Unknown filing status."), field="filing")
    if to not in FILING_STEPS[charter.filing]:
        refuse(
            Code.FILING_STEP,
            _("Filing cannot go from “%(a)s” to “%(b)s”.")
            % {
                "a": CharterVersion.Filing(charter.filing).label,
                "b": CharterVersion.Filing(to).label,
            },
        )
    if to == CharterVersion.Filing.FILED and not reference.strip():
        refuse(Code.FILING_REFERENCE, _("Record the filing reference."), field="filing_reference")
    charter.filing = to
    if reference:
        charter.filing_reference = reference
    if to == CharterVersion.Filing.FILED:
        charter.filed_on = on or timezone.localdate()
    charter.save()
    return charter
