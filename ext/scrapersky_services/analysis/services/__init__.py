"""Stage 4, services: the model in, background services with their triggers out.

:mod:`.finder` finds scheduler jobs, background tasks, asyncio tasks and polling loops,
and how each gets registered. Reads the earlier stages only.
"""
