from . import scheduler


@scheduler.scheduled_job("interval", minutes=2, id="tick")
async def tick():
    """Heartbeat."""
