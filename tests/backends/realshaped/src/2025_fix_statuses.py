"""One-off fix (2025): domains stuck in ``processing`` go back to ``pending``.

Run by hand as a script; its file name is no module name, so nothing imports it.
"""

import asyncio

from sqlalchemy import update

from src.models import Domain, DomainStatusEnum
from src.session.async_session import get_background_session


async def main() -> None:
    async with get_background_session() as session:
        async with session.begin():
            await session.execute(
                update(Domain)
                .where(Domain.status == DomainStatusEnum.processing)
                .values(status=DomainStatusEnum.pending)
            )


if __name__ == "__main__":
    asyncio.run(main())
