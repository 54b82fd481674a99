"""Benchmarks: synthetic backends, the tools to compare, and the report (nox -s bench)."""
