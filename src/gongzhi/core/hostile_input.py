"""One input layer for what no field can hold: refused with 400 before any view runs.

- A NUL character in a query parameter, a form field or the path: PostgreSQL refuses to
  store or even compare it (500 from deep inside a filter), and no text of the platform
  contains one.
- A run of more than MAX_DIGITS digits in a query parameter: it overflows the 64-bit
  integers of both databases when a filter compares it (SQLite raises OverflowError). The
  longest number the platform takes is an 18-character ID number. In the path such a number
  is an id no record can have: 404, as for any missing record.

Pages get a short localized 400 page, the API a DRF-shaped `{"param": ["message"]}`, and
Open311 its own error list (open311.middleware subclasses `refuse`).
"""

import re

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from gongzhi.core.errors import Common

MAX_DIGITS = 18
_TOO_LONG = re.compile(rf"\d{{{MAX_DIGITS + 1},}}")
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def problem(value: str) -> tuple[str, str] | None:
    """(code, message) of what is hostile in `value`, or None."""
    if "\x00" in value:
        return Common.NULL_CHARACTER, _(
            "This value contains a NUL character, which no field can hold."
        )
    if _TOO_LONG.search(value):
        return Common.NUMBER_TOO_LONG, _(
            "Numbers longer than %(digits)d digits are not accepted."
        ) % {"digits": MAX_DIGITS}
    return None


def _small(request) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def first_problem(request) -> tuple[str, tuple[str, str]] | None:
    """(parameter name, (code, message)) of the first hostile input of the request, or None."""
    if (found := problem(request.path_info)) and "\x00" in request.path_info:
        return "path", found
    params = [request.GET]
    if request.method == "POST" and request.content_type in _FORMS and _small(request):
        # Read the body first so a view may still read request.body after POST was parsed;
        # large uploads and JSON bodies are left to their forms and serializers.
        request.body  # noqa: B018
        params.append(request.POST)
    for query in params:
        for name, values in query.lists():
            if "\x00" in name and (found := problem(name)):
                return "query", found
            for value in values:
                found = problem(value)
                # Digits in a form body are text (a note may quote a long number): only NUL.
                if found and (query is request.GET or "\x00" in value):
                    return name, found
    return None


class HostileInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _TOO_LONG.search(request.path_info):
            # An id longer than any the databases can hold: no such record.
            return self.not_found(request)
        found = first_problem(request)
        if found is not None:
            name, (code, message) = found
            return self.refuse(request, name, message, code)
        return self.get_response(request)

    def not_found(self, request):
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": _("Not found.")}, status=404)
        raise Http404  # the site's own 404 page (handler404)

    def refuse(self, request, name: str, message: str, code: str = ""):
        if request.path_info.startswith("/api/"):
            # The API's field-error shape (core.api.error_body), with a stable code.
            return JsonResponse({name: [{"code": code, "message": message}]}, status=400)
        return render(request, "400.html", {"message": message}, status=400)
