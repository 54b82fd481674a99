class AppErrorService:
    """The custom error service that was supposed to be removed."""

    @staticmethod
    async def handle(request, exc):
        return None
