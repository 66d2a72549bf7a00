"""The resident charter (居民公约, Organic Law Art. 15): drafts, adoption by an assembly
(assemblies.do_vote_item) and its filing (备案) with the government, declared once:

    not filed ──submit──▶ submitted ──file──▶ filed
                 ▲            │
    returned ◀───┴──return────┘   (return: the reason is required)

Only a charter an assembly adopted takes a step. `do_filing_step` takes each of them;
screens ask `FILING.allowed(charter)` which buttons to show. The audit event of the step
(kind TRANSITION, the filing before and after, the note as its reason) is its log.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.core.actions import action
from gongzhi.core.errors import refuse
from gongzhi.core.models import AuditEntry
from gongzhi.core.statemachine import StateMachine, Transition
from gongzhi.org.models import Community
from gongzhi.selfgov.actions._common import place_of, require_text
from gongzhi.selfgov.errors import Code
from gongzhi.selfgov.models import CharterVersion

F = CharterVersion.Filing


def _adopted(charter: CharterVersion):
    if charter.adopted_by_id is None:
        return (
            Code.NOT_ADOPTED,
            _("Only a charter adopted by a resident assembly can be filed."),
        )
    return None


FILING = StateMachine(
    {
        "submit": Transition(
            (F.NOT_FILED, F.RETURNED),
            F.SUBMITTED,
            gettext_lazy("Submit for filing"),
            guard=_adopted,
        ),
        "file": Transition(
            (F.SUBMITTED,), F.FILED, gettext_lazy("Record as filed"), guard=_adopted
        ),
        "return": Transition(
            (F.SUBMITTED,),
            F.RETURNED,
            gettext_lazy("Return for changes"),
            note_required=True,
            note_label=gettext_lazy("reason for returning it"),
            guard=_adopted,
        ),
    },
    field="filing",
)
# The step that reaches each filing status (the API names the status it wants).
FILING_STEP_TO = {spec.target: name for name, spec in FILING.transitions.items()}


@action("selfgov.add_charterversion", place=place_of)
def do_draft_charter(actor, community: Community, text: str) -> CharterVersion:
    require_text(text, "text", Code.TEXT_REQUIRED, _("The charter has no text."))
    last = community.charters.order_by("-version").first()
    return CharterVersion.objects.create(
        community=community, text=text, version=(last.version + 1) if last else 1
    )


@action("selfgov.change_charterversion", place=place_of, kind=AuditEntry.Action.TRANSITION)
def do_filing_step(
    actor,
    charter: CharterVersion,
    step: str,
    note: str = "",
    *,
    reference: str = "",
    on: date | None = None,
) -> CharterVersion:
    """A step of the charter's 备案 with the government (FILING): filed needs the
    government's reference, a return its reason (`note`)."""
    locked = CharterVersion.objects.select_for_update().get(pk=charter.pk)
    if problem := _adopted(locked):
        refuse(*problem)
    if step not in FILING:
        refuse(Code.FILING_STEP, _("Unknown filing step."), field="filing")
    if locked.filing not in FILING[step].sources:
        refuse(
            Code.FILING_STEP,
            _("Filing cannot go from “%(a)s” to “%(b)s”.")
            % {"a": F(locked.filing).label, "b": F(FILING[step].target).label},
            field="filing",
        )
    reference = (reference or "").strip()
    if step == "file" and not reference:
        refuse(Code.FILING_REFERENCE, _("Record the filing reference."), field="filing_reference")

    def effects(obj, spec, note):
        if reference:
            obj.filing_reference = reference
        if step == "file":
            obj.filed_on = on or timezone.localdate()

    FILING.apply(locked, step, actor, note, effects=effects)
    for name in ("filing", "filing_reference", "filed_on"):  # the caller's copy follows
        setattr(charter, name, getattr(locked, name))
    return locked
