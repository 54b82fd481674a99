"""Incremental builds: no change re-reads nothing; one edit re-reads only its pages."""

from __future__ import annotations

from conftest import build, docs_read


def test_no_change_reads_nothing(make_app, shop):
    project, backend = shop
    build(make_app, project, backend)
    assert docs_read(make_app, project, backend) == []


def test_editing_one_service_reads_only_its_dependants(make_app, shop):
    project, backend = shop
    build(make_app, project, backend)
    reports = backend / "app" / "reports.py"
    reports.write_text(
        reports.read_text().replace("Render the order report.", "Render the order report as PDF.")
    )
    read = docs_read(make_app, project, backend)
    # its page, the pipeline it is drawn in, and the artifacts page (services.json changed)
    assert read == [
        "generated/findings/artifacts",
        "generated/services/app.reports.build_report",
        "generated/status-flow",
    ]
    # and the page shows the new docstring
    html = (
        project / "_build" / "html" / "generated" / "services" / "app.reports.build_report.html"
    ).read_text()
    assert "Render the order report as PDF." in html


def test_a_triage_change_reads_only_the_pages_that_show_it(make_app, shop):
    project, backend = shop
    build(make_app, project, backend)
    triage = project / "triage.toml"
    triage.write_text(
        triage.read_text()
        + '\n[findings."API1-FF649464"]\ndecision = "accepted"\nreason = "health check"\n'
    )
    read = docs_read(make_app, project, backend)
    assert "generated/findings/API1" in read
    assert "generated/findings/index" in read
    assert "generated/services/app.jobs.ship_orders" not in read


def test_a_new_service_adds_its_page_and_a_removed_one_deletes_it(make_app, shop):
    project, backend = shop
    build(make_app, project, backend)
    jobs = backend / "app" / "jobs.py"
    original = jobs.read_text()
    jobs.write_text(
        original.replace(
            "def setup_jobs():", 'async def restock():\n    """Restock."""\n\n\ndef setup_jobs():'
        )
        + '    scheduler.add_job(restock, "interval", hours=1, id="restock")\n'
    )
    (project / "services.toml").write_text(
        (project / "services.toml").read_text()
        + '\n[services.restock]\noutcome = "Shelves refill."\n'
    )
    read = docs_read(make_app, project, backend)
    assert "generated/services/app.jobs.restock" in read
    assert (project / "generated" / "services" / "app.jobs.restock.md").is_file()
    jobs.write_text(original)
    (project / "services.toml").write_text(
        (project / "services.toml")
        .read_text()
        .replace('[services.restock]\noutcome = "Shelves refill."\n', "")
    )
    app = build(make_app, project, backend)
    assert not (project / "generated" / "services" / "app.jobs.restock.md").exists()
    assert "generated/services/app.jobs.restock" not in app.env.found_docs
