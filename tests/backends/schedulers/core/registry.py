from apscheduler.schedulers.asyncio import AsyncIOScheduler

scheduler = AsyncIOScheduler()


async def refresh_a(): ...
async def refresh_b(): ...
async def ping_x(): ...
async def ping_y(): ...
async def warm(): ...


def every_minutes(func, minutes, job_id):
    """A thin wrapper around add_job."""
    scheduler.add_job(func, "interval", minutes=minutes, id=job_id, coalesce=True)


PINGS = {"ping_x": (ping_x, 5), "ping_y": (ping_y, 10)}
WARMERS = [{"func": warm, "seconds": 40, "id": "warm"}]


def register_all():
    every_minutes(refresh_a, 3, "refresh_a")
    every_minutes(refresh_b, minutes=7, job_id="refresh_b")
    for job_id, (func, minutes) in PINGS.items():
        scheduler.add_job(func, "interval", minutes=minutes, id=job_id)
    for spec in WARMERS:
        scheduler.add_job(spec["func"], "interval", seconds=spec["seconds"], id=spec["id"])
    for func, minutes in [(refresh_a, 60)]:
        scheduler.add_job(func, "interval", minutes=minutes, id="refresh_a_hourly")
