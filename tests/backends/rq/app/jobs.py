"""Functions the RQ workers run."""


def process_upload(upload_id: int) -> None:
    """Parse an uploaded spreadsheet.

    Outcome: uploaded price lists show up in the catalog within minutes.
    """


def import_file(path: str) -> None:
    """Import one file from the drop folder."""


def send_reminder(user_id: int) -> None:
    """Remind a user of an unfinished checkout."""


def expire_trial(account_id: int) -> None:
    """End an account's trial."""


def generate_pdf(report_id: int) -> None:
    """Render a report as PDF."""


def refresh_rates() -> None:
    """Refresh the currency exchange rates."""


def sync_inventory() -> None:
    """Pull stock levels from the warehouse."""


def ping_suppliers() -> None:
    """Check that the supplier APIs answer."""


def send_digest() -> None:
    """Email the weekly digest."""


def archive_2030() -> None:
    """Archive the old orders once."""
