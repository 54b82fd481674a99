"""
Homepage metadata and contact extraction.

Parses raw HTML with BeautifulSoup and a set of regular expressions to pull
title, meta description, emails, phone numbers, social profile links and a
rough technology fingerprint.
"""

import json
import logging
import re
from typing import Any, Dict, List, Optional
from urllib.parse import urljoin, urlparse

from bs4 import BeautifulSoup

logger = logging.getLogger(__name__)

EMAIL_RE = re.compile(r"[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}")
PHONE_RE = re.compile(r"(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}")
WP_VERSION_RE = re.compile(r"WordPress\s+([\d.]+)", re.IGNORECASE)

IGNORED_EMAIL_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
IGNORED_EMAIL_DOMAINS = {"example.com", "sentry.io", "wixpress.com", "domain.com"}

SOCIAL_PATTERNS: Dict[str, re.Pattern] = {
    "facebook": re.compile(r"https?://(?:www\.)?facebook\.com/[^\s\"'<>]+", re.I),
    "instagram": re.compile(r"https?://(?:www\.)?instagram\.com/[^\s\"'<>]+", re.I),
    "linkedin": re.compile(r"https?://(?:[a-z]{2,3}\.)?linkedin\.com/(?:company|in)/[^\s\"'<>]+", re.I),
    "twitter": re.compile(r"https?://(?:www\.)?(?:twitter|x)\.com/[^\s\"'<>]+", re.I),
    "youtube": re.compile(r"https?://(?:www\.)?youtube\.com/[^\s\"'<>]+", re.I),
}

TECH_SIGNATURES: Dict[str, List[str]] = {
    "wordpress": ["wp-content", "wp-includes"],
    "shopify": ["cdn.shopify.com", "Shopify.theme"],
    "wix": ["static.wixstatic.com"],
    "squarespace": ["static1.squarespace.com"],
    "google_analytics": ["www.googletagmanager.com", "google-analytics.com"],
    "react": ["data-reactroot", "__NEXT_DATA__"],
}


def extract_emails(text: str) -> List[str]:
    found = set()
    for match in EMAIL_RE.findall(text or ""):
        email = match.strip(".").lower()
        if email.endswith(IGNORED_EMAIL_SUFFIXES):
            continue
        if email.split("@", 1)[1] in IGNORED_EMAIL_DOMAINS:
            continue
        found.add(email)
    return sorted(found)


def extract_phones(text: str) -> List[str]:
    phones = set()
    for match in PHONE_RE.findall(text or ""):
        digits = re.sub(r"\D", "", match)
        if len(digits) == 11 and digits.startswith("1"):
            digits = digits[1:]
        if len(digits) == 10:
            phones.add(f"({digits[:3]}) {digits[3:6]}-{digits[6:]}")
    return sorted(phones)


def extract_social_links(html: str) -> Dict[str, List[str]]:
    links: Dict[str, List[str]] = {}
    for network, pattern in SOCIAL_PATTERNS.items():
        matches = sorted({m.rstrip("/") for m in pattern.findall(html or "")})
        if matches:
            links[network] = matches[:5]
    return links


def detect_tech_stack(html: str) -> Dict[str, Any]:
    stack = {name: True for name, markers in TECH_SIGNATURES.items() if any(m in html for m in markers)}
    wp_match = WP_VERSION_RE.search(html or "")
    if wp_match:
        stack["wordpress_version"] = wp_match.group(1)
    return stack


def _meta_content(soup: BeautifulSoup, *names: str) -> Optional[str]:
    for name in names:
        tag = soup.find("meta", attrs={"name": name}) or soup.find("meta", attrs={"property": name})
        if tag and tag.get("content"):
            return tag["content"].strip()
    return None


def _json_ld(soup: BeautifulSoup) -> List[Dict[str, Any]]:
    blocks = []
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "")
        except (ValueError, TypeError):
            continue
        blocks.extend(data if isinstance(data, list) else [data])
    return blocks


def extract_metadata(html: str, base_url: str) -> Dict[str, Any]:
    """Extract everything the domain scheduler stores about a homepage."""
    soup = BeautifulSoup(html or "", "html.parser")
    visible_text = soup.get_text(" ", strip=True)

    title = soup.title.string.strip() if soup.title and soup.title.string else _meta_content(soup, "og:title")
    icon = soup.find("link", rel=lambda v: v and "icon" in v)
    html_tag = soup.find("html")

    mailto = [a["href"][7:].split("?")[0] for a in soup.select('a[href^="mailto:"]')]
    tel = [a["href"][4:] for a in soup.select('a[href^="tel:"]')]

    tech = detect_tech_stack(html or "")
    return {
        "title": title,
        "description": _meta_content(soup, "description", "og:description"),
        "favicon_url": urljoin(base_url, icon["href"]) if icon and icon.get("href") else None,
        "language": html_tag.get("lang") if html_tag else None,
        "emails": extract_emails(visible_text + " " + " ".join(mailto)),
        "phones": extract_phones(visible_text + " " + " ".join(tel)),
        "social_links": extract_social_links(html or ""),
        "tech_stack": tech,
        "is_wordpress": bool(tech.get("wordpress")),
        "wordpress_version": tech.get("wordpress_version"),
        "structured_data": _json_ld(soup)[:3],
    }


def find_contact_page_links(html: str, base_url: str, limit: int = 5) -> List[str]:
    """Return same-site links that look like contact/about pages."""
    soup = BeautifulSoup(html or "", "html.parser")
    host = urlparse(base_url).netloc
    keywords = ("contact", "about", "team", "staff", "location")
    links: List[str] = []
    for anchor in soup.find_all("a", href=True):
        href = urljoin(base_url, anchor["href"])
        if urlparse(href).netloc != host:
            continue
        label = (anchor.get_text() or "").lower() + href.lower()
        if any(k in label for k in keywords) and href not in links:
            links.append(href)
        if len(links) >= limit:
            break
    return links
