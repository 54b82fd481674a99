"""Deep structures real trees (and hostile ones) have: long include_router chains."""

from __future__ import annotations

from conftest import analyse_tree


def _include_chain(root, depth: int):
    package = root / "app"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    for level in range(depth):
        child = f"from app.r{level + 1} import router as child\n" if level + 1 < depth else ""
        include = (
            f"router.include_router(child, prefix='/l{level + 1}')\n" if level + 1 < depth else ""
        )
        (package / f"r{level}.py").write_text(
            f"from fastapi import APIRouter\n{child}router = APIRouter()\n\n"
            f"@router.get('/{{item_id}}')\nasync def get_{level}(item_id: str): ...\n\n"
            f"@router.get('/static')\nasync def static_{level}(): ...\n{include}"
        )
    (package / "main.py").write_text(
        "from fastapi import FastAPI\nfrom app.r0 import router\n"
        "app = FastAPI()\napp.include_router(router, prefix='/api')\n"
    )
    return root


def test_a_thousand_deep_include_chain_gets_every_full_path(tmp_path):
    catalog = analyse_tree(_include_chain(tmp_path, 1000))
    assert len(catalog.endpoints) == 2000
    deepest = "/api" + "".join(f"/l{level}" for level in range(1, 1000))
    assert {
        endpoint.path for endpoint in catalog.endpoints if endpoint.function == "static_999"
    } == {deepest + "/static"}
    # each router's static route comes after its own parameter route: shadowed, at every level
    assert len([finding for finding in catalog.findings if finding.rule == "API3"]) == 1000


def test_a_setting_defined_1500_classes_up_an_inheritance_chain_is_found(tmp_path):
    package = tmp_path / "app"
    package.mkdir()
    (package / "__init__.py").write_text("")
    lines = ["from pydantic_settings import BaseSettings", "", "class S0(BaseSettings):"]
    lines += ["    v0: int = 45", ""]
    for level in range(1, 1500):
        lines += [f"class S{level}(S{level - 1}):", f"    v{level}: int = {level}", ""]
    (package / "settings.py").write_text("\n".join([*lines, "settings = S1499()", ""]))
    (package / "main.py").write_text(
        "from apscheduler.schedulers.asyncio import AsyncIOScheduler\n"
        "from fastapi import FastAPI\nfrom app.settings import settings\n"
        "async def job(): ...\nscheduler = AsyncIOScheduler()\n"
        "scheduler.add_job(job, 'interval', seconds=settings.v0)\napp = FastAPI()\n"
    )
    catalog = analyse_tree(tmp_path)
    (service,) = catalog.services
    assert (service.trigger.every_seconds, service.trigger.setting) == (45, "v0")
    assert len(catalog.settings) == 1500


def _registration_chain(root, calls: int):
    package = root / "app"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    helpers = "".join(f"def step{n}():\n    step{n + 1}()\n\n\n" for n in range(1, calls))
    (package / "main.py").write_text(
        "from apscheduler.schedulers.asyncio import AsyncIOScheduler\n"
        "from fastapi import FastAPI\n\nscheduler = AsyncIOScheduler()\n\n\n"
        "async def job(): ...\n\n\n"
        f"{helpers}def step{calls}():\n    scheduler.add_job(job, 'interval', seconds=5)\n\n\n"
        "step1()\napp = FastAPI()\n"
    )
    return root


def test_a_registration_within_the_call_depth_bound_is_found_and_beyond_it_is_not(tmp_path):
    from scrapersky_services.analysis.bounds import all_limits
    from scrapersky_services.analysis.resolve.callgraph import MAX_CALL_DEPTH

    within = analyse_tree(_registration_chain(tmp_path / "within", MAX_CALL_DEPTH - 1))
    beyond = analyse_tree(_registration_chain(tmp_path / "beyond", MAX_CALL_DEPTH + 1))
    assert [service.registered for service in within.services] == [True]
    assert [service.registered for service in beyond.services] == [False]
    # the limits page says so
    bound = next(limit for limit in all_limits() if limit.name.startswith("Calls between"))
    assert bound.value == str(MAX_CALL_DEPTH) and "not registered" in bound.past_it
