"""Shared fixtures. Tests run on PostgreSQL (DATABASE_URL or the embedded server)."""
