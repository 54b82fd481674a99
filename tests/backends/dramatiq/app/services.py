"""Order handling."""

import dramatiq

from app.tasks.billing import charge_card, plain_helper
from app.tasks.emails import send_receipt


def place_order(order_id: int) -> None:
    charge_card.send(order_id)
    send_receipt.send_with_options(args=(order_id,), delay=10_000)
    plain_helper(order_id)


def retry_actor(actor_name: str, order_id: int) -> None:
    dramatiq.get_broker().get_actor(actor_name).send(order_id)


def bounce(address: str) -> None:
    dramatiq.get_broker().get_actor("bounce").send(address)


def refund(order_id: int) -> None:
    dramatiq.get_broker().get_actor("refund").send(order_id)
