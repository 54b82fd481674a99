from app.config import settings


async def build_daily_report():
    """Build yesterday's report."""


def register(scheduler):
    scheduler.add_job(
        build_daily_report, "cron", hour=settings.REPORT_HOUR, minute=15, id="daily_report"
    )
