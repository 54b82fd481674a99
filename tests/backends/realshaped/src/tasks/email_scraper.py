"""Legacy e-mail scraper (Python 3.14 syntax: older interpreters cannot parse it)."""


def scrape(text: str) -> list[str]:
    try:
        return [word for word in text.split() if "@" in word]
    except ValueError, TypeError:
        return []
