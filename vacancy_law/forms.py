"""Forms of the register's pages: they parse input; vacancy_law.services validates and writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kantorentop.core.forms import DutchDateField
from vacancy_law.choices import BuildingKind, DisputeStatus

TEXTBOX = {"class": "utrecht-textbox utrecht-textbox--html-input"}
TEXTAREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 3}
FILE = {"class": "utrecht-textbox utrecht-textbox--html-input", "accept": "application/pdf"}
EVIDENCE = {**FILE, "accept": "application/pdf,image/png,image/jpeg"}


class ReportForm(forms.Form):
    vacant_since = DutchDateField(label=_("Vacant since"))
    vacant_area_m2 = forms.IntegerField(
        label=_("Vacant area (m2)"), min_value=1, widget=forms.NumberInput(attrs=TEXTBOX)
    )
    contact_name = forms.CharField(
        label=_("Contact person"), max_length=200, widget=forms.TextInput(attrs=TEXTBOX)
    )
    contact_email = forms.EmailField(
        label=_("Contact e-mail"), widget=forms.EmailInput(attrs=TEXTBOX)
    )
    contact_phone = forms.CharField(
        label=_("Contact telephone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    remarks = forms.CharField(
        label=_("Remarks"), max_length=2000, required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )


class ConsultForm(forms.Form):
    consulted_on = DutchDateField(label=_("Consultation held on"))
    minutes = forms.FileField(
        label=_("Minutes (PDF)"), required=False, widget=forms.ClearableFileInput(attrs=FILE)
    )


class DecideForm(forms.Form):
    decided_on = DutchDateField(label=_("Decided on"))
    decision_summary = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs=TEXTAREA))
    designated_user = forms.CharField(
        label=_("Designated user"), required=False, widget=forms.TextInput(attrs=TEXTBOX)
    )
    necessary_works = forms.CharField(
        label=_("Necessary works"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    works_deadline = DutchDateField(label=_("Deadline for the works"), required=False)


class ComplyForm(forms.Form):
    complied_on = DutchDateField(label=_("Complied on"))
    compliance_note = forms.CharField(
        label=_("How the owner complied"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )


class CloseForm(forms.Form):
    closed_on = DutchDateField(label=_("Closed on"))
    closure_reason = forms.CharField(
        label=_("Reason for closing"), widget=forms.Textarea(attrs=TEXTAREA)
    )


class DisputeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs=TEXTAREA))
    claimed_vacant_area_m2 = forms.IntegerField(
        label=_("Vacant area according to you (m2)"),
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs=TEXTBOX),
    )
    evidence = forms.FileField(
        label=_("Evidence (PDF, PNG or JPEG)"), widget=forms.ClearableFileInput(attrs=EVIDENCE)
    )


class DisputeDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[c for c in DisputeStatus.choices if c[0] != DisputeStatus.OPEN],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs=TEXTAREA))
    corrected_vacant_area_m2 = forms.IntegerField(
        label=_("Corrected vacant area (m2)"),
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs=TEXTBOX),
    )


class OrdinanceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, widget=forms.TextInput(attrs=TEXTBOX))
    reference = forms.CharField(
        label=_("Publication reference"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    adopted_on = DutchDateField(label=_("Adopted on"))
    in_force_from = DutchDateField(label=_("In force from"))
    building_kinds = forms.MultipleChoiceField(
        label=_("Building kinds covered"),
        choices=BuildingKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    minimum_area_m2 = forms.IntegerField(
        label=_("Minimum area (m2)"), min_value=0, widget=forms.NumberInput(attrs=TEXTBOX)
    )
    reporting_period_months = forms.IntegerField(
        label=_("Reporting period (months)"), min_value=1, widget=forms.NumberInput(attrs=TEXTBOX)
    )
    consultation_period_months = forms.IntegerField(
        label=_("Consultation period (months)"),
        min_value=1,
        widget=forms.NumberInput(attrs=TEXTBOX),
    )
    designation_period_months = forms.IntegerField(
        label=_("Designation period (months)"),
        min_value=1,
        widget=forms.NumberInput(attrs=TEXTBOX),
    )
    compliance_period_months = forms.IntegerField(
        label=_("Compliance period (months)"), min_value=1, widget=forms.NumberInput(attrs=TEXTBOX)
    )
