from apscheduler.schedulers.background import BackgroundScheduler


class MaintenanceScheduler:
    def __init__(self):
        self.scheduler = BackgroundScheduler()

    def vacuum(self):
        """VACUUM the big tables."""

    def start(self):
        self.scheduler.add_job(self.vacuum, trigger="cron", day_of_week="sat", hour=4)
        self.scheduler.start()
