"""What the evaluator makes of the expressions real backends use for a job's values."""

from __future__ import annotations

from conftest import analyse_tree, write_package

MAIN = """
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from fastapi import FastAPI

from pkg.jobs import Poller, tick

VERSION = 2
scheduler = AsyncIOScheduler()
scheduler.add_job(tick, "interval", seconds=30, id=f"tick-v{VERSION}")
scheduler.add_job(Poller().run, "interval", minutes=1)
scheduler.start()
app = FastAPI()
"""

JOBS = """
from sqlalchemy import select

from pkg.models import Job, Status


class JobRepository:
    def next_batch(self):
        return select(Job).where(Job.status == Status.QUEUED)


class Poller:
    def __init__(self, repo=None):
        self.repo = repo or JobRepository()

    def run(self):
        self.repo.next_batch()


def tick():
    pass
"""

MODELS = """
import enum

from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Status(enum.Enum):
    QUEUED = "queued"
    DONE = "done"


class Base(DeclarativeBase):
    pass


class Job(Base):
    __tablename__ = "jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[Status] = mapped_column(default=Status.DONE)
"""


def test_f_strings_and_or_fallbacks_evaluate(tmp_path):
    tree = write_package(tmp_path, main=MAIN, jobs=JOBS, models=MODELS)
    catalog = analyse_tree(tree)
    services = {service.function: service for service in catalog.services}
    assert services["tick"].job_id == "tick-v2"  # f"tick-v{VERSION}"
    # self.repo = repo or JobRepository(): the poll in the repository's method is found
    assert [(s.model, s.field, s.member) for s in services["Poller.run"].polls] == [
        ("Job", "status", "QUEUED")
    ]
