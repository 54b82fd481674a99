from datetime import datetime

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from . import scheduler

NIGHTLY = "30 2 * * *"


async def a(): ...
async def b(): ...
async def c(): ...
async def d(): ...
async def e(): ...
async def f(): ...
async def g(): ...


def setup():
    every = 90
    scheduler.add_job(a, trigger="interval", minutes=1, seconds=30, id="a", name="Job A", max_instances=2, coalesce=False)
    scheduler.add_job(b, "interval", seconds=every, id="b")
    scheduler.add_job(c, trigger=IntervalTrigger(hours=every // 30), id="c")
    scheduler.add_job(d, CronTrigger(day_of_week="mon-fri", hour=6), id="d")
    scheduler.add_job(e, CronTrigger.from_crontab(NIGHTLY), id="e")
    scheduler.add_job(f, DateTrigger(run_date=datetime(2030, 1, 1)), id="f")
    scheduler.add_job(g, "cron", minute="*/15", id="g")
