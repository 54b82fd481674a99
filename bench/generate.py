"""A deterministic generator of synthetic backends shaped like ScraperSky.

``generate(root, modules)`` writes a package ``synth`` of about ``modules`` modules of about
150 lines each: settings, a session factory, a shared scheduler, SQLAlchemy models with
status enums, routers that queue work (dual-status updates), background services polling
for it on settings-driven intervals, utilities, relative and absolute imports,
function-level imports and a few import cycles. Same size, same bytes.
"""

from __future__ import annotations

import random
from pathlib import Path

#: One package of this many modules per "domain" of the synthetic app.
PACKAGE_SIZE = 50


def _settings(jobs: list[str]) -> str:
    lines = [
        '"""Settings of the synthetic backend."""',
        "from pydantic import Field",
        "from pydantic_settings import BaseSettings, SettingsConfigDict",
        "",
        "",
        "class Settings(BaseSettings):",
        '    model_config = SettingsConfigDict(env_file=".env", extra="ignore")',
        '    DATABASE_URL: str = "postgresql+asyncpg://localhost/synth"',
    ]
    for index, job in enumerate(jobs):
        lines.append(f"    {job.upper()}_INTERVAL_MINUTES: int = {1 + index % 15}")
        lines.append(
            f"    {job.upper()}_BATCH_SIZE: int = Field(default={10 + index % 40}, description='rows per run')"
        )
    lines += ["", "", "settings = Settings()", ""]
    return "\n".join(lines)


def _model(name: str, rng: random.Random) -> str:
    enum = f"{name}Status"
    lines = [
        f'"""The {name} model and its statuses."""',
        "import enum",
        "from datetime import datetime",
        "",
        "from sqlalchemy import DateTime, Enum, String",
        "from sqlalchemy.orm import Mapped, mapped_column",
        "",
        "from ..base import Base",
        "",
        "",
        f"class {enum}(str, enum.Enum):",
        '    New = "New"',
        '    Queued = "Queued"',
        '    Processing = "Processing"',
        '    Complete = "Complete"',
        '    Error = "Error"',
        "",
        "",
        f"class {name}Curation(str, enum.Enum):",
        '    New = "New"',
        '    Selected = "Selected"',
        '    Rejected = "Rejected"',
        "",
        "",
        f"class {name}(Base):",
        f'    __tablename__ = "{name.lower()}s"',
        "    id: Mapped[int] = mapped_column(primary_key=True)",
        "    name: Mapped[str] = mapped_column(String(200))",
        f"    status: Mapped[{enum}] = mapped_column(Enum({enum}), default={enum}.New)",
        f"    curation_status: Mapped[{name}Curation] = mapped_column(Enum({name}Curation), default={name}Curation.New)",
        "    error: Mapped[str | None] = mapped_column(String(1000), nullable=True)",
        "    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))",
        "",
    ]
    for index in range(rng.randint(8, 12)):
        lines += [
            f"    def describe_{index}(self) -> str:",
            f'        """A description ({index})."""',
            f'        parts = [self.name, str(self.status), "{name.lower()}-{index}"]',
            "        if self.error:",
            "            parts.append(self.error[:40])",
            '        return " ".join(part for part in parts if part)',
            "",
        ]
    return "\n".join(lines)


def _utility(
    package: str, index: int, rng: random.Random, siblings: list[str], cycle_with: str | None
) -> str:
    lines = [
        f'"""Helpers {package}.util_{index}."""',
        "import json",
        "import logging",
        "import re",
        "from typing import Any",
        "",
    ]
    for sibling in sorted(set(siblings)):
        lines.append(f"from . import {sibling}")
    if cycle_with:
        lines.append(f"from . import {cycle_with}  # an import cycle, as real code has")
    lines += [
        "",
        "logger = logging.getLogger(__name__)",
        f"PATTERN_{index} = re.compile(r'[a-z]+{index}')",
        "",
    ]
    for function in range(rng.randint(13, 16)):
        lines += [
            "",
            f"def helper_{function}(value: Any, limit: int = {function + 3}) -> dict[str, Any]:",
            f'    """Normalise a value ({function})."""',
            "    text = json.dumps(value, default=str)",
            f"    found = PATTERN_{index}.findall(text)[:limit]",
            "    if not found:",
            f'        logger.debug("nothing in %s", text[:{20 + function}])',
            '        return {"value": value, "found": []}',
            '    result = {"value": value, "found": found, "count": len(found)}',
        ]
        if siblings and function % 3 == 0:
            lines.append(
                f"    result['extra'] = {rng.choice(siblings)}.helper_{function % 4}(found)"
            )
        lines += ["    return result"]
    return "\n".join(lines) + "\n"


def _router(package: str, model: str, models_pkg: str) -> str:
    lower = model.lower()
    return f'''"""Routes for {lower}s: list them and queue them for processing."""
from typing import Any

from fastapi import APIRouter, BackgroundTasks, Depends
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from synth.session import get_session
from ..{models_pkg}.{lower} import {model}, {model}Curation, {model}Status

router = APIRouter(prefix="/{lower}s", tags=["{model}"])


async def _audit(item_id: int) -> None:
    """Record an audit entry after the response."""
    from ..util_0 import helper_0

    helper_0(item_id)


@router.get("")
async def list_{lower}s(session: AsyncSession = Depends(get_session)) -> list[dict[str, Any]]:
    """List {lower}s."""
    rows = (await session.execute(select({model}).limit(100))).scalars().all()
    return [{{"id": row.id, "name": row.name, "status": row.status}} for row in rows]


@router.get("/{{item_id}}")
async def get_{lower}(item_id: int, session: AsyncSession = Depends(get_session)) -> dict[str, Any]:
    """One {lower}."""
    row = await session.get({model}, item_id)
    return {{"id": row.id, "name": row.name}}


@router.put("/{{item_id}}/select")
async def select_{lower}(item_id: int, tasks: BackgroundTasks, session: AsyncSession = Depends(get_session)) -> dict[str, Any]:
    """Select a {lower}: it is queued for processing (dual-status update)."""
    async with session.begin():
        row = await session.get({model}, item_id)
        row.curation_status = {model}Curation.Selected
        row.status = {model}Status.Queued
    tasks.add_task(_audit, item_id)
    return {{"queued": True}}


@router.put("/select")
async def select_many_{lower}s(ids: list[int], session: AsyncSession = Depends(get_session)) -> dict[str, Any]:
    """Select many {lower}s at once."""
    async with session.begin():
        await session.execute(
            update({model}).where({model}.id.in_(ids)).values(
                {{{model}.curation_status: {model}Curation.Selected, {model}.status: {model}Status.Queued}}
            )
        )
    return {{"queued": len(ids)}}
''' + "".join(
        f'''

@router.get("/report/{index}")
async def report_{index}_{lower}(session: AsyncSession = Depends(get_session)) -> dict[str, Any]:
    """Report {index} on {lower}s."""
    rows = (await session.execute(select({model}).where({model}.status == {model}Status.Complete))).scalars().all()
    summary = {{"total": len(rows), "names": [row.name for row in rows][:{index + 5}]}}
    if not rows:
        return {{"total": 0}}
    return summary
'''
        for index in range(12)
    )


def _job(package: str, model: str, models_pkg: str, job: str) -> str:
    lower = model.lower()
    upper = job.upper()
    return f'''"""Background job {job}: processes queued {lower}s.

Polls the {lower}s table for rows in the Queued status, marks them Processing, works on
them and marks them Complete or Error.
"""
import logging
from typing import Any

from sqlalchemy import select

from synth.config.settings import settings
from synth.scheduler_instance import scheduler
from synth.session import get_background_session
from ..{models_pkg}.{lower} import {model}, {model}Status
from . import util_1

logger = logging.getLogger(__name__)
JOB_ID = "{job}"


async def _claim(batch_size: int) -> list[int]:
    async with get_background_session() as session:
        async with session.begin():
            stmt = (
                select({model})
                .where({model}.status == {model}Status.Queued)
                .order_by({model}.updated_at)
                .limit(batch_size)
                .with_for_update(skip_locked=True)
            )
            rows = (await session.execute(stmt)).scalars().all()
            for row in rows:
                row.status = {model}Status.Processing
            return [row.id for row in rows]


async def _process(item_id: int) -> None:
    async with get_background_session() as session:
        async with session.begin():
            row = await session.get({model}, item_id)
            if row is None:
                return
            try:
                row.name = util_1.helper_1(row.name)["value"]
                row.status = {model}Status.Complete
            except Exception as error:
                row.status = {model}Status.Error
                row.error = str(error)[:1000]


async def {job}(batch_size: int = 10) -> None:
    """Process up to ``batch_size`` queued {lower}s."""
    ids = await _claim(batch_size)
    if not ids:
        logger.debug("nothing queued")
        return
    for item_id in ids:
        await _process(item_id)
    logger.info("processed %d {lower}s", len(ids))


def setup_{job}() -> None:
    """Register the job on the shared scheduler."""
    interval = settings.{upper}_INTERVAL_MINUTES
    scheduler.add_job(
        {job},
        "interval",
        minutes=interval,
        id=JOB_ID,
        max_instances=1,
        coalesce=True,
        kwargs={{"batch_size": settings.{upper}_BATCH_SIZE}},
    )
    logger.info("registered %s every %s minute(s)", JOB_ID, interval)
''' + "".join(
        f'''

def statistics_{index}(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Statistic {index} of a batch."""
    total = len(rows)
    failed = [row for row in rows if row.get("status") == "Error"]
    if not total:
        return {{"total": 0, "failed": 0, "ratio": 0.0}}
    ratio = len(failed) / total
    logger.debug("batch {index}: %d rows, %d failed", total, len(failed))
    return {{"total": total, "failed": len(failed), "ratio": round(ratio, {index % 4 + 1})}}
'''
        for index in range(9)
    )


def generate(root: str | Path, modules: int, seed: int = 7) -> Path:
    """Write a synthetic backend of about ``modules`` modules under ``root``; return it."""
    rng = random.Random(seed)
    root = Path(root)
    package = root / "synth"
    files: dict[str, str] = {}
    packages = max(1, modules // PACKAGE_SIZE)
    jobs: list[str] = []
    routers: list[tuple[str, str]] = []
    setups: list[tuple[str, str]] = []
    for number in range(packages):
        name = f"domain_{number:03d}"
        model = f"Item{number:03d}"
        files[f"{name}/__init__.py"] = f'"""Domain {number}."""\n'
        files[f"{name}/models/__init__.py"] = ""
        files[f"{name}/models/{model.lower()}.py"] = _model(model, rng)
        files[f"{name}/routers.py"] = _router(name, model, "models")
        job = f"process_{model.lower()}s"
        jobs.append(job)
        files[f"{name}/jobs.py"] = _job(name, model, "models", job)
        routers.append((name, "routers"))
        setups.append((name, job))
        used = 4
        utilities = max(2, min(PACKAGE_SIZE, modules // packages) - used)
        for index in range(utilities):
            siblings = [
                f"util_{other}"
                for other in rng.sample(range(utilities), min(3, utilities))
                if other != index
            ]
            cycle = f"util_{index + 1}" if index % 17 == 3 and index + 1 < utilities else None
            files[f"{name}/util_{index}.py"] = _utility(name, index, rng, siblings, cycle)
    files["__init__.py"] = '"""The synthetic backend."""\n'
    files["base.py"] = (
        "from sqlalchemy.orm import DeclarativeBase\n\n\nclass Base(DeclarativeBase):\n    pass\n"
    )
    for name in {name for name, _ in routers}:
        files[f"{name}/base.py"] = "from ..base import Base  # noqa: F401\n"
    files["config/__init__.py"] = ""
    files["config/settings.py"] = _settings(jobs)
    files["scheduler_instance.py"] = (
        "from apscheduler.schedulers.asyncio import AsyncIOScheduler\n\nscheduler = AsyncIOScheduler()\n"
    )
    files["session.py"] = (
        "from contextlib import asynccontextmanager\n\n"
        "from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine\n\n"
        "from .config.settings import settings\n\n"
        'engine = create_async_engine(settings.DATABASE_URL, connect_args={"statement_cache_size": 0})\n'
        "factory = async_sessionmaker(engine)\n\n\n"
        "async def get_session():\n    async with factory() as session:\n        yield session\n\n\n"
        "@asynccontextmanager\nasync def get_background_session():\n    async with factory() as session:\n        yield session\n"
    )
    main = [
        '"""The synthetic API."""',
        "from contextlib import asynccontextmanager",
        "",
        "from fastapi import FastAPI",
        "",
        "from .scheduler_instance import scheduler",
    ]
    for name, job in setups:
        main.append(f"from .{name}.jobs import setup_{job}")
    for name, module in routers:
        main.append(f"from .{name} import {module} as {name}_{module}")
    main += ["", "", "@asynccontextmanager", "async def lifespan(app):", "    scheduler.start()"]
    main += [f"    setup_{job}()" for _, job in setups]
    main += [
        "    yield",
        "    scheduler.shutdown()",
        "",
        "",
        "app = FastAPI(lifespan=lifespan)",
        "ROUTERS = [",
    ]
    main += [f"    {name}_{module}.router," for name, module in routers]
    main += ["]", "for router in ROUTERS:", '    app.include_router(router, prefix="/api/v3")', ""]
    files["main.py"] = "\n".join(main)
    for relative, text in sorted(files.items()):
        path = package / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root
