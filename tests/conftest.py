"""Shared fixtures: a store around a temporary workspace, and a fixed date."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from okr_tui.store import Store

TODAY = date(2026, 11, 26)
"""Tests pin the date: Thursday of ISO week 48, in 2026-Q4."""


def fixed_clock() -> datetime:
    return datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="session", autouse=True)
def _stop_test_databases() -> Iterator[None]:
    """A PostgreSQL server a test started stops with the session (tests/helpers_pg.py)."""
    yield
    helpers_pg = sys.modules.get("tests.helpers_pg")
    if helpers_pg is not None:
        helpers_pg.stop_server()


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return tmp_path / "workspace.json"


@pytest.fixture
def store(workspace: Path) -> Iterator[Store]:
    yield Store(workspace, "ann", org="Test org", clock=fixed_clock)


async def settle(app: Any, pilot: Any) -> None:
    """Wait until the app has handled its messages and every worker has finished.

    Use it before asserting that something is *not* on screen: a fixed pause
    passes trivially when the result is merely late.
    """
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture(autouse=True)
def english_unless_asked() -> Iterator[None]:
    """Each test starts and ends in English: a language chosen by one never leaks into the next."""
    from okr_tui import i18n

    i18n.start_language(None, {})
    yield
    i18n.start_language(None, {})
