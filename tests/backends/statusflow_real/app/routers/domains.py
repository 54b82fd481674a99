from fastapi import APIRouter

from ..crud import load_domain
from ..db import SessionLocal
from ..models import Domain, TaskStatus

router = APIRouter(prefix="/domains", tags=["domains"])


@router.post("")
async def create_domain(host: str):
    async with SessionLocal() as session:
        domain = Domain(host=host)
        domain.status = TaskStatus.QUEUED
        session.add(domain)
        await session.commit()


@router.put("/{domain_id}/queue")
async def queue_domain(domain_id: int):
    async with SessionLocal() as session:
        domain = await session.get(Domain, domain_id)
        domain.status = TaskStatus.QUEUED
        await session.commit()


@router.put("/{domain_id}/verify")
async def verify_domain(domain_id: int):
    async with SessionLocal() as session:
        domain = await session.get(Domain, domain_id)
        domain.verify_status = TaskStatus.QUEUED
        await session.commit()


@router.put("/{domain_id}/retry")
async def retry_domain(domain_id: int):
    async with SessionLocal() as session:
        domain = await load_domain(session, domain_id)
        domain.status = TaskStatus.QUEUED
        await session.commit()
