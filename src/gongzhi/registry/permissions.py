"""What each role may do with the registry (see org.roles). Rows are further limited by
`Model.objects.visible_to(user)`: a party secretary sees their community, a grid worker
their grid. Revealing ID numbers and phones is `core.reveal_sensitive` (org.permissions)."""

from gongzhi.org.roles import Role

_MODELS = (
    "estate",
    "building",
    "dwelling",
    "household",
    "resident",
    "residenttag",
    "residentevent",
    "visit",
    "tag",
)


def _perms(verbs, models=_MODELS):
    return {f"registry.{verb}_{model}" for verb in verbs for model in models}


VIEW = _perms(("view",))
# The registry's day-to-day records: kept by station staff and grid workers.
EDIT_HOUSEHOLDS = _perms(("add", "change"), ("household", "resident", "residenttag", "visit"))
EDIT_BUILDINGS = _perms(("add", "change"), ("estate", "building", "dwelling"))
# No action deletes a building, a flat or a visit (they stay on record): no delete for them.
ADMIN = _perms(("add", "change"), ("building", "dwelling", "visit")) | _perms(
    ("add", "change", "delete"), ("estate", "household", "resident", "residenttag", "tag")
)

# Bulk import / export (registry.imports, registry.export) and grid partitioning.
IMPORT = {"registry.import_residents", "registry.view_importjob", "registry.add_importjob"}
EXPORT = {"registry.export_residents"}
PARTITION_VIEW = {"registry.view_gridproposal"}
PARTITION = PARTITION_VIEW | {"registry.add_gridproposal", "registry.change_gridproposal"}
# Linking a resident's own log-in to their record, after checking the ID card at the window.
LINK = {"registry.link_account"}

ROLE_PERMISSIONS = {
    Role.STREET_ADMIN: VIEW | ADMIN | IMPORT | EXPORT | PARTITION | LINK,
    Role.STREET_STAFF: VIEW | EXPORT | PARTITION_VIEW,
    Role.PARTY_SECRETARY: VIEW | EXPORT | PARTITION_VIEW,
    Role.COMMITTEE_MEMBER: VIEW,
    Role.STATION_STAFF: VIEW | EDIT_HOUSEHOLDS | EDIT_BUILDINGS | IMPORT | EXPORT | LINK,
    Role.GRID_WORKER: VIEW | EDIT_HOUSEHOLDS,
    # A resident sees nothing of the registry; they may only prove who they are, which links
    # their account to their own record (registry.actions.accounts.verify_own_identity).
    Role.RESIDENT: {"registry.verify_own_identity"},
    # Department staff, partners: nothing in the registry.
}
