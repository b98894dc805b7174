"""The national demo dataset, loaded once for the tests of this package and removed after them.

The fixture is package-scoped, not session-scoped: its teardown runs when the last test of
tests/demo/ has finished, so the committed demo rows never reach the tests of other packages
(which expect an empty database besides the reference data).
"""

import time

import pytest
from django.core.management import call_command

from demo.generator import demo_data_delete


@pytest.fixture(scope="package")
def demo_data(django_db_setup, django_db_blocker):
    """Load the demo data into the test database; yields the seconds the load took."""
    with django_db_blocker.unblock():
        started = time.monotonic()
        call_command("load_demo_data", verbosity=0)
        seconds = time.monotonic() - started
    yield seconds
    with django_db_blocker.unblock():
        demo_data_delete()
