from fastapi import APIRouter, BackgroundTasks

from ..services.exporter import queue_export

router = APIRouter(prefix="/reports")


async def _render(report_id: str) -> None:
    """Render a report after the response."""


@router.post("/{report_id}/render")
async def render(report_id: str, bg: BackgroundTasks):
    bg.add_task(_render, report_id)
    return {"queued": True}


@router.post("/{report_id}/mail")
async def mail(report_id: str, tasks: BackgroundTasks):
    from ..services.mailer import send_report

    tasks.add_task(send_report, report_id)
    return {"queued": True}


@router.post("/export")
async def export(tasks: BackgroundTasks):
    queue_export(tasks)
    return {}


def _never_called(background_tasks: BackgroundTasks):
    background_tasks.add_task(_render, "x")
