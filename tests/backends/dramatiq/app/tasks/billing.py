"""Billing actors."""

from dramatiq import actor


@actor(actor_name="charge", time_limit=60_000)
def charge_card(order_id: int) -> None:
    """Charge the card of an order."""


@actor
def reconcile_ledger() -> None:
    """Reconcile the ledger (sent by the finance team's own service)."""


def plain_helper(order_id: int) -> None:
    """Not an actor."""
