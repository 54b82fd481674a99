from .job import Job, JobStatus
from .page import Domain, DisplayStatus, Page, TaskStatus

__all__ = ["DisplayStatus", "Domain", "Job", "JobStatus", "Page", "TaskStatus"]
