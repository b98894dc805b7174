"""Writes of the funds app: the ledger (ledger), levies (levies), compensation applications
(applications) and who may manage a fund (roles).

What other code imports is re-exported here.
"""

from funds.services.applications import (
    compensation_application_approve,
    compensation_application_pay,
    compensation_application_reject,
    compensation_application_review,
    compensation_application_submit,
)
from funds.services.ledger import ledger_entry_create
from funds.services.levies import levy_charge
from funds.services.roles import user_is_fund_manager

__all__ = [
    "compensation_application_approve",
    "compensation_application_pay",
    "compensation_application_reject",
    "compensation_application_review",
    "compensation_application_submit",
    "ledger_entry_create",
    "levy_charge",
    "user_is_fund_manager",
]
