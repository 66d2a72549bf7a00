"""Screens of cases: `role_required`/`RoleRequiredMixin` name the permission (which is
also where the view acts), lists use `core.tables` and `visible_to`, writes call actions."""
