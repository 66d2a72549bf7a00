"""What the service screens share: the page size, flashing a refusal, an item's field values."""

from django.contrib import messages
from django.core.exceptions import ValidationError

PAGE_SIZE = 30


def _flash_errors(request, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for messages_ in exc.message_dict.values():
            for m in messages_:
                messages.error(request, m)
    else:
        for m in exc.messages:
            messages.error(request, m)


def _errors(exc: ValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {k: v[0] for k, v in exc.message_dict.items()}
    return {"__all__": " ".join(exc.messages)}


def _item_values(request, fields):
    data = {}
    for f in fields:
        key = f"f_{f.code}"
        data[f.code] = (
            request.POST.getlist(key) if f.kind == "multichoice" else request.POST.get(key)
        )
    files = {f.code: request.FILES[f"f_{f.code}"] for f in fields if f"f_{f.code}" in request.FILES}
    return data, files
