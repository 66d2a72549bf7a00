from django.contrib import admin

from gongzhi.selfgov import models


class RuleGuardedAdmin(admin.ModelAdmin):
    """Read-only for everyone, superusers included (core.admin_site): elections, registers,
    candidates, tallies, assemblies, petitions, notices and estate management change only
    through selfgov's services (screens and API), where the Organic Law's and the
    province's rules run."""

    rule_guarded = True


for model in (
    models.Term,
    models.Election,
    models.Voter,
    models.Candidate,
    models.Proxy,
    models.PollingStation,
    models.TallySheet,
    models.RoundResult,
    models.Assembly,
    models.AgendaItem,
    models.Petition,
    models.CharterVersion,
    models.Notice,
    models.EstateManagement,
):
    admin.site.register(model, RuleGuardedAdmin)
# Ballots and participations are deliberately not in the admin.
