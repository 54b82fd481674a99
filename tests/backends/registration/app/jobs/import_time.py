from ..scheduler import scheduler


async def warm_cache(): ...


scheduler.add_job(warm_cache, "interval", minutes=5, id="warm_cache")
