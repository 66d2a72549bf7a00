"""Typed refusals: every rule an action enforces fails with a stable code.

An action refuses with `refuse(code, message, field=...)`. The error is a Django
`ValidationError` carrying `code`, so forms put it on the field, the API answers
`400 {"field": [{"code": ..., "message": ...}]}` (core.api.error_body) and commands print the
message. Clients and tests match the code; people read the translated message.

Codes shared by every app are the members of `Common` below; each app lists its own in its
`errors` module (a `StrEnum` subclass of `AppCode`, one docstring line per code), and
`docs/errors.md` lists them all (`gongzhi error-codes` prints the table).
A permission refusal is not a ValidationError but `Denied` (403 on screens and in the API).
"""

import inspect
from enum import StrEnum
from typing import NoReturn

from django.core.exceptions import PermissionDenied, ValidationError


class AppCode(StrEnum):
    """Base of each app's code list (`class Code(AppCode)` in `<app>/errors.py`)."""


class Common(AppCode):
    ILLEGAL_TRANSITION = "illegal_transition"  # the record's state does not allow this step
    UNKNOWN_TRANSITION = "unknown_transition"  # no such step in the state machine
    NOTE_REQUIRED = "note_required"  # the step needs a note (reason, result, …)
    TOO_LONG = "too_long"  # longer than the field allows
    FORBIDDEN = "forbidden"  # the actor's roles do not grant this verb here
    OUT_OF_SCOPE = "out_of_scope"  # the saved record would lie outside the actor's area
    NULL_CHARACTER = "null_character"  # a NUL in any parameter or form field (core.hostile_input)
    NUMBER_TOO_LONG = "number_too_long"  # a number longer than 18 digits in a query parameter
    NOT_AN_IMAGE = "not_an_image"  # an uploaded photo that Pillow cannot read (core.photos)
    PHOTO_TOO_LARGE = "photo_too_large"  # a photo over 10 MB, or with too many pixels (a bomb)
    TOO_MANY_PHOTOS = "too_many_photos"  # more photos than the form or request allows


class ActionError(ValidationError):
    """A rule refused the action; nothing was written."""

    def __init__(self, code: str, message, *, field: str | None = None, params=None):
        single = ValidationError(message, code=str(code), params=params)
        if field:
            super().__init__({field: [single]})
        else:
            super().__init__(single)
        self.code = str(code)
        self.field = field


def refuse(code: str, message, *, field: str | None = None, params=None) -> NoReturn:
    raise ActionError(code, message, field=field, params=params)


class Denied(PermissionDenied):
    """The actor may not do this verb on this object in its place (403)."""

    code = Common.FORBIDDEN

    def __init__(self, verb: str, permission: str | None = None):
        super().__init__(f"{verb}: {permission or 'not allowed'}")
        self.verb, self.permission = verb, permission


def all_codes() -> dict[str, list[tuple[str, str]]]:
    """Every app's codes with the comment that explains it, for docs and the command."""
    table: dict[str, list[tuple[str, str]]] = {}
    for cls in [AppCode, *_subclasses(AppCode)]:
        if not list(cls):
            continue
        comments = _comments(inspect.getsource(cls))
        owner = cls.__module__.removeprefix("gongzhi.").split(".")[0]
        table.setdefault(owner, []).extend(
            (member.value, comments.get(member.name, "")) for member in cls
        )
    return table


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _comments(source: str) -> dict[str, str]:
    """NAME → its comment: on the code's line, on the line above it, or inside the
    parentheses ruff's formatter wraps a long line in."""
    out: dict[str, str] = {}
    lines = [line.strip() for line in source.splitlines()]
    above = ""
    for i, line in enumerate(lines):
        if line.startswith("#"):
            above = line[1:].strip()
            continue
        name, _, rest = line.partition(" = ")
        if rest and "#" in rest:
            out[name] = rest.split("#", 1)[1].strip()
        elif rest == "(":
            inner = next((x for x in lines[i + 1 :] if "#" in x or x == ")"), "")
            out[name] = inner.split("#", 1)[1].strip() if "#" in inner else above
        elif rest and above:
            out[name] = above
        above = ""
    return out
