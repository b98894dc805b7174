"""Fixtures of the benchmark tests."""

import pytest

from buildings.selectors import statistics


@pytest.fixture
def every_date_by_intervals(monkeypatch):
    """Statistics of any number of dates through the interval query (_intervals_sql), which
    otherwise serves only series longer than LOOKUP_MAX_DATES."""
    monkeypatch.setattr(statistics, "LOOKUP_MAX_DATES", 0)
