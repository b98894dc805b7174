"""The statistics tests again, with every date through the interval query: a single snapshot and
a short series take the per-building lookup, so without this the interval query would only be
checked on long series."""

import pytest

from tests.buildings.test_statistics import *  # noqa: F403 (the same tests, collected here too)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("every_date_by_intervals")]
