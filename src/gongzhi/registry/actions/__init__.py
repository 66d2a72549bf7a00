"""Every write of the registry: `do_<verb>(actor, obj_or_place, …)` under `core.actions.action`
(permission by role AND place, one transaction, one audit event, coded refusals from
registry.errors). Screens, the API, the admin, the demo and commands call these; read-only
questions and figures are in registry.queries. Split by topic:

- residents: register, edit, move in/out, transfer, death, phone;
- households: create, edit, delete, head, split (分户), merge (合户);
- buildings: buildings, flats, a building's grid; estates: 小区;
- tags: the list of special groups and the tags of a resident; visits: 走访 and follow-up;
- grids: the grid map's new grids, boundaries, buildings into a grid, and grid workers
  (org's grid and role actions inside); partitions: automatic grid partitioning;
- accounts: linking a resident's own log-in (at the window, or by proving who they are).

Bulk work (the importer) writes in batches and is audited per run.
"""

from gongzhi.registry.actions._common import refresh_counts
from gongzhi.registry.actions.accounts import (
    do_link_account,
    do_unlink_account,
    do_verify_own_identity,
    verify_own_identity,
)
from gongzhi.registry.actions.buildings import (
    assign_building_to_grid,
    do_create_building,
    do_create_dwelling,
    do_update_building,
    do_update_dwelling,
)
from gongzhi.registry.actions.estates import do_create_estate, do_delete_estate, do_update_estate
from gongzhi.registry.actions.grids import (
    do_add_grid,
    do_add_grid_worker,
    do_assign_buildings,
    do_draw_boundary,
    do_end_grid_worker,
)
from gongzhi.registry.actions.households import (
    do_create_household,
    do_delete_household,
    do_merge_households,
    do_set_head,
    do_split_household,
    do_update_household,
    validate_household,
)
from gongzhi.registry.actions.partitions import (
    do_apply_partition,
    do_discard_partition,
    do_propose_partition,
)
from gongzhi.registry.actions.residents import (
    do_move_in,
    do_move_out,
    do_record_death,
    do_register_resident,
    do_transfer,
    do_update_phone,
    do_update_resident,
    validate_resident,
)
from gongzhi.registry.actions.tags import (
    do_create_tag,
    do_delete_tag,
    do_remove_tag,
    do_set_tag,
    do_update_tag,
)
from gongzhi.registry.actions.visits import do_mark_followed_up, do_record_visit, do_update_visit

__all__ = [
    "assign_building_to_grid",
    "do_add_grid",
    "do_add_grid_worker",
    "do_apply_partition",
    "do_assign_buildings",
    "do_create_building",
    "do_create_dwelling",
    "do_create_estate",
    "do_create_household",
    "do_create_tag",
    "do_delete_estate",
    "do_delete_household",
    "do_delete_tag",
    "do_discard_partition",
    "do_draw_boundary",
    "do_end_grid_worker",
    "do_link_account",
    "do_mark_followed_up",
    "do_merge_households",
    "do_move_in",
    "do_move_out",
    "do_propose_partition",
    "do_record_death",
    "do_record_visit",
    "do_register_resident",
    "do_remove_tag",
    "do_set_head",
    "do_set_tag",
    "do_split_household",
    "do_transfer",
    "do_unlink_account",
    "do_update_building",
    "do_update_dwelling",
    "do_update_estate",
    "do_update_household",
    "do_update_phone",
    "do_update_resident",
    "do_update_tag",
    "do_update_visit",
    "do_verify_own_identity",
    "refresh_counts",
    "validate_household",
    "validate_resident",
    "verify_own_identity",
]
