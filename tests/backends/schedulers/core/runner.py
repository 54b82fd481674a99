from apscheduler.schedulers.background import BackgroundScheduler


def rotate_logs(): ...


class JobRunner:
    def __init__(self):
        self.scheduler = BackgroundScheduler()

    def start(self):
        self.scheduler.add_job(rotate_logs, "interval", hours=24, id="rotate_logs")
        self.scheduler.start()
