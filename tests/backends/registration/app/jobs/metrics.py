from ..scheduler import scheduler


async def collect(): ...


def setup_metrics():
    scheduler.add_job(collect, "interval", seconds=30, id="collect")
