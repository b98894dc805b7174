"""Read use-cases for the API and the dashboard (one module per subject)."""
