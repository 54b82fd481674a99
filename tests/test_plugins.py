"""A new service kind or rule is one module: the packages find their modules by name."""

from __future__ import annotations

import sys

import pytest
from scrapersky_services.analysis import rules, services
from scrapersky_services.analysis.rules import select_rules


@pytest.fixture
def extra_module(tmp_path, monkeypatch):
    """Write one more module into a package's search path (and forget it afterwards)."""

    def add(package, name: str, source: str) -> None:
        folder = tmp_path / package.__name__.rpartition(".")[2]
        folder.mkdir(exist_ok=True)
        (folder / f"{name}.py").write_text(source, encoding="utf8")
        monkeypatch.setattr(package, "__path__", [*package.__path__, str(folder)])
        monkeypatch.delitem(sys.modules, f"{package.__name__}.{name}", raising=False)

    return add


def test_a_new_rule_module_is_found_in_its_family_order(extra_module):
    extra_module(
        rules,
        "api9",
        "from scrapersky_services.analysis.rules.base import Rule\n"
        "RULE = Rule('API9', 'A new rule', 'low', 'Why.', 'MAN-API-PREFIX', needs='api_prefix')\n"
        "def check(context):\n    return iter(())\n",
    )
    codes = [module.RULE.code for module in rules._rule_modules()]
    assert codes.index("API3") < codes.index("API9") < codes.index("ERR1")


def test_a_rule_runs_only_with_what_it_needs():
    without, _ = select_rules([], "", [])
    assert not {"API1", "API2", "DB1", "TEN1", "ERR1"} & set(without)
    configured, _ = select_rules([], "/api/v3", ["app.db.session"])
    assert {"API1", "API2", "DB1"} <= set(configured)
    assert not {"TEN1", "ERR1"} & set(configured)  # named in scrapersky_rules only
    named, _ = select_rules(["TEN1"], "", [])
    assert named == ("TEN1",)


def test_a_new_service_kind_module_is_found_and_runs_in_its_order(extra_module):
    extra_module(
        services,
        "celery_tasks",
        "from scrapersky_services.analysis.services.base import Kind\n"
        "KINDS = (Kind('celery-task', 'Celery task', spawned=True),)\n"
        "ORDER = 60\n"
        "def find(finder):\n    finder.services.append('celery')\n",
    )
    modules = services._kind_modules()
    names = [module.__name__.rpartition(".")[2] for module in modules]
    assert names.index("threads") < names.index("celery_tasks") < names.index("polling")
    assert [kind.name for kind in modules[names.index("celery_tasks")].KINDS] == ["celery-task"]
