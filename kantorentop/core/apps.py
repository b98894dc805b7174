from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kantorentop.core"
    label = "core"
