"""Jobs the arq worker runs."""


async def send_email(ctx, to: str, template: str) -> None:
    """Send one transactional email.

    Outcome: users get their welcome and password-reset emails within a minute.
    """


async def resize(ctx, image_id: int) -> None:
    """Make the thumbnails of an uploaded image."""


async def generate_report(ctx, account_id: int) -> None:
    """Build the monthly PDF report of an account."""


async def rebuild_search_index(ctx) -> None:
    """Rebuild the search index from scratch (run by hand from the arq CLI)."""


async def cleanup(ctx) -> None:
    """Delete expired sessions and upload leftovers."""


async def poll(ctx) -> None:
    """Poll the payment provider for settled payouts."""


async def send_digest(ctx) -> None:
    """Send the weekly digest."""


async def rotate_logs(ctx) -> None:
    """Rotate the worker's log files."""


async def warm_cache(ctx) -> None:
    """Fill the product cache."""
