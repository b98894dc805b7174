"""The covenant rule's property test again, its snapshots through the interval query: random
histories give the plain-Python reference's structurally vacant count, stock and vacancy."""

import pytest

from tests.buildings.test_rule_property import *  # noqa: F403 (the same tests, collected here too)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("every_date_by_intervals")]
