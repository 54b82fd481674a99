def run():
    """The legacy nightly export."""


def register(scheduler):
    scheduler.add_job(run, "cron", hour=0, id="legacy_export")
