"""Forms of the dashboard: they parse input; the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from buildings.choices import RecordSource, RegisterKind
from buildings.models.vacancy import NOTE_MAX_LENGTH
from buildings.services.register_imports.service import register_upload_problem
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


class RegisterUploadForm(forms.Form):
    """A BAG extract or EP-Online file to import; the municipality is one of `municipalities`
    (an administrator may leave it empty: the whole file), `force` is an administrator's."""

    kind = forms.ChoiceField(
        label=_("National register"),
        choices=RegisterKind.choices,
        initial=RegisterKind.BAG,
        widget=forms.RadioSelect(
            attrs={"class": "utrecht-radio-button utrecht-radio-button--html-input"}
        ),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "BAG: the Kadaster's extract as delivered (BAGGEM<code>L-….zip) or a BAG GeoPackage "
            "(.gpkg). EP-Online: the monthly file (.csv)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,.gpkg,.csv"}),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=None,
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    withdraw_missing = forms.BooleanField(
        label=_("Withdraw buildings that are not in the extract"),
        help_text=_(
            "Only for a full extract of the municipality: without it they are only reported."
        ),
        required=False,
        widget=forms.CheckboxInput(
            attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}
        ),
    )
    force = forms.BooleanField(
        label=_("Import an extract older than the last one"),
        required=False,
        widget=forms.CheckboxInput(
            attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}
        ),
    )

    def __init__(self, *args, municipalities, administrator: bool, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        field = self.fields["municipality"]
        field.queryset = municipalities
        if administrator:
            field.empty_label = _("The whole file (no one municipality)")
        else:
            field.required = True
            field.empty_label = None
            del self.fields["force"]

    def clean(self):  # type: ignore[no-untyped-def]
        cleaned = super().clean()
        kind, upload = cleaned.get("kind"), cleaned.get("file")
        if kind and upload:
            problem = register_upload_problem(kind=kind, uploaded_file=upload)
            if problem:
                self.add_error("file", problem)
        return cleaned
