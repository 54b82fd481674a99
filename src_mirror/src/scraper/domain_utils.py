"""Domain normalisation helpers."""

import re
from typing import Optional
from urllib.parse import urlparse

_SCHEME_RE = re.compile(r"^https?://", re.IGNORECASE)


def normalize_domain(value: str) -> Optional[str]:
    """Turn a URL or hostname into a bare lower-case domain without ``www.``."""
    if not value:
        return None
    value = value.strip().lower()
    if not _SCHEME_RE.match(value):
        value = "http://" + value
    host = urlparse(value).netloc.split(":")[0]
    if host.startswith("www."):
        host = host[4:]
    return host or None


def get_domain_url(domain: str, secure: bool = True) -> str:
    scheme = "https" if secure else "http"
    return f"{scheme}://{normalize_domain(domain)}"


def is_valid_domain(domain: Optional[str]) -> bool:
    if not domain or "." not in domain:
        return False
    return all(part and len(part) <= 63 for part in domain.split("."))
