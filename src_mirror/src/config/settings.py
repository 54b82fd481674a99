"""
Application settings for the ScraperSky backend.

All values are read from the environment (or a local ``.env`` file). Scheduler
intervals and batch sizes live here so that operators can tune background
throughput without a deploy.
"""

import logging
from typing import List, Optional

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

logger = logging.getLogger(__name__)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    # ------------------------------------------------------------------
    # General
    # ------------------------------------------------------------------
    ENVIRONMENT: str = "development"
    LOG_LEVEL: str = "INFO"
    CORS_ORIGINS: List[str] = ["*"]
    JWT_SECRET_KEY: str = "change-me"
    JWT_ALGORITHM: str = "HS256"
    DEV_TOKEN: Optional[str] = None

    # ------------------------------------------------------------------
    # Database (Supabase via Supavisor pooler)
    # ------------------------------------------------------------------
    DATABASE_URL: Optional[str] = None
    SUPABASE_URL: Optional[str] = None
    SUPABASE_PROJECT_REF: Optional[str] = None
    SUPABASE_DB_PASSWORD: Optional[str] = None
    SUPABASE_POOLER_HOST: str = "aws-0-us-west-1.pooler.supabase.com"
    SUPABASE_POOLER_PORT: int = 6543
    SUPABASE_POOLER_USER: str = "postgres"
    SUPABASE_DB_NAME: str = "postgres"
    DB_POOL_SIZE: int = 5
    DB_MAX_OVERFLOW: int = 10
    DB_POOL_TIMEOUT: int = 30
    DB_COMMAND_TIMEOUT: int = 60

    # ------------------------------------------------------------------
    # Scheduler: domain metadata (homepage) worker
    # ------------------------------------------------------------------
    DOMAIN_SCHEDULER_INTERVAL_MINUTES: int = 1
    DOMAIN_SCHEDULER_BATCH_SIZE: int = 10
    DOMAIN_SCHEDULER_MAX_INSTANCES: int = 1

    # ------------------------------------------------------------------
    # Scheduler: domain -> sitemap submission
    # ------------------------------------------------------------------
    DOMAIN_SITEMAP_SUBMISSION_INTERVAL_MINUTES: int = Field(
        default=1,
        description="How often queued domains are submitted for sitemap analysis.",
    )
    DOMAIN_SITEMAP_SUBMISSION_BATCH_SIZE: int = Field(
        default=10,
        description="Maximum number of domains submitted per run.",
    )

    # ------------------------------------------------------------------
    # Scheduler: sitemap jobs + domain content curation queue
    # ------------------------------------------------------------------
    SITEMAP_SCHEDULER_INTERVAL_SECONDS: int = Field(
        default=60,
        description="Polling interval for pending sitemap jobs and queued content scrapes.",
    )
    SITEMAP_SCHEDULER_BATCH_SIZE: int = 5
    SITEMAP_SCHEDULER_MAX_INSTANCES: int = 3

    # ------------------------------------------------------------------
    # Scheduler: sitemap file import
    # ------------------------------------------------------------------
    SITEMAP_IMPORT_SCHEDULER_INTERVAL_MINUTES: int = 1
    SITEMAP_IMPORT_SCHEDULER_BATCH_SIZE: int = 20

    # ------------------------------------------------------------------
    # Scheduler: local business -> domain extraction
    # ------------------------------------------------------------------
    DOMAIN_EXTRACTION_SCHEDULER_INTERVAL_MINUTES: int = 2
    DOMAIN_EXTRACTION_SCHEDULER_BATCH_SIZE: int = 10

    # ------------------------------------------------------------------
    # Scheduler: page curation (page content scrape)
    # ------------------------------------------------------------------
    PAGE_CURATION_SCHEDULER_INTERVAL_MINUTES: int = Field(
        default=1,
        description="Interval for processing pages whose processing status is Queued.",
    )
    PAGE_CURATION_SCHEDULER_BATCH_SIZE: int = Field(
        default=10,
        description="Pages claimed per page-curation run.",
    )

    # ------------------------------------------------------------------
    # Scheduler: Google Maps deep scan (only when an API key is configured)
    # ------------------------------------------------------------------
    GOOGLE_MAPS_API_KEY: Optional[str] = None
    DEEP_SCAN_SCHEDULER_INTERVAL_MINUTES: int = 5
    DEEP_SCAN_SCHEDULER_BATCH_SIZE: int = Field(default=10, description="Places deep-scanned per run.")

    # ------------------------------------------------------------------
    # Scheduler: batch resume, heartbeat, stale-job reaper
    # ------------------------------------------------------------------
    BATCH_RESUME_INTERVAL_MINUTES: int = 15
    BATCH_RESUME_BATCH_SIZE: int = 3
    HEARTBEAT_INTERVAL_MINUTES: int = 10
    STALE_JOB_THRESHOLD_HOURS: int = 6

    # ------------------------------------------------------------------
    # Scheduler: contact enrichment
    # ------------------------------------------------------------------
    CONTACT_ENRICHMENT_INTERVAL_MINUTES: int = 5
    CONTACT_ENRICHMENT_BATCH_SIZE: int = 25

    # ------------------------------------------------------------------
    # Scraping
    # ------------------------------------------------------------------
    SCRAPER_API_KEY: Optional[str] = None
    SCRAPER_REQUEST_TIMEOUT_SECONDS: int = 20
    SCRAPER_MAX_CONCURRENCY: int = Field(default=5, description="Concurrent page fetches per batch.")
    SCRAPER_USER_AGENT: str = "Mozilla/5.0 (compatible; ScraperSkyBot/1.0; +https://scrapersky.com/bot)"
    MAX_PAGES_PER_DOMAIN: int = 5
    MAX_SITEMAP_URLS: int = 5000

    def is_production(self) -> bool:
        return self.ENVIRONMENT.lower() == "production"

    def pooler_username(self) -> str:
        """Supavisor requires ``postgres.<project-ref>`` as the login role."""
        if self.SUPABASE_PROJECT_REF:
            return f"{self.SUPABASE_POOLER_USER}.{self.SUPABASE_PROJECT_REF}"
        return self.SUPABASE_POOLER_USER


settings = Settings()
