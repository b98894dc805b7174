from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kantorentop.core"
    label = "core"
    # In the admin the app shows only the audit trail.
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from kantorentop.core.audit import connect_receivers, connect_task_context
        from kantorentop.core.metrics import connect_task_signals

        connect_receivers()
        connect_task_context()
        connect_task_signals()
