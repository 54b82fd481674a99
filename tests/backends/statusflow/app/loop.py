from sqlalchemy import select


async def run_loop(session, model, field_name, queued, processing):
    column = getattr(model, field_name)
    rows = (await session.execute(select(model).where(column == queued))).scalars().all()
    for row in rows:
        setattr(row, field_name, processing)
