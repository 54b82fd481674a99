"""Reports."""


async def build_report(order_id: int) -> None:
    """Render the order report."""
