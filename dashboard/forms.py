"""Forms of the dashboard: they parse input; the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from buildings.choices import RecordSource
from buildings.models.vacancy import NOTE_MAX_LENGTH
from kantorentop.core.forms import DutchDateField

TEXTBOX = {"class": "utrecht-textbox utrecht-textbox--html-input"}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}


class VacancyObservationForm(forms.Form):
    observed_on = DutchDateField(label=_("Observed on"))
    vacant_area_m2 = forms.IntegerField(
        label=_("Vacant area (m2 VVO)"),
        widget=forms.NumberInput(attrs={**TEXTBOX, "inputmode": "numeric"}),
    )
    source = forms.ChoiceField(
        label=_("Source"),
        choices=[c for c in RecordSource.choices if c[0] != RecordSource.IMPORT],
        widget=forms.Select(attrs=SELECT),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(
            attrs={"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 3}
        ),
    )


class RecordsUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file of vacancy records"),
        help_text=_(
            "Columns: bagId (or bag_id), observedOn (YYYY-MM-DD), vacantAreaM2, source, note."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class FlagDismissForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for dismissal"),
        widget=forms.Textarea(
            attrs={"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 2}
        ),
    )
