"""E-mail addresses in a page's text."""

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def find_emails(text: str) -> list[str]:
    """Every e-mail address in the text, once each, in order."""
    return list(dict.fromkeys(EMAIL.findall(text)))
