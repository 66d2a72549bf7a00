"""The escalation buttons of a case page: 催办 (the dispatcher reminds the unit) and 督办 (the
street supervises). The actions check who may; the page offers only one's own."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.cases.actions import escalation
from gongzhi.cases.actions.flow import DISPATCH
from gongzhi.cases.models import Case
from gongzhi.core.actions import may
from gongzhi.core.views_base import get_visible_or_404, role_required

KINDS = {
    "remind": (
        escalation.do_remind,
        DISPATCH,
        escalation.may_remind,
        gettext_lazy("Remind the unit (催办)"),
    ),
    "supervise": (
        escalation.do_supervise,
        escalation.SUPERVISE,
        escalation.may_supervise,
        gettext_lazy("Supervise (督办)"),
    ),
}


def escalation_buttons(case: Case, user) -> list[tuple[str, str]]:
    """(kind, label) of the escalation steps `user` may take on `case` now."""
    return [
        (kind, label)
        for kind, (_fn, permission, possible, label) in KINDS.items()
        if possible(case) and may(user, permission, case)
    ]


@require_POST
@role_required("cases.view_case")
def case_escalate(request, pk, kind):
    case = get_visible_or_404(Case, request.user, pk=pk)
    if kind not in KINDS:
        raise Http404
    try:
        KINDS[kind][0](request.user, case, note=request.POST.get("note", ""))
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    except PermissionDenied:
        messages.error(request, _("This step is not yours to take on this case."))
    else:
        messages.success(request, _("Done."))
    return redirect("cases:detail", pk=case.pk)
