"""Residents requesting services themselves (the phone page and the resident API)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gongzhi.org.models import RoleAssignment
from gongzhi.org.roles import Role
from gongzhi.registry.queries import linked_resident
from gongzhi.services import actions
from gongzhi.services.models import ServiceRequest


def resident_community(user):
    """The community of the user's active resident role, or None: an online request is
    filed there."""
    a = (
        RoleAssignment.objects.active()
        .filter(user=user, role=Role.RESIDENT, community__isnull=False)
        .select_related("community__street")
        .first()
    )
    return a.community if a else None


def submit_online(item, user, *, applicant_name="", applicant_phone="", **details):
    """A resident's own request (phone page and resident API alike). A resident who proved
    who they are applies as their registry record, in its community; otherwise in the
    community of their resident role. Blank applicant name and phone default to theirs."""

    resident = linked_resident(user)
    community = resident.community if resident else resident_community(user)
    if community is None:
        raise ValidationError(_("Your account is not linked to a community."))
    return actions.submit_request(
        item,
        street=community.street,
        community=community,
        channel=ServiceRequest.Channel.ONLINE,
        user=user,
        resident=resident,
        applicant_name=applicant_name.strip() or (resident.name if resident else str(user)),
        applicant_phone=applicant_phone.strip() or (resident.phone if resident else ""),
        **details,
    )
