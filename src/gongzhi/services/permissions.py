"""What each role may do with one-window services (see org.roles)."""

from gongzhi.org.roles import Role

_SEE = {
    "services.view_category",
    "services.view_serviceitem",
    "services.view_itemfield",
    "services.view_servicerequest",
    "services.view_rating",
    "services.view_supervision",
}
_HANDLE = _SEE | {
    "services.add_servicerequest",
    "services.handle_servicerequest",
    "services.add_rating",
    "services.view_opinion",
}
_CATALOG = {
    f"services.{verb}_{model}"
    for verb in ("add", "change", "delete")
    for model in ("category", "serviceitem", "itemfield")
}

ROLE_PERMISSIONS = {
    Role.STREET_ADMIN: _HANDLE
    | _CATALOG
    | {
        "services.view_opinion",
        "workdays.view_calendarday",
        "workdays.add_calendarday",
        "workdays.change_calendarday",
        "workdays.delete_calendarday",
    },
    Role.STREET_STAFF: _HANDLE | {"workdays.view_calendarday"},
    # Departments see, handle, finish and return what is transferred to them (the rows:
    # ServiceRequestQuerySet.visible_to).
    Role.DEPARTMENT_STAFF: {
        "services.view_category",
        "services.view_serviceitem",
        "services.view_itemfield",
        "services.view_servicerequest",
        "services.handle_servicerequest",
    },
    Role.PARTY_SECRETARY: _SEE
    | {
        "services.view_opinion",
        "services.add_opinion",
        "services.change_opinion",
        "services.supervise_servicerequest",
        "services.add_supervision",
    },
    Role.COMMITTEE_MEMBER: _SEE
    | {
        "services.view_opinion",
        "services.add_opinion",
        "services.change_opinion",
        "services.supervise_servicerequest",
        "services.add_supervision",
    },
    # The station decides delegated approvals (下沉审批) — only in its own community
    # (services.actions.may_decide: a street-level station's role does not count).
    Role.STATION_STAFF: _HANDLE | {"services.decide_servicerequest"},
    Role.GRID_WORKER: {"services.view_category", "services.view_serviceitem"},
    Role.RESIDENT: {
        "services.view_category",
        "services.view_serviceitem",
        "services.request_online",
    },
}
