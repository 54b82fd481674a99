"""Stage 3, model: the resolved tree in, the backend's own model out.

Settings, enums and SQLAlchemy models, routes, and the status flow (which code polls for
and writes which status). Reads only ``parse`` and ``resolve`` (and the records).
"""
