"""Forms of the access system. They only collect input; the rules are in access.actions."""

from django import forms
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from gongzhi.access.models import AdmittedAffair, Application, CommunityTask, Ledger, Plaque
from gongzhi.access.queries import assignable_affairs
from gongzhi.core.forms import style_widgets
from gongzhi.org.models import Community, Department, Street
from gongzhi.org.scoping import department_ids_of, is_department_only

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BootstrapMixin:
    def _style(self):
        style_widgets(self)


class ApplicationForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Application
        fields = [
            "street",
            "department",
            "title",
            "content",
            "legal_basis",
            "body",
            "communities",
            "start_date",
            "end_date",
            "hours_per_month",
            "funding",
            "funding_per_community",
            "funding_source",
            "personnel",
            "personnel_count",
            "personnel_note",
            "service_support",
            "task_definition",
            "attachment",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "content": forms.Textarea(attrs={"rows": 3}),
            "legal_basis": forms.Textarea(attrs={"rows": 2}),
            "service_support": forms.Textarea(attrs={"rows": 2}),
            "task_definition": forms.Textarea(attrs={"rows": 3}),
            "communities": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = Street.objects.visible_to(user)
        self.fields["communities"].queryset = Community.objects.visible_to(user).select_related(
            "street"
        )
        departments = department_ids_of(user)
        self.fields["department"].queryset = (
            Department.objects.filter(pk__in=departments)
            if departments
            else Department.objects.all()
        )
        self.fields["funding"].required = False
        self.fields["personnel"].required = False
        self._style()

    def _post_clean(self):
        # Only copy the values: validation is done by access.actions (do_create/do_save_application).
        self.instance = construct_instance(
            self, self.instance, self._meta.fields, self._meta.exclude
        )


class DecisionForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[
            ("approve", _("approve")),
            ("return", _("return for changes")),
            ("reject", _("reject")),
        ],
    )
    reason = forms.CharField(
        label=_("reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    override_reason = forms.CharField(
        label=_("override reason (four synchronizations not met)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class AdmitForm(BootstrapMixin, forms.Form):
    valid_from = forms.DateField(label=_("valid from"), required=False, widget=DATE)
    valid_until = forms.DateField(label=_("valid until"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class TaskAssignForm(BootstrapMixin, forms.Form):
    affair = forms.ModelChoiceField(
        label=_("admitted affair"), queryset=AdmittedAffair.objects.none(), required=False
    )
    communities = forms.ModelMultipleChoiceField(
        label=_("communities"), queryset=Community.objects.none()
    )
    title = forms.CharField(label=_("task"), max_length=200)
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    due_date = forms.DateField(label=_("due"), required=False, widget=DATE)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["affair"].queryset = assignable_affairs(user)
        self.fields["communities"].queryset = Community.objects.visible_to(user)
        self._style()


class UnadmittedTaskForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = CommunityTask
        fields = ["community", "department", "title", "description", "due_date"]
        widgets = {"due_date": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = Community.objects.visible_to(user)
        if is_department_only(user):
            self.fields["department"].queryset = Department.objects.filter(
                pk__in=department_ids_of(user)
            )
        self._style()


class ClassifyForm(BootstrapMixin, forms.Form):
    disposition = forms.ChoiceField(
        label=_("classification"), choices=CommunityTask.Disposition.choices
    )
    note = forms.CharField(label=_("note"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class TransferForm(BootstrapMixin, forms.Form):
    date = forms.DateField(label=_("date"), widget=DATE)
    amount = forms.CharField(label=_("amount (yuan)"), max_length=20)
    voucher = forms.CharField(label=_("voucher number"), max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class LedgerForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Ledger
        fields = [
            "street",
            "name",
            "category",
            "department",
            "generated",
            "hours_per_month",
            "note",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = Street.objects.visible_to(user)
        self._style()


class LedgerDecisionForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[(k, v) for k, v in Ledger.Decision.choices if k != Ledger.Decision.PENDING],
    )
    merged_into = forms.ModelChoiceField(
        label=_("merged into"), queryset=Ledger.objects.none(), required=False
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merged_into"].queryset = Ledger.objects.visible_to(user)
        self._style()


class PlaqueForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Plaque
        fields = ["community", "name", "kind", "department", "hung_on", "removed_on"]
        widgets = {"hung_on": DATE, "removed_on": DATE}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = Community.objects.visible_to(user)
        self._style()

    def _post_clean(self):
        # Only copy the values: access.actions.save_plaque validates (date order as a
        # field error on removed_on, then the model's own checks).
        self.instance = construct_instance(
            self, self.instance, self._meta.fields, self._meta.exclude
        )


class PlaqueTakeDownForm(BootstrapMixin, forms.Form):
    removed_on = forms.DateField(label=_("taken down on"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
