from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kantorentop.accounts"
    label = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self) -> None:
        # Connects the key cache's invalidation on every save of an API client, also in
        # processes that never authenticate a call (the admin, manage.py).
        from kantorentop.accounts import authentication  # noqa: F401
