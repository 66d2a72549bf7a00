from django.contrib import admin

from gongzhi.selfgov import models

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
    admin.site.register(model)
# Ballots and participations are deliberately not in the admin.
