"""URL helpers."""


def homepage_url(domain: str) -> str:
    """The homepage of a bare domain name."""
    return domain if domain.startswith(("http://", "https://")) else f"https://{domain}"
