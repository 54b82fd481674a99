"""Small URL helpers."""

from typing import Iterable, List
from urllib.parse import urlparse, urlunparse

TRACKING_PARAMS = ("utm_", "gclid", "fbclid")


def strip_tracking(url: str) -> str:
    parsed = urlparse(url)
    if not parsed.query:
        return url
    kept = [
        part for part in parsed.query.split("&")
        if part and not any(part.startswith(prefix) for prefix in TRACKING_PARAMS)
    ]
    return urlunparse(parsed._replace(query="&".join(kept)))


def dedupe_urls(urls: Iterable[str]) -> List[str]:
    seen = set()
    result = []
    for url in urls:
        key = strip_tracking(url).rstrip("/")
        if key not in seen:
            seen.add(key)
            result.append(url)
    return result


def classify_page_type(url: str) -> str:
    path = urlparse(url).path.lower()
    for keyword, page_type in (
        ("contact", "contact"),
        ("about", "about"),
        ("team", "team"),
        ("blog", "blog"),
        ("service", "services"),
        ("product", "product"),
    ):
        if keyword in path:
            return page_type
    return "home" if path in ("", "/") else "other"
