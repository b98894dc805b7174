"""The progress form of the commitment page: it parses; covenants/services.py validates and
writes. Its choices are the office regions and parties the user may report on."""

from django import forms
from django.utils.translation import gettext_lazy as _

from covenants.choices import ProgressStatus
from covenants.models import Commitment
from covenants.selectors import ReportingOptions

TEXTBOX = {"class": "utrecht-textbox utrecht-textbox--html-input"}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
TEXTAREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 4}

REPORTED_STATUSES = [c for c in ProgressStatus.choices if c[0] != ProgressStatus.OVERDUE]


class ProgressForm(forms.Form):
    office_region = forms.ModelChoiceField(
        label=_("Office region"),
        queryset=None,
        required=False,
        empty_label=_("(none)"),
        widget=forms.Select(attrs=SELECT),
    )
    party = forms.ModelChoiceField(
        label=_("Covenant party"),
        queryset=None,
        required=False,
        empty_label=_("(none)"),
        widget=forms.Select(attrs=SELECT),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=REPORTED_STATUSES,
        help_text=_("Overdue follows from the due date and is not reported."),
        widget=forms.Select(attrs=SELECT),
    )
    note = forms.CharField(
        label=_("Evidence (text)"),
        required=False,
        help_text=_("What has been done, with a reference to the decision or document."),
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    evidence_url = forms.URLField(
        label=_("Evidence (link)"),
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs=TEXTBOX),
    )

    def __init__(self, *args, commitment: Commitment, options: ReportingOptions, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        region = self.fields["office_region"]
        region.queryset = options.office_regions
        region.required = commitment.per_region
        self.fields["party"].queryset = options.parties
        self.national = options.national

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if not (self.national or data.get("office_region") or data.get("party")):
            raise forms.ValidationError(
                _("Choose the office region or the party you report for."), code="required"
            )
        return data
