from ..scheduler import scheduler


async def crunch(): ...


def setup_worker():
    scheduler.add_job(crunch, "interval", minutes=1, id="crunch")
