"""
Generic polling loop shared by curation-driven schedulers.

A curation workflow stores its processing state in one enum column of one
model. ``run_job_loop`` claims up to ``batch_size`` rows in the queued state,
marks them processing, then hands each row id to ``processing_function`` in
its own session, and finally records completion or failure (with the error
message) on the row.
"""

import logging
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Optional, Type
from uuid import UUID

from sqlalchemy import select

from ...session.async_session import get_background_session

if TYPE_CHECKING:
    from enum import Enum

    from sqlalchemy.ext.asyncio import AsyncSession

logger = logging.getLogger(__name__)

ProcessingFunction = Callable[[UUID, "AsyncSession"], Awaitable[None]]


async def run_job_loop(
    model: Type[Any],
    status_enum: Type["Enum"],
    queued_status: "Enum",
    processing_status: "Enum",
    completed_status: "Enum",
    failed_status: "Enum",
    processing_function: ProcessingFunction,
    batch_size: int = 10,
    order_by_column: Optional[Any] = None,
    status_field_name: str = "status",
    error_field_name: Optional[str] = None,
) -> int:
    """Claim queued rows of ``model`` and process them one by one.

    Returns the number of rows that were processed successfully.
    """
    status_column = getattr(model, status_field_name)
    job_name = f"{model.__name__}.{status_field_name}"

    # 1. Claim a batch.
    async with get_background_session() as session:
        async with session.begin():
            stmt = (
                select(model)
                .where(status_column == queued_status)
                .order_by(order_by_column if order_by_column is not None else model.updated_at)
                .limit(batch_size)
                .with_for_update(skip_locked=True)
            )
            items = (await session.execute(stmt)).scalars().all()
            if not items:
                logger.debug("[%s] nothing queued", job_name)
                return 0

            for item in items:
                setattr(item, status_field_name, processing_status)
                if error_field_name:
                    setattr(item, error_field_name, None)
            claimed_ids = [item.id for item in items]

    logger.info("[%s] claimed %d %s row(s)", job_name, len(claimed_ids), status_enum.__name__)

    # 2. Process each claimed row in its own session/transaction.
    succeeded = 0
    for item_id in claimed_ids:
        try:
            async with get_background_session() as session:
                async with session.begin():
                    await processing_function(item_id, session)
                    item = await session.get(model, item_id)
                    if item is not None:
                        setattr(item, status_field_name, completed_status)
            succeeded += 1
        except Exception as exc:
            logger.exception("[%s] processing %s failed", job_name, item_id)
            await _mark_failed(model, item_id, status_field_name, failed_status, error_field_name, str(exc))

    logger.info("[%s] finished: %d ok, %d failed", job_name, succeeded, len(claimed_ids) - succeeded)
    return succeeded


async def _mark_failed(
    model: Type[Any],
    item_id: UUID,
    status_field_name: str,
    failed_status: "Enum",
    error_field_name: Optional[str],
    message: str,
) -> None:
    try:
        async with get_background_session() as session:
            async with session.begin():
                item = await session.get(model, item_id)
                if item is None:
                    return
                setattr(item, status_field_name, failed_status)
                if error_field_name:
                    setattr(item, error_field_name, message[:1000])
    except Exception:
        logger.exception("Could not record failure for %s %s", model.__name__, item_id)
