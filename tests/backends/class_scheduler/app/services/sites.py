class SiteChain:
    """The chain of site syncs."""

    async def sync(self):
        """Pull every site's pages.

        Outcome: site pages are at most five minutes old.
        """

    async def prune(self):
        """Drop pages of deleted sites."""

    async def audit(self):
        """Re-check robots.txt of every site."""
