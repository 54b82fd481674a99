async def send_report(report_id: str) -> None:
    """Mail a rendered report."""
