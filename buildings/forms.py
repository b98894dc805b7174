"""Forms of the buildings app's pages (a building's observation, the imports, flags, plans and
transactions): they parse input; the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from buildings.choices import PlanKind, RecordSource, RegisterKind, TargetUse
from buildings.models import MarketTransaction, TransformationPlan
from buildings.models.vacancy import NOTE_MAX_LENGTH
from buildings.services.plans import EDITABLE_FIELDS
from buildings.services.register_imports.service import register_upload_problem
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
        # The empty choices in words, not Django's "---------".
        self.fields["kind"].choices = [("", _("Choose the kind of plan")), *PlanKind.choices]
        self.fields["target_use"].choices = [("", _("No new use (yet)")), *TargetUse.choices]
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
            "BAG: the Kadaster's extract as delivered (such as BAGGEM0344L-15092020.zip) or a BAG "
            "GeoPackage (.gpkg). EP-Online: the monthly file (.csv)."
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
        help_text=_(
            "Also withdraws more than half of the municipality's stock when the extract lacks "
            "it: only when that is really so."
        ),
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
