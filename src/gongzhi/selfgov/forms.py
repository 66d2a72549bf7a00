from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongzhi.core.forms import style_widgets
from gongzhi.org.models import CommitteeMember, Community
from gongzhi.registry.models import Estate
from gongzhi.selfgov.models import (
    Assembly,
    CharterVersion,
    Election,
    EstateManagement,
    Notice,
    Petition,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class _Bootstrap:
    def _style(self):
        style_widgets(self)


class CommunityScopedForm(_Bootstrap, forms.ModelForm):
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "community" in self.fields:
            self.fields["community"].queryset = Community.objects.visible_to(user)
        self._style()


class ElectionForm(CommunityScopedForm):
    class Meta:
        model = Election
        fields = [
            "community",
            "title",
            "term_number",
            "method",
            "election_day",
            "seats",
            "election_committee",
            "online_voting",
            "voting_opens",
            "voting_closes",
            "voting_age",
            "register_days_before",
            "nomination_supporters",
            "allow_self_nomination",
            "candidate_surplus",
            "max_proxies",
            "tie_rule",
        ]
        widgets = {
            "election_day": DATE,
            "voting_opens": DATETIME,
            "voting_closes": DATETIME,
            "election_committee": forms.Textarea(attrs={"rows": 3}),
        }


class NoticeForm(CommunityScopedForm):
    class Meta:
        model = Notice
        fields = ["community", "category", "title", "body", "publish_on", "expire_on"]
        widgets = {"publish_on": DATE, "expire_on": DATE, "body": forms.Textarea(attrs={"rows": 8})}


class AssemblyForm(CommunityScopedForm):
    members_total = forms.IntegerField(
        label=pgettext_lazy("assembly size", "members"),
        required=False,
        min_value=1,
        help_text=_(
            "Only for group representatives (2–3 per group); adults and households are "
            "counted from the registry."
        ),
    )

    class Meta:
        model = Assembly
        fields = ["community", "title", "kind", "date", "place", "petition"]
        widgets = {"date": DATE}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)

        self.fields["petition"].queryset = Petition.objects.visible_to(user).filter(
            accepted=True, assembly__isnull=True
        )


class CharterForm(CommunityScopedForm):
    class Meta:
        model = CharterVersion
        fields = ["community", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 12})}


class EstateManagementForm(_Bootstrap, forms.ModelForm):
    class Meta:
        model = EstateManagement
        fields = [
            "mode",
            "company_name",
            "owners_committee",
            "owners_committee_elected_on",
            "contract_start",
            "contract_end",
        ]
        widgets = {
            "owners_committee_elected_on": DATE,
            "contract_start": DATE,
            "contract_end": DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class PetitionForm(_Bootstrap, forms.Form):
    community = forms.ModelChoiceField(label=_("community"), queryset=Community.objects.none())
    basis = forms.ChoiceField(label=_("basis"), choices=[])
    subject = forms.CharField(label=_("subject"), max_length=200)
    signatories = forms.CharField(
        label=_("signatories"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("ID numbers one a line; for residents' groups, group numbers."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = Community.objects.visible_to(user)
        self.fields["basis"].choices = Petition.Basis.choices
        self._style()


def tally_form(candidates):
    fields = {
        "ballots_returned": forms.IntegerField(label=_("ballots returned"), min_value=0),
        "invalid_ballots": forms.IntegerField(label=_("invalid ballots"), min_value=0, initial=0),
    }
    for c in candidates:
        fields[f"c{c.pk}"] = forms.IntegerField(label=c.voter.name, min_value=0, initial=0)
    form_class = type("TallyForm", (_Bootstrap, forms.Form), fields)

    def init(self, *args, **kwargs):
        forms.Form.__init__(self, *args, **kwargs)
        self._style()

    form_class.__init__ = init
    return form_class


def handover_form(winners):
    fields = {
        f"post{c.pk}": forms.ChoiceField(
            label=c.voter.name,
            choices=CommitteeMember.Post.choices,
            initial=CommitteeMember.Post.MEMBER,
        )
        for c in winners
    }
    form_class = type("HandoverForm", (_Bootstrap, forms.Form), fields)

    def init(self, *args, **kwargs):
        forms.Form.__init__(self, *args, **kwargs)
        self._style()

    form_class.__init__ = init
    return form_class


def estates_visible(user):
    return Estate.objects.visible_to(user)
