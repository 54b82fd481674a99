from ..scheduler import scheduler


async def nightly(): ...


def setup_nightly():
    scheduler.add_job(nightly, "cron", hour=1, id="nightly")
