"""Automatic grid partitioning (网格划分) as actions: a proposal computed for a community, then
applied (grids 01..n created or reused, their boundaries set, every building moved) or
discarded. The computation and its steps are registry.partition's; here the permission by
role AND place, the one transaction and the one audit event."""

from __future__ import annotations

from decimal import Decimal

from gongzhi.core.actions import action
from gongzhi.org.models import Community
from gongzhi.registry import partition
from gongzhi.registry.actions._common import stored
from gongzhi.registry.models import GridProposal


@action("registry.add_gridproposal")
def do_propose_partition(
    actor,
    community: Community,
    *,
    target: int | None = None,
    tolerance=Decimal("0.15"),
    seed: int = 0,
) -> GridProposal:
    """Compute a partition of `community` and keep it as a proposal (nothing else changes)."""
    return partition.propose(community, user=actor, target=target, tolerance=tolerance, seed=seed)


@action("registry.change_gridproposal", place=stored)
def do_apply_partition(actor, proposal: GridProposal) -> list:
    """Apply a proposal: all or nothing; returns the community's grids of the proposal."""
    return partition.apply_proposal(proposal, user=actor)


@action("registry.change_gridproposal", place=stored)
def do_discard_partition(actor, proposal: GridProposal) -> GridProposal:
    return partition.discard_proposal(proposal, user=actor)
