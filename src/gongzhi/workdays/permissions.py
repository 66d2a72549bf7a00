from gongzhi.org.roles import Role

ROLE_PERMISSIONS = {
    Role.STREET_ADMIN: {
        "workdays.view_calendarday",
        "workdays.add_calendarday",
        "workdays.change_calendarday",
        "workdays.delete_calendarday",
    },
    Role.STREET_STAFF: {"workdays.view_calendarday"},
}
