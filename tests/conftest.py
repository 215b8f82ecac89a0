"""Shared test settings and paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[1]


def _find_shared() -> Path:
    """The articles and official tables (shared/): CAMAG_SHARED_DIR, else the nearest shared/
    beside the repository or beside one of its parent folders (CI lays it beside the clone)."""
    if "CAMAG_SHARED_DIR" in os.environ:
        return Path(os.environ["CAMAG_SHARED_DIR"])
    for folder in REPO.parents:
        if (folder / "shared" / "seeds").is_dir():
            return folder / "shared"
    return REPO.parent / "shared"


SHARED = _find_shared()

settings.register_profile("default", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "default")


def shared_dir(name: str) -> Path:
    """A folder of shared/ (the articles, the official tables). Beside a developer's checkout it may
    be missing, and the tests that need it are skipped; in CI (``CI`` set) a missing folder fails
    them loudly instead."""
    folder = SHARED / name
    if not folder.is_dir():
        message = f"shared/{name} is not beside the repository (set CAMAG_SHARED_DIR)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return folder


@pytest.fixture(scope="session")
def _postgres_migrated() -> str:
    from tests.postgres import migrated

    return migrated()


@pytest.fixture
def postgres_url(_postgres_migrated: str) -> str:
    """The test server's database, migrated and empty."""
    from tests.postgres import clear

    clear(_postgres_migrated)
    return _postgres_migrated
