from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kantorentop.core"
    label = "core"

    def ready(self) -> None:
        from kantorentop.core.audit import connect_receivers, connect_task_context
        from kantorentop.core.metrics import connect_task_signals

        connect_receivers()
        connect_task_context()
        connect_task_signals()
