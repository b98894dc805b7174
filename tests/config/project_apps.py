"""The project's own apps by label (the admin and translation checks walk their models)."""

PROJECT_APPS = frozenset(
    {
        "accounts",
        "core",
        "regions",
        "events",
        "buildings",
        "covenants",
        "funds",
        "vacancy_law",
        "webhooks",
        "demo",
    }
)
