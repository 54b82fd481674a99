async def remove_tmp_files():
    """Delete temporary exports older than a day."""


def register(scheduler):
    scheduler.add_job(remove_tmp_files, "interval", hours=1, id="cleanup")
