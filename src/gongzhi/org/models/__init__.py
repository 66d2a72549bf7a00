"""The organization: street office, its units, communities and their three bodies (三位一体),
grids, staff, dispatched cadres, and who holds which role where.

Split by topic (places, bodies, people, assignments); every model is importable from
`gongzhi.org.models` as before."""

from gongzhi.org.choices import Ethnicity, Sex
from gongzhi.org.models.assignments import RoleAssignment, RoleAssignmentQuerySet
from gongzhi.org.models.bodies import (
    CommitteeDuty,
    CommitteeMember,
    PartyCommittee,
    ResidentsCommittee,
    ResidentsGroup,
    ServiceStation,
    WorkingCommittee,
    WorkingGroup,
)
from gongzhi.org.models.people import CareCentre, DispatchedCadre, Provider, Staff
from gongzhi.org.models.places import (
    Community,
    Department,
    Grid,
    Street,
    StreetUnit,
    digits,
)

__all__ = [
    "CareCentre",
    "CommitteeDuty",
    "CommitteeMember",
    "Community",
    "Department",
    "DispatchedCadre",
    "Ethnicity",
    "Grid",
    "PartyCommittee",
    "Provider",
    "ResidentsCommittee",
    "ResidentsGroup",
    "RoleAssignment",
    "RoleAssignmentQuerySet",
    "Sex",
    "ServiceStation",
    "Staff",
    "Street",
    "StreetUnit",
    "WorkingCommittee",
    "WorkingGroup",
    "digits",
]
