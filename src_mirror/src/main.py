"""
ScraperSky API application.

Creates the FastAPI app, mounts the static admin UI, includes every router
under ``/api/v3`` and, in the lifespan, starts the shared scheduler and
registers each background job.
"""

import logging
from contextlib import asynccontextmanager
from typing import Any, Dict

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.ext.asyncio import AsyncSession

from .config.settings import settings
from .core.db_service import ping
from .core.logging_config import setup_logging
from .routers import domains, sitemap_files
from .routers.batch_page_scraper import router as batch_page_scraper_router
from .routers.contacts import router as contacts_router
from .routers.dev_tools import router as dev_tools_router
from .routers.email_scanner import router as email_scanner_router
from .routers.jobs import router as jobs_router
from .routers.legacy_v2 import router as legacy_v2_router
from .routers.local_businesses import router as local_businesses_router
from .routers.pages import router as pages_router
from .routers.places_staging import router as places_staging_router
from .routers.sitemap_scan import router as sitemap_scan_router
from .scheduler_instance import scheduler, shutdown_scheduler, start_scheduler
from .services import scheduler_heartbeat  # noqa: F401  registers its @scheduled_job on import
from .services.batch_resume_scheduler import setup_batch_resume_scheduler
from .services.core.error_service import ErrorService
from .services.domain_extraction_scheduler import setup_domain_extraction_scheduler
from .services.domain_scheduler import setup_domain_scheduler
from .services.domain_sitemap_submission_scheduler import setup_domain_sitemap_submission_scheduler
from .services.page_curation_scheduler import setup_page_curation_scheduler
from .services.places_deep_scan_scheduler import setup_deep_scan_scheduler
from .services.sitemap_import_scheduler import setup_sitemap_import_scheduler
from .services.sitemap_scheduler import setup_sitemap_scheduler
from .services.stale_job_reaper import setup_stale_job_reaper
from .session.async_session import dispose_engine, get_session

setup_logging()
logger = logging.getLogger(__name__)


@asynccontextmanager
async def lifespan(app: FastAPI):
    logger.info("Starting ScraperSky API (%s)", settings.ENVIRONMENT)
    start_scheduler()

    setup_domain_scheduler()
    setup_domain_sitemap_submission_scheduler()
    setup_sitemap_scheduler()
    setup_sitemap_import_scheduler()
    setup_domain_extraction_scheduler()
    setup_page_curation_scheduler()
    setup_deep_scan_scheduler()
    setup_batch_resume_scheduler()
    setup_stale_job_reaper()

    logger.info("Scheduler jobs: %s", [job.id for job in scheduler.get_jobs()])
    yield

    logger.info("Shutting down ScraperSky API")
    shutdown_scheduler()
    await dispose_engine()


app = FastAPI(
    title="ScraperSky API",
    version="3.0.0",
    lifespan=lifespan,
    docs_url="/api/docs",
    openapi_url="/api/openapi.json",
)

app.add_middleware(
    CORSMiddleware,
    allow_origins=settings.CORS_ORIGINS,
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)

app.add_exception_handler(Exception, ErrorService.global_exception_handler)

app.mount("/static", StaticFiles(directory="static"), name="static")

# Curation routers
app.include_router(domains.router, prefix="/api/v3")
app.include_router(sitemap_files.router, prefix="/api/v3")
app.include_router(places_staging_router, prefix="/api/v3")

for curation_router in (local_businesses_router, pages_router, contacts_router, jobs_router):
    app.include_router(curation_router, prefix="/api/v3")

# Routers that start background tasks
BACKGROUND_TASK_ROUTERS = [batch_page_scraper_router, sitemap_scan_router, email_scanner_router]
for router in BACKGROUND_TASK_ROUTERS:
    app.include_router(router, prefix="/api/v3")

app.include_router(dev_tools_router, prefix="/api/v3")

# Legacy v2 API, still used by the Chrome extension
app.include_router(legacy_v2_router)


@app.get("/", include_in_schema=False)
async def root() -> RedirectResponse:
    return RedirectResponse(url="/static/index.html")


@app.get("/health")
async def health() -> Dict[str, Any]:
    return {"status": "ok", "scheduler_running": scheduler.running}


@app.get("/api/v3/health/db")
async def health_db(session: AsyncSession = Depends(get_session)) -> Dict[str, Any]:
    async with session.begin():
        db_ok = await ping(session)
    return {"status": "ok" if db_ok else "degraded", "database": db_ok}
