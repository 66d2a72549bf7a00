"""One state-machine helper for every record with a status (requests, applications,
elections, cases…), grown from the services app's transition table.

An app declares its steps once:

    MACHINE = StateMachine(
        {"accept": Transition((Status.SUBMITTED,), Status.ACCEPTED, _("Accept"))},
        log=lambda obj, step, before, after, actor, note: ...,  # its transition-log row
    )

and its `do_<verb>` action (core.actions: permission, transaction, the one audit event) calls
`MACHINE.apply(obj, step, actor, note, effects=...)`. Screens and the API ask
`MACHINE.allowed(obj)` which buttons to show; the same declaration refuses the rest with
the stable codes of core.errors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.core.errors import Common, refuse

MAX_NOTE = 4000
ILLEGAL = gettext_lazy("A record that is “%(status)s” cannot be moved by “%(action)s”.")


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    target: str
    label: str
    note_required: bool = False
    note_label: str = ""
    # A further condition: returns why the step is not possible now — a message, or a
    # (code, message) pair for a refusal of its own — or None.
    guard: Callable[[object], object] | None = None


class StateMachine:
    def __init__(
        self,
        transitions: dict[str, Transition],
        *,
        field: str = "status",
        log: Callable | None = None,
        max_note: int = MAX_NOTE,
        illegal=ILLEGAL,
    ):
        self.transitions, self.field, self.log, self.max_note = transitions, field, log, max_note
        self.illegal = illegal  # the refusal's wording, in the app's own words

    def __getitem__(self, step: str) -> Transition:
        return self.transitions[step]

    def __contains__(self, step: str) -> bool:
        return step in self.transitions

    def allowed(self, obj, steps: Iterable[str] | None = None) -> list[str]:
        """The steps (of `steps`, default all) that `obj` can take now."""
        state = getattr(obj, self.field)
        return [
            name
            for name in (self.transitions if steps is None else steps)
            if state in self.transitions[name].sources
            and not ((guard := self.transitions[name].guard) and guard(obj))
        ]

    def check(self, obj, step: str, note: str = "") -> tuple[Transition, str]:
        """The step's declaration and the cleaned note, or a typed refusal."""
        spec = self.transitions.get(step)
        if spec is None:
            refuse(Common.UNKNOWN_TRANSITION, _("Unknown action: %(action)s.") % {"action": step})
        note = (note or "").strip()
        if spec.note_required and not note:
            refuse(
                Common.NOTE_REQUIRED,
                _("Please give the %(what)s.") % {"what": spec.note_label},
                field="note",
            )
        if len(note) > self.max_note:
            refuse(
                Common.TOO_LONG,
                _("At most %(max)d characters.") % {"max": self.max_note},
                field="note",
            )
        if getattr(obj, self.field) not in spec.sources:
            display = getattr(obj, f"get_{self.field}_display", lambda: getattr(obj, self.field))
            refuse(
                Common.ILLEGAL_TRANSITION,
                str(self.illegal) % {"status": display(), "action": spec.label},
            )
        if spec.guard and (why := spec.guard(obj)):
            code, why = why if isinstance(why, tuple) else (Common.ILLEGAL_TRANSITION, why)
            refuse(code, why)
        return spec, note

    def apply(self, obj, step: str, actor, note: str = "", *, effects=None) -> str:
        """Check, run the step's side effects (`effects(obj, spec, note)`), set the state,
        save and write the log row. Returns the state before. Call it inside an action (one
        transaction, one audit event) on a row locked with select_for_update."""
        spec, note = self.check(obj, step, note)
        before = getattr(obj, self.field)
        if effects is not None:
            effects(obj, spec, note)
        setattr(obj, self.field, spec.target)
        obj.save()
        if self.log is not None:
            self.log(obj, step, before, spec.target, actor, note)
        return before
