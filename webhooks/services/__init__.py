"""Writes of webhooks: subscriptions (subscriptions.py), turning events into deliveries
(dispatch.py) and sending them (sending.py)."""
