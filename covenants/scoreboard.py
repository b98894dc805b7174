"""Reads for the covenant scoreboard (page and API) and the office region's page: the latest
progress per commitment, office region and party, with its status as read today."""

from collections import defaultdict

from covenants.models import CommitmentProgress
from covenants.querysets import latest_reports
from covenants.selectors import commitment_progress_list
from regions.models import OfficeRegion


def latest_progress_by_commitment(
    commitment_ids: list[int], *, office_region: OfficeRegion | None = None
) -> dict[int, list[CommitmentProgress]]:
    """The latest report per (commitment, office region, party) in one query (DISTINCT ON),
    with the effective status as read today; with `office_region`, that region's only. Each
    commitment's rows come latest first."""
    queryset = CommitmentProgress.objects.filter(commitment_id__in=commitment_ids)
    if office_region is not None:
        queryset = queryset.filter(office_region=office_region)
    queryset = latest_reports(queryset)
    grouped: dict[int, list[CommitmentProgress]] = defaultdict(list)
    for row in commitment_progress_list(queryset=queryset):
        grouped[row.commitment_id].append(row)
    for rows in grouped.values():
        rows.sort(key=lambda row: (row.reported_on, row.pk), reverse=True)
    return grouped
