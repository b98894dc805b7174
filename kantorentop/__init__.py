"""Kantorentop: the covenant against office vacancy as working software."""

from kantorentop.celery import app as celery_app

__all__ = ["celery_app"]
