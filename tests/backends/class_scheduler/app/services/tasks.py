from apscheduler.triggers.interval import IntervalTrigger


async def sync_accounts(): ...


async def sync_invoices(): ...


async def sync_domains(): ...


async def purge_sessions(): ...


async def send_digest(): ...


async def rotate_keys(): ...


async def refresh_cache(): ...


JOBS = [
    {"func": sync_accounts, "trigger": "interval", "minutes": 15, "id": "accounts"},
    {"func": sync_invoices, "trigger": "cron", "hour": 1, "minute": 30, "id": "invoices"},
    {"func": refresh_cache, "trigger": IntervalTrigger(minutes=10), "id": "cache"},
]

JOB_SPECS = [
    {"func": sync_domains, "trigger": "interval", "kwargs": {"hours": 2}, "id": "domains"},
    {"func": purge_sessions, "trigger": "cron", "kwargs": {"day_of_week": "sun"}, "id": "purge"},
]

JOB_TABLE = {
    "digest": (send_digest, 86400),
    "rotate": (rotate_keys, 3600),
}
