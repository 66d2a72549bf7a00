"""What each role may do with the organization records (see org.roles)."""

from gongzhi.org.roles import Role

_VIEW_ORG = {
    "org.view_street",
    "org.view_community",
    "org.view_streetunit",
    "org.view_department",
    "org.view_partycommittee",
    "org.view_residentscommittee",
    "org.view_committeemember",
    "org.view_workingcommittee",
    "org.view_servicestation",
    "org.view_workinggroup",
    "org.view_residentsgroup",
    "org.view_staff",
    "org.view_dispatchedcadre",
    "org.view_grid",
    "org.view_carecentre",
    "org.view_provider",
}
_EDIT_COMMUNITY = {
    f"org.{verb}_{model}"
    for verb in ("add", "change", "delete")
    for model in (
        "committeemember",
        "workingcommittee",
        "workinggroup",
        "residentsgroup",
        "staff",
    )
} | {"org.change_community", "org.change_residentscommittee", "org.change_servicestation"}
_EDIT_STREET = (
    {
        f"org.{verb}_{model}"
        for verb in ("add", "change", "delete")
        for model in (
            "street",
            "community",
            "streetunit",
            "department",
            "partycommittee",
            "residentscommittee",
            "servicestation",
            "dispatchedcadre",
            "grid",
            "carecentre",
            "provider",
            "roleassignment",
            "committeeduty",
        )
    }
    | _EDIT_COMMUNITY
    | {"org.view_roleassignment", "org.view_committeeduty"}
)

ROLE_PERMISSIONS = {
    Role.STREET_ADMIN: _VIEW_ORG
    | _EDIT_STREET
    | {
        "core.view_auditentry",
        "core.reveal_sensitive",
        "core.export_personal",
        "core.view_user",
        "core.add_user",
        "core.change_user",
    },
    Role.STREET_STAFF: _VIEW_ORG | {"core.reveal_sensitive"},
    Role.DEPARTMENT_STAFF: {
        "org.view_street",
        "org.view_community",
        "org.view_department",
        "org.view_dispatchedcadre",
        "org.view_grid",
    },
    Role.PARTY_SECRETARY: _VIEW_ORG | _EDIT_COMMUNITY | {"core.reveal_sensitive"},
    Role.COMMITTEE_MEMBER: _VIEW_ORG,
    Role.STATION_STAFF: _VIEW_ORG | {"core.reveal_sensitive"},
    Role.GRID_WORKER: {
        "org.view_street",
        "org.view_community",
        "org.view_grid",
        "org.view_residentsgroup",
    },
    Role.RESIDENT: {"org.view_community"},
    Role.SOCIAL_ORG_CONTACT: {"org.view_community"},
    Role.CARE_PROVIDER: {"org.view_community", "org.view_carecentre"},
}
