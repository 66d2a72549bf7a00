"""Forms of the catalog screens (the service menu). Each form runs the rules of
`gongzhi.services.catalog` in its clean(), so the screens, the API and the admin refuse the
same things, with the error on the field at fault."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongzhi.core import text as core_text
from gongzhi.core.forms import style_widgets
from gongzhi.services import catalog
from gongzhi.services.models import Category, ItemField, ServiceItem

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def add_errors(form, error: ValidationError) -> None:
    """A rule's ValidationError on the form: on its field when the form has it (the
    textarea for materials and choices), otherwise at the top."""
    aliases = {"materials": "materials_text", "choices": "choices_text"}
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for field, errors in error.error_dict.items():
        if aliases.get(field) in form.fields:
            field = aliases[field]
        target = field if field in form.fields else None
        for one in errors:  # each keeps its code
            if target is None or target not in form.errors:
                form.add_error(target, one)


def check_item(form, data: dict, materials) -> list[str]:
    """Run catalog.validate_item on the item as the form would save it; errors go on the
    form's fields. Returns the cleaned materials."""
    probe = catalog.item_as_saved(data, form.instance, materials)
    try:
        catalog.validate_item(probe)
    except ValidationError as exc:
        add_errors(form, exc)
    return probe.materials


def check_field(form, data: dict, choices) -> list[dict]:
    """Run catalog.validate_field on the form field as the form would save it."""
    probe = ItemField(
        kind=data.get("kind") or ItemField.Kind.TEXT,
        label=data.get("label") or "",
        help_text=data.get("help_text") or "",
        choices=choices,
    )
    try:
        catalog.validate_field(probe)
    except ValidationError as exc:
        add_errors(form, exc)
    return probe.choices


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        core_text.refuse_html(name)
        return name


class ServiceItemForm(forms.ModelForm):
    materials_text = forms.CharField(
        label=_("required materials"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One material per line; the window ticks them when the resident hands them in."
        ),
    )

    class Meta:
        model = ServiceItem
        fields = [
            "code",
            "name",
            "category",
            "department",
            "handled_at",
            "delegated_approval",
            "time_limit_days",
            "fee",
            "online",
            "active_from",
            "active_until",
            "description",
            "keywords",
        ]
        widgets = {
            "active_from": DATE_WIDGET,
            "active_until": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
            "time_limit_days": forms.NumberInput(
                attrs={"min": 0, "max": 365, "inputmode": "numeric"}
            ),
            "fee": forms.NumberInput(attrs={"min": 0, "step": "0.01", "inputmode": "decimal"}),
        }
        help_texts = {
            "time_limit_days": _(
                "Working days from the day after receipt; 0 = done on the spot. A change "
                "applies to new requests."
            ),
            "active_from": _("Empty: on the menu from now."),
            "active_until": _("Empty: no end."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["materials_text"].initial = "\n".join(self.instance.materials or [])
        style_widgets(self)
        self.fields["materials_text"].widget.attrs["class"] = "form-control"

    def clean(self):
        data = super().clean()
        data["materials"] = check_item(self, data, catalog.lines(data.get("materials_text")))
        return data

    def _post_clean(self):
        super()._post_clean()
        if "materials" in self.cleaned_data:
            self.instance.materials = self.cleaned_data["materials"]


class ItemFieldForm(forms.ModelForm):
    choices_text = forms.CharField(
        label=_("choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Choice fields only: one per line, as key=name (e.g. work=就业)."),
    )

    class Meta:
        model = ItemField
        fields = ["code", "label", "kind", "required", "order", "help_text"]
        help_texts = {
            "code": _("Letters, digits, - and _; the API and Open311 use it."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["choices_text"].initial = catalog.choices_text(self.instance.choices)
        style_widgets(self)

    def clean(self):
        data = super().clean()
        data["choices"] = check_field(self, data, catalog.parse_choices(data.get("choices_text")))
        return data

    def _post_clean(self):
        super()._post_clean()
        if "choices" in self.cleaned_data:
            self.instance.choices = self.cleaned_data["choices"]


class BaseItemFieldFormSet(forms.BaseInlineFormSet):
    def clean(self):
        # Our own message on the rows at fault, before Django's generic duplicate check.
        kept = [
            f
            for f in self.forms
            if not self._should_delete_form(f)
            and getattr(f, "cleaned_data", None)
            and f.cleaned_data.get("code")
        ]
        twice = set(catalog.duplicate_codes(f.cleaned_data["code"] for f in kept))
        for f in kept:
            if f.cleaned_data["code"] in twice:
                f.add_error("code", _("This code is used by another field of the item."))
        if twice:
            raise ValidationError(_("Two form fields have the same code."))
        super().clean()

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"
            form.fields["DELETE"].label = _("Delete this field")

    def kept_instances(self) -> list[ItemField]:
        """The fields to keep or add: existing ones and the new rows that were filled in."""
        return [
            f.instance
            for f in self.forms
            if f not in self.deleted_forms and (f.instance.pk or f.has_changed())
        ]

    def deleted_instances(self) -> list[ItemField]:
        return [f.instance for f in self.deleted_forms if f.instance.pk]


ItemFieldFormSet = forms.inlineformset_factory(
    ServiceItem,
    ItemField,
    form=ItemFieldForm,
    formset=BaseItemFieldFormSet,
    extra=2,
    can_delete=True,
    max_num=50,
    validate_max=True,
)
