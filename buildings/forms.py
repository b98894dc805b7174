"""Forms of the plan and transaction pages: they parse input; the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from buildings.models import MarketTransaction, TransformationPlan
from buildings.services.plans import EDITABLE_FIELDS
from kantorentop.core.forms import DutchDateField, DutchDateInput, dutch_date_formfield

TEXTBOX = {"class": "utrecht-textbox utrecht-textbox--html-input"}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
TEXTAREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 4}


def _styled(form: forms.BaseForm) -> None:
    """NL Design System classes on every widget (no inline styles: the CSP forbids them)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.Select):
            widget.attrs.update(SELECT)
        elif isinstance(widget, forms.Textarea):
            widget.attrs.update(TEXTAREA)
        elif not isinstance(widget, (forms.CheckboxInput, forms.FileInput, DutchDateInput)):
            widget.attrs.update(TEXTBOX)


class PlanForm(forms.ModelForm):
    class Meta:
        model = TransformationPlan
        fields = list(EDITABLE_FIELDS)
        formfield_callback = dutch_date_formfield

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        _styled(self)

    def _post_clean(self) -> None:
        # The plan services validate (with the building); the form only parses.
        pass


class ReasonsForm(forms.Form):
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs=TEXTAREA))


class ChangesForm(forms.Form):
    """What the municipality asks the owner to change (a field of its own: the plan page shows it
    next to the rejection's reasons)."""

    changes = forms.CharField(
        label=_("Changes needed"),
        help_text=_("The owner revises the plan and submits it again."),
        widget=forms.Textarea(attrs=TEXTAREA),
    )


class CompletionForm(forms.Form):
    completed_on = DutchDateField(label=_("Completion date"))

    def __init__(self, *args, withdraws_building: bool = False, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if withdraws_building:
            self.fields["completed_on"].help_text = _(
                "The building leaves the office stock on this date."
            )
        _styled(self)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs=TEXTAREA))


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("PDF document"),
        help_text=_("PDF only, at most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )


class TransactionForm(forms.ModelForm):
    bag_id = forms.CharField(label=_("BAG id of the building"), max_length=16)

    class Meta:
        model = MarketTransaction
        fields = [
            "kind",
            "transaction_date",
            "area_m2",
            "annual_rent_per_m2_eur",
            "price_eur",
            "rent_free_months",
            "other_incentives_eur",
            "term_months",
        ]
        formfield_callback = dutch_date_formfield

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.order_fields(["bag_id", *self.Meta.fields])
        _styled(self)

    def _post_clean(self) -> None:
        pass
