"""What pyproject.toml promises matches the files and the lock."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import REPO

PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())


def names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\[<>=!~; ]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


def pinned(lock: str) -> dict[str, str]:
    text = (REPO / "requirements" / lock).read_text()
    return {m[1].lower(): m[2] for m in re.finditer(r"(?m)^([A-Za-z0-9_.-]+)==([^ ;\\\n]+)", text)}


def test_every_package_data_glob_names_files_that_exist():
    for package, globs in PROJECT["tool"]["setuptools"]["package-data"].items():
        for glob in globs:
            assert list((REPO / package).glob(glob)), f"{package}: {glob} names no file"


def test_both_packages_say_they_are_typed():
    assert (REPO / "bot" / "py.typed").exists()
    assert (REPO / "camag_core" / "py.typed").exists()


def test_the_locks_pin_every_dependency_and_the_run_lock_no_test_tool():
    run, test = pinned("run.txt"), pinned("test.txt")
    extras = PROJECT["project"]["optional-dependencies"]
    assert names(PROJECT["project"]["dependencies"] + extras["postgres"]) <= set(run), "run `make lock`"
    assert names(PROJECT["project"]["dependencies"] + extras["postgres"] + extras["test"]) <= set(test), (
        "run `make lock`"
    )
    assert not names(extras["test"]) - {"pillow"} & set(run)  # pillow comes with matplotlib anyway
    assert {name: run[name] for name in run} == {name: test[name] for name in run}  # one version of each


def test_no_unused_ptb_extra_is_installed():
    """The reminders have their own dispatcher and the pacing its own limiter (bot/throttle.py):
    PTB's job-queue (APScheduler) and rate-limiter (aiolimiter) extras are not needed."""
    assert not {"apscheduler", "aiolimiter"} & set(pinned("test.txt"))
    assert "python-telegram-bot" in names(PROJECT["project"]["dependencies"])
    assert not any("[" in r for r in PROJECT["project"]["dependencies"] if r.startswith("python-telegram-bot"))


def test_the_source_distribution_carries_what_it_takes_to_run_and_test():
    manifest = (REPO / "MANIFEST.in").read_text()
    for wanted in (".env.example", "recursive-include tests", "recursive-include examples", "requirements", "deploy"):
        assert wanted in manifest
