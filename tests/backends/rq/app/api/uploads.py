from datetime import datetime, timedelta

from fastapi import APIRouter, Depends
from rq import Queue

from app.jobs import expire_trial, import_file, process_upload, send_reminder
from app.queue import get_queue, q, reports

router = APIRouter(prefix="/uploads")


@router.post("/{upload_id}")
async def create_upload(upload_id: int) -> dict:
    job = q.enqueue(process_upload, upload_id, job_timeout=600)
    return {"job": job.id}


@router.post("/files/{path}")
async def import_path(path: str, queue: Queue = Depends(get_queue)) -> dict:  # noqa: B008
    queue.enqueue_call(func=import_file, args=(path,))
    return {"path": path}


@router.post("/checkout/{user_id}")
async def abandon_checkout(user_id: int) -> dict:
    q.enqueue_in(timedelta(minutes=5), send_reminder, user_id)
    return {"user_id": user_id}


@router.post("/trials/{account_id}")
async def start_trial(account_id: int) -> dict:
    q.enqueue_at(datetime(2030, 1, 1), expire_trial, account_id)
    return {"account_id": account_id}


@router.post("/reports/{report_id}")
async def request_report(report_id: int) -> dict:
    reports.enqueue("app.jobs.generate_pdf", report_id)
    return {"report_id": report_id}


@router.post("/legacy/{report_id}")
async def legacy_report(report_id: int) -> dict:
    reports.enqueue("app.jobs.render_legacy_pdf", report_id)
    return {"report_id": report_id}


def enqueue_any(job_function, *args) -> None:
    q.enqueue(job_function, *args)
