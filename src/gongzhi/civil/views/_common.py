"""What civil's volunteer and activity screens share: running an action and showing its
refusal as a message."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _


def run(request, fn, *args, **kwargs) -> bool:
    """Call the action; a refusal becomes an error message (nothing was written)."""
    try:
        fn(request.user, *args, **kwargs)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
        return False
    except PermissionDenied:
        messages.error(request, _("This is not yours to do."))
        return False
    messages.success(request, _("Done."))
    return True
