from apscheduler.schedulers.background import BackgroundScheduler

from .models import Task, TaskState

scheduler = BackgroundScheduler()
JOB_CONFIG = {"trigger": "interval", "minutes": 4, "max_instances": 1}


def work(session=None):
    for task in session.query(Task).filter(Task.state == TaskState.waiting).all():
        task.state = TaskState.done


def start_jobs():
    scheduler.add_job(work, id="work", **JOB_CONFIG)
    scheduler.start()
