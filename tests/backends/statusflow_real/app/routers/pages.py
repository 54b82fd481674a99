from fastapi import APIRouter
from sqlalchemy import select, update

from ..db import SessionLocal
from ..models import DisplayStatus, Page, TaskStatus

router = APIRouter(prefix="/pages", tags=["pages"])

SCRAPE = "scrape"


@router.post("")
async def create_page(url: str):
    data = {"url": url}
    data["status"] = TaskStatus.QUEUED
    async with SessionLocal() as session:
        session.add(Page(**data))
        await session.commit()


@router.put("/{page_id}/queue")
async def queue_page(page_id: int):
    async with SessionLocal() as session:
        await session.execute(
            update(Page).where(Page.id == page_id).values({"status": TaskStatus.QUEUED})
        )
        await session.commit()


@router.put("/{page_id}/scrape")
async def queue_scrape(page_id: int):
    async with SessionLocal() as session:
        page = await session.get(Page, page_id)
        setattr(page, f"{SCRAPE}_status", TaskStatus.QUEUED)
        await session.commit()


@router.put("/requeue")
async def requeue_failed():
    async with SessionLocal() as session:
        failed = select(Page).where(Page.status == TaskStatus.ERROR)
        pages = (await session.execute(failed)).scalars()
        for page in pages:
            page.status = TaskStatus.QUEUED
        await session.commit()


@router.put("/{page_id}/hide")
async def hide_page(page_id: int):
    async with SessionLocal() as session:
        page = await session.get(Page, page_id)
        page.display_status = DisplayStatus.HIDDEN
        await session.commit()
