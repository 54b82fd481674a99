"""Periodic messages: `python -m app.scheduler` runs APScheduler, which sends them."""

from apscheduler.schedulers.blocking import BlockingScheduler

from app.tasks.emails import nightly_report


def send_nightly_report() -> None:
    nightly_report.send()


scheduler = BlockingScheduler()
scheduler.add_job(send_nightly_report, "cron", hour=2)

if __name__ == "__main__":
    scheduler.start()
