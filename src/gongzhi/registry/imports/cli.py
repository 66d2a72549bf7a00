"""Shared by the `gongzhi import` and `gongzhi export` commands."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from gongzhi.org.models import Community


def resolve_community(code: str | None, street: str | None = None) -> Community:
    """A community by its 12-digit division code (county 6 + street 3 + community 3), or by
    its 3-digit code (with `street`'s 12- or 9-digit code when several streets have it);
    without a code, the deployment's only community."""
    qs = Community.objects.select_related("street")
    if street:
        qs = qs.filter(street__division_code__startswith=street.strip()[:9])
    if code:
        code = code.strip()
        if len(code) == 12 and code.isdigit():
            qs = qs.filter(street__division_code__startswith=code[:9], code=code[9:])
        elif len(code) == 3 and code.isdigit():
            qs = qs.filter(code=code)
        else:
            raise CommandError(
                _("--community takes a 12-digit division code or a 3-digit community code.")
            )
    matches = list(qs[:2])
    if not matches:
        raise CommandError(_("No such community."))
    if len(matches) > 1:
        if code:
            raise CommandError(
                _("Several streets have community %(code)s: add --street.") % {"code": code}
            )
        raise CommandError(_("Name the community with --community."))
    return matches[0]


def resolve_user(username: str | None):
    if not username:
        return None
    try:
        return get_user_model().objects.get(username=username, is_active=True)
    except get_user_model().DoesNotExist:
        raise CommandError(_("No active user %(name)s.") % {"name": username}) from None
