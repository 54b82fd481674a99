"""
Page content scraping.

Fetches a single curated page, stores its title/description/text and creates
contacts for any emails found. Used as the processing function of the page
curation scheduler; takes a session and never commits.
"""

import logging
from uuid import UUID

from bs4 import BeautifulSoup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ...enums.contact import ContactCurationStatus
from ...models.contact import Contact
from ...models.page import Page
from ...scraper.fetcher import fetch_html
from ...scraper.metadata_extractor import extract_emails, extract_phones

logger = logging.getLogger(__name__)

MAX_STORED_TEXT = 100_000


async def process_page_content(page_id: UUID, session: AsyncSession) -> None:
    """Scrape one page, store its content and create contacts for new emails."""
    page = await session.get(Page, page_id)
    if page is None:
        raise ValueError(f"Page {page_id} not found")

    _, html = await fetch_html(page.url)
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()

    text = soup.get_text(" ", strip=True)
    description = soup.find("meta", attrs={"name": "description"})
    page.title = soup.title.string.strip() if soup.title and soup.title.string else page.title
    page.description = description.get("content") if description else page.description
    page.scraped_content = text[:MAX_STORED_TEXT]

    emails = extract_emails(html)
    phones = extract_phones(text)
    page.additional_json = {**(page.additional_json or {}), "emails": emails, "phones": phones}

    known = set(
        (await session.execute(select(Contact.email).where(Contact.domain_id == page.domain_id))).scalars()
    )
    for email in emails:
        if email in known:
            continue
        session.add(
            Contact(
                domain_id=page.domain_id,
                page_id=page.id,
                email=email,
                phone=phones[0] if phones else None,
                source_url=page.url,
                contact_curation_status=ContactCurationStatus.New,
            )
        )
    logger.info("Scraped page %s: %d email(s)", page.url, len(emails))
