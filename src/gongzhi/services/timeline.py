"""A request's steps as the resident reads them (我的诉求): one plain sentence per step,
saying who acted — "you", or the office that handled it, never a staff member's log-in — and,
where the step carries one, the reason or the result. The window's own log (RequestTransition)
keeps the staff's names; this is its public face, like a 12345 hotline's progress page."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from gongzhi.services.choices import Status

# What happened, by the state reached; "%(who)s" is the office (or "you").
SENTENCES = {
    Status.SUBMITTED: _("%(who)s submitted the request."),
    Status.ACCEPTED: _("%(who)s accepted the request."),
    Status.MATERIALS_REQUESTED: _("%(who)s asks you for missing materials."),
    Status.REFUSED: _("%(who)s did not accept the request."),
    Status.IN_PROGRESS: _("%(who)s started handling it."),
    Status.TRANSFERRED: _("%(who)s passed it to the department responsible."),
    Status.COMPLETED: _("%(who)s completed it."),
    Status.WITHDRAWN: _("%(who)s withdrew the request."),
    Status.RATED: _("%(who)s rated the service."),
}
# Steps whose note the resident should read (the reason, the missing materials, the result).
SHOWN_NOTES = {Status.MATERIALS_REQUESTED, Status.REFUSED, Status.COMPLETED}


@dataclass(frozen=True)
class Step:
    at: object
    text: str
    note: str
    status: str


def steps_for(req, viewer) -> list[Step]:
    office = str(req.community) if req.community_id else str(req.street)
    out = []
    for t in req.transitions.all():
        who = _("You") if t.actor_id == viewer.pk else office
        sentence = SENTENCES.get(t.to_status, _("%(who)s updated the request."))
        note = t.note if t.to_status in SHOWN_NOTES else ""
        out.append(Step(t.at, str(sentence) % {"who": who}, note, t.to_status))
    return out
