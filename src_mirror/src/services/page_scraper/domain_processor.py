"""
Domain-level enrichment.

Given one domain, crawls its homepage plus a handful of contact/about pages,
harvests emails and phone numbers, stores them as ``Contact`` rows and
refreshes the domain's aggregated contact fields.

Outcome:
    A curated domain ends up with deduplicated, source-attributed contacts
    that sales can act on, instead of the single homepage snapshot produced by
    the domain scheduler.
"""

import logging
from typing import TYPE_CHECKING, Any, Dict, List, Set
from uuid import UUID

from sqlalchemy import select

from ...config.settings import settings
from ...enums.contact import ContactCurationStatus
from ...models.contact import Contact
from ...models.domain import Domain
from ...scraper.domain_utils import get_domain_url
from ...scraper.fetcher import FetchError, fetch_html
from ...scraper.metadata_extractor import (
    extract_emails,
    extract_metadata,
    extract_phones,
    find_contact_page_links,
)

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

logger = logging.getLogger(__name__)

GENERIC_MAILBOXES = ("info", "contact", "hello", "office", "admin", "support", "sales")


def classify_email(email: str) -> str:
    local = email.split("@", 1)[0]
    return "generic" if local in GENERIC_MAILBOXES else "personal"


async def crawl_domain_pages(domain_name: str, max_pages: int) -> List[Dict[str, Any]]:
    """Fetch homepage and contact-like pages; return per-page extraction results."""
    home_url = get_domain_url(domain_name)
    final_url, home_html = await fetch_html(home_url)
    pages = [{"url": final_url, "html": home_html}]

    for link in find_contact_page_links(home_html, final_url, limit=max_pages - 1):
        try:
            url, html = await fetch_html(link, retries=0)
            pages.append({"url": url, "html": html})
        except FetchError as exc:
            logger.debug("Skipping %s: %s", link, exc)

    results = []
    for page in pages:
        results.append(
            {
                "url": page["url"],
                "emails": extract_emails(page["html"]),
                "phones": extract_phones(page["html"]),
            }
        )
    results[0]["metadata"] = extract_metadata(home_html, final_url)
    return results


async def process_domain_enrichment(domain_id: UUID, session: "AsyncSession") -> Dict[str, int]:
    """Enrich one domain with contacts. The caller owns the transaction."""
    domain = await session.get(Domain, domain_id)
    if domain is None:
        raise ValueError(f"Domain {domain_id} not found")

    page_results = await crawl_domain_pages(domain.domain, settings.MAX_PAGES_PER_DOMAIN)

    existing: Set[str] = set(
        (await session.execute(select(Contact.email).where(Contact.domain_id == domain.id))).scalars()
    )

    all_emails: Set[str] = set(domain.email_addresses or [])
    all_phones: Set[str] = set(domain.phone_numbers or [])
    created = 0
    for result in page_results:
        all_phones.update(result["phones"])
        for email in result["emails"]:
            all_emails.add(email)
            if email in existing:
                continue
            session.add(
                Contact(
                    domain_id=domain.id,
                    email=email,
                    email_type=classify_email(email),
                    phone=result["phones"][0] if result["phones"] else None,
                    source_url=result["url"],
                    contact_curation_status=ContactCurationStatus.New,
                )
            )
            existing.add(email)
            created += 1

    domain.email_addresses = sorted(all_emails)
    domain.phone_numbers = sorted(all_phones)
    home_meta = page_results[0].get("metadata") or {}
    if home_meta.get("social_links"):
        domain.social_links = {**(domain.social_links or {}), **home_meta["social_links"]}

    logger.info("Enriched %s: %d page(s), %d new contact(s)", domain.domain, len(page_results), created)
    return {"pages_crawled": len(page_results), "contacts_created": created}
