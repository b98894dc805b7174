"""Reads for the covenant scoreboard (page and API): the latest progress per commitment, office
region and party, with its status as read today."""

from collections import defaultdict

from covenants.models import CommitmentProgress
from covenants.selectors import commitment_progress_list


def latest_progress_by_commitment(
    commitment_ids: list[int],
) -> dict[int, list[CommitmentProgress]]:
    """The latest report per (commitment, office region, party) in one query (DISTINCT ON),
    with the effective status as read today."""
    queryset = (
        CommitmentProgress.objects.filter(commitment_id__in=commitment_ids)
        .order_by("commitment_id", "office_region_id", "party_id", "-reported_on", "-pk")
        .distinct("commitment_id", "office_region_id", "party_id")
    )
    grouped: dict[int, list[CommitmentProgress]] = defaultdict(list)
    for row in commitment_progress_list(queryset=queryset):
        grouped[row.commitment_id].append(row)
    return grouped
