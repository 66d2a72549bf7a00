"""Forms of the core pages (second-factor codes, reveal reasons, audit-log filters), and the
two helpers every app's forms share: Bootstrap classes on widgets, service errors on forms."""

import unicodedata

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongzhi.core.models import AuditEntry


def style_widgets(form) -> None:
    """Bootstrap classes on the form's widgets (a group of checkboxes styles its own inputs)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.CheckboxSelectMultiple):
            continue
        elif isinstance(widget, forms.Select):  # SelectMultiple too
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


def apply_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the fields it names that the form
    has, otherwise at the top of the form. The errors keep their codes (core.errors)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.error_list)


class LoginForm(AuthenticationForm):
    """Django's form with Bootstrap classes and phone-friendly attributes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(
            {"class": "form-control", "autocapitalize": "none", "autocomplete": "username"}
        )
        self.fields["password"].widget.attrs.update(
            {"class": "form-control", "autocomplete": "current-password"}
        )


class OTPCodeForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={
                "class": "form-control form-control-lg text-center",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self):
        # People type spaces ("123 456") and IMEs give full-width digits.
        code = "".join(unicodedata.normalize("NFKC", self.cleaned_data["code"]).split())
        if len(code) != 6 or not code.isdigit():
            raise forms.ValidationError(_("Enter the 6 digits shown in your authenticator app."))
        return code


class RevealForm(forms.Form):
    # CharField strips spaces, so a blank reason is a missing one.
    reason = forms.CharField(
        label=_("reason"),
        max_length=500,
        error_messages={"required": _("Say why you need to see this value.")},
    )


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("actor"), required=False)
    action = forms.ChoiceField(
        label=_("action"), required=False, choices=[("", "—"), *AuditEntry.Action.choices]
    )
    object_type = forms.ChoiceField(label=_("object type"), required=False)
    date_from = forms.DateField(
        label=_("from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, object_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", _("all object types")), *object_types]
        self.fields["action"].choices = [("", _("all actions")), *AuditEntry.Action.choices]
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs.setdefault("class", f"{css} {css}-sm")
            # The table's toolbar hides the labels: say what each box is for.
            field.widget.attrs.setdefault("title", field.label)
            if not isinstance(field, forms.ChoiceField):
                field.widget.attrs.setdefault("placeholder", field.label)

    def filter_queryset(self, queryset):
        """The audit list's rows narrowed by the valid fields (core.tables calls this; the
        search box of the table, ?q=, looks in the object and the reason)."""
        data = getattr(self, "cleaned_data", {})
        if data.get("actor"):
            queryset = queryset.filter(actor_name__icontains=data["actor"])
        if data.get("action"):
            queryset = queryset.filter(action=data["action"])
        if data.get("object_type"):
            queryset = queryset.filter(content_type_id=data["object_type"])
        if data.get("date_from"):
            queryset = queryset.filter(timestamp__date__gte=data["date_from"])
        if data.get("date_to"):
            queryset = queryset.filter(timestamp__date__lte=data["date_to"])
        return queryset

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return data
