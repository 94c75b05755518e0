"""Fixture plugins shared by the whole suite."""

pytest_plugins = ["tests.fixtures.locations", "tests.fixtures.workers", "tests.fixtures.clients"]
