"""The workflow tests' actors (investors, officers, their buildings) for the plan events."""

from tests.workflows.conftest import building_a, world  # noqa: F401 - fixtures
