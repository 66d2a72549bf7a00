"""What a user's resident leads (issue #14 §2), for the code that lets leaders post activities
and register attendance for their group: `leads(user)` and `leaderships_of(resident)`."""

from dataclasses import dataclass, field

from gongzhi.civil.models import Leader


@dataclass
class Leads:
    """The active leaderships of one resident, by what they lead."""

    leaderships: list = field(default_factory=list)
    building_ids: set[int] = field(default_factory=set)
    organization_ids: set[int] = field(default_factory=set)
    groups: set[tuple[int, str]] = field(default_factory=set)  # (community id, group name)
    community_ids: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.leaderships)

    def building(self, building) -> bool:
        return getattr(building, "pk", building) in self.building_ids

    def organization(self, org) -> bool:
        return getattr(org, "pk", org) in self.organization_ids

    def group(self, community, name: str) -> bool:
        return (getattr(community, "pk", community), (name or "").strip()) in self.groups


def leaderships_of(resident):
    """The resident's active leaderships (a queryset of civil.Leader)."""
    if resident is None:
        return Leader.objects.none()
    return (
        Leader.objects.filter(resident=resident, active=True)
        .select_related("building", "organization", "community")
        .order_by("kind", "pk")
    )


def leads(user) -> Leads:
    """What the user's own resident (the registry record linked to the account) leads;
    empty for a user who is no resident or leads nothing."""
    resident = getattr(user, "registry_resident", None) if user is not None else None
    if resident is None or not getattr(user, "is_authenticated", False):
        return Leads()
    found = Leads()
    for leader in leaderships_of(resident):
        found.leaderships.append(leader)
        found.community_ids.add(leader.community_id)
        if leader.building_id:
            found.building_ids.add(leader.building_id)
        if leader.organization_id:
            found.organization_ids.add(leader.organization_id)
        if leader.group_name:
            found.groups.add((leader.community_id, leader.group_name))
    return found
