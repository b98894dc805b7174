"""Forms of the fund pages: they parse input; funds/services/ validates and writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from funds.choices import CompensationKind, EntryKind
from kantorentop.core.forms import DutchDateField

TEXTBOX = {"class": "utrecht-textbox utrecht-textbox--html-input"}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
TEXTAREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 3}


class ApplicationForm(forms.Form):
    bag_id = forms.CharField(
        label=_("BAG id of the building"), max_length=16, widget=forms.TextInput(attrs=TEXTBOX)
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=CompensationKind.choices, widget=forms.Select(attrs=SELECT)
    )
    office_m2_withdrawn = forms.IntegerField(
        label=_("Office m2 withdrawn"), min_value=1, widget=forms.NumberInput(attrs=TEXTBOX)
    )
    amount_requested_eur = forms.DecimalField(
        label=_("Amount requested (EUR)"),
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs=TEXTBOX),
    )
    motivation = forms.CharField(
        label=_("Motivation"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )


class GrantForm(forms.Form):
    amount_granted_eur = forms.DecimalField(
        label=_("Amount granted (EUR)"),
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs=TEXTBOX),
    )


class ReasonsForm(forms.Form):
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs=TEXTAREA))


class LedgerEntryForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[c for c in EntryKind.choices if c[0] != EntryKind.PAYOUT],
        widget=forms.Select(attrs=SELECT),
    )
    amount_eur = forms.DecimalField(
        label=_("Amount (EUR)"),
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs=TEXTBOX),
    )
    booked_on = DutchDateField(label=_("Booked on"))
    description = forms.CharField(
        label=_("Description"), max_length=300, widget=forms.TextInput(attrs=TEXTBOX)
    )
    reason = forms.CharField(
        label=_("Reason (for an adjustment)"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
