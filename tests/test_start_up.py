"""What starting the bot loads: the libraries the first poll does not need wait for their first use."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

# The picture, the PDF report, the label photos' engine, PostgreSQL's driver, typo matching (numpy is the
# picture's, and the embedded store's reminder index's: loaded when that store is built).
LOADED_AT_FIRST_USE = ("matplotlib", "numpy", "fpdf", "rapidocr", "onnxruntime", "cv2", "psycopg", "rapidfuzz")


def test_the_bot_starts_without_the_libraries_its_first_poll_does_not_need():
    loaded = "import sys, bot.__main__; print(' '.join(sorted(sys.modules)))"
    modules = subprocess.run([sys.executable, "-c", loaded], cwd=REPO, capture_output=True, text=True, check=True)
    names = {name.split(".")[0] for name in modules.stdout.split()}
    assert "telegram" in names  # what it needs is loaded
    assert names.isdisjoint(LOADED_AT_FIRST_USE), sorted(names & set(LOADED_AT_FIRST_USE))


def test_a_word_with_a_typo_is_matched_to_the_word_meant_and_nothing_else():
    from camag_core.spelling import closest, partial_ratio, ratio

    assert closest("sardins", ["salmon", "sardines"], at_least=85) == "sardines"
    assert closest("sardins", ["salmon", "tofu"], at_least=85) is None
    assert ratio("osteoperosis", "osteoporosis") > 85 > ratio("kale", "milk")
    assert partial_ratio("alendronate", "alendronat once a week") > 85
