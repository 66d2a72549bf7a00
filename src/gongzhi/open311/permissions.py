"""Open311 API keys are managed by street admins."""

from gongzhi.org.roles import Role

ROLE_PERMISSIONS = {
    Role.STREET_ADMIN: {"open311.view_apikey", "open311.add_apikey", "open311.change_apikey"},
}
