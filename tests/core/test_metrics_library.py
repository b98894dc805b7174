"""/metrics is prometheus_client's: the stored sums become its metric families, and its
exposition parses back to the documented names, types and labels (docs/operations.md)."""

import pytest
from prometheus_client.parser import text_string_to_metric_families

from kantorentop.core import metrics

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_store(settings):
    settings.REDIS_URL = ""
    metrics.store.clear_local()
    yield
    metrics.store.clear_local()


def test_families_and_types_come_from_the_registry():
    metrics.counter_inc("kantorentop_celery_tasks_total", {"task": "t", "state": "SUCCESS"})
    families = {family.name: family.type for family in metrics.registry.collect()}
    assert families == {
        "kantorentop_http_requests": "counter",
        "kantorentop_http_request_duration_seconds": "histogram",
        "kantorentop_celery_tasks": "counter",
        "kantorentop_celery_task_duration_seconds": "histogram",
        "kantorentop_structural_vacancy_flags_active": "gauge",
    }


def test_label_values_survive_the_store_and_the_exposition():
    odd = 'a "quoted"\\task\nname'
    metrics.counter_inc("kantorentop_celery_tasks_total", {"task": odd, "state": "FAILURE"})
    metrics.histogram_observe(
        "kantorentop_celery_task_duration_seconds", {"task": odd}, 2.0, metrics.TASK_BUCKETS
    )
    parsed = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(metrics.metrics_text())
        for s in family.samples
    }
    name = "kantorentop_celery_task_duration_seconds"
    assert parsed[("kantorentop_celery_tasks_total", (("state", "FAILURE"), ("task", odd)))] == 1
    assert parsed[(f"{name}_bucket", (("le", "1.0"), ("task", odd)))] == 0
    assert parsed[(f"{name}_bucket", (("le", "5.0"), ("task", odd)))] == 1
    assert parsed[(f"{name}_bucket", (("le", "+Inf"), ("task", odd)))] == 1
    assert parsed[(f"{name}_count", (("task", odd),))] == 1
    assert parsed[(f"{name}_sum", (("task", odd),))] == 2.0
