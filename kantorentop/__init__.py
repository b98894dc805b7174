"""Kantorentop's ground floor: core (base models, API plumbing, audit, cache, tasks) and accounts
(organisations, roles, API clients, scopes). The wiring lives in config/."""
