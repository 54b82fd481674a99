from fastapi import APIRouter

from app.worker.celery_app import celery_app
from app.worker.tasks import generate_report

router = APIRouter(prefix="/reports", tags=["reports"])


@router.post("/{report_id}")
async def create_report(report_id: int) -> dict:
    generate_report.apply_async(args=(report_id,), countdown=10)
    return {"report_id": report_id}


@router.post("/{report_id}/again")
async def regenerate_report(report_id: int) -> dict:
    celery_app.send_task("app.worker.tasks.generate_report", args=[report_id])
    return {"report_id": report_id}


@router.post("/{report_id}/charge")
async def charge_report(report_id: int) -> dict:
    celery_app.send_task("billing.charge", args=[report_id])
    return {"report_id": report_id}


@router.post("/by-name/{task_name}")
async def run_named(task_name: str) -> dict:
    celery_app.send_task(task_name)
    return {"queued": task_name}
