"""Email actors."""

import dramatiq

import app.broker  # noqa: F401


@dramatiq.actor
def send_welcome_email(user_id: int) -> None:
    """Send the welcome email.

    Outcome: every new user gets a welcome email.
    """


@dramatiq.actor(queue_name="emails", max_retries=3)
def send_receipt(order_id: int) -> None:
    """Email the receipt of an order."""


@dramatiq.actor(queue_name="reports")
def nightly_report() -> None:
    """Email the nightly sales report to the team."""


@dramatiq.actor(queue_name="emails", actor_name="bounce")
def handle_bounce(address: str) -> None:
    """Mark an address as bouncing."""
