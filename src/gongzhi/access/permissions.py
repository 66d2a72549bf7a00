"""What each role may do in the access system (see org.roles)."""

from gongzhi.org.roles import Role

_VIEW = {
    "access.view_application",
    "access.view_admittedaffair",
    "access.view_communitytask",
    "access.view_fundaccount",
    "access.view_fundtransfer",
    "access.view_ledger",
    "access.view_plaque",
    "access.view_reviewlevel",
    "access.view_accesspolicy",
}
_COMMUNITY = {
    "access.view_admittedaffair",
    "access.view_communitytask",
    "access.refuse_task",
    "access.view_fundaccount",
    "access.view_fundtransfer",
    "access.view_ledger",
    "access.view_plaque",
}
_STREET_ADMIN = (
    _VIEW
    | {
        f"access.{verb}_{model}"
        for verb in ("add", "change", "delete")
        for model in ("accesspolicy", "reviewlevel", "ledger", "plaque", "fundaccount")
    }
    | {
        "access.add_application",
        "access.change_application",
        "access.submit_application",
        "access.review_application",
        "access.admit_application",
        "access.add_communitytask",
        "access.assign_task",
        "access.classify_task",
        "access.add_fundtransfer",
        "access.export_ledger",
        "access.change_admittedaffair",
    }
)

ROLE_PERMISSIONS = {
    Role.STREET_ADMIN: _STREET_ADMIN,
    Role.STREET_STAFF: _VIEW
    | {
        "access.review_application",
        "access.add_communitytask",
        "access.assign_task",
        "access.classify_task",
        "access.add_ledger",
        "access.change_ledger",
        "access.add_plaque",
        "access.change_plaque",
        "access.export_ledger",
    },
    Role.DEPARTMENT_STAFF: {
        "access.view_application",
        "access.add_application",
        "access.change_application",
        "access.submit_application",
        "access.review_application",
        "access.view_admittedaffair",
        "access.view_communitytask",
        "access.add_communitytask",
        "access.assign_task",
        "access.view_fundaccount",
        "access.view_fundtransfer",
        "access.add_fundtransfer",
        "access.view_ledger",
    },
    Role.PARTY_SECRETARY: _COMMUNITY
    | {"access.classify_task", "access.export_ledger", "access.add_plaque", "access.change_plaque"},
    Role.COMMITTEE_MEMBER: _COMMUNITY,
    Role.STATION_STAFF: _COMMUNITY,
}
