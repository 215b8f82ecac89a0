"""``camag assess`` on examples/ (figures worked out by hand), ``camag chat`` and ``camag schema``."""

from __future__ import annotations

import json

import pytest

from camag_core.cli import chat, main
from tests.conftest import REPO

EXAMPLES = REPO / "examples"


def run_assess(name: str, capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(["assess", str(EXAMPLES / name)]) == 0
    return json.loads(capsys.readouterr().out)


def test_western_woman(capsys):
    """Calcium carbonate 1250 mg compound x 40% = 500 mg; 25 mcg x 40 = 1000 IU; Lam's 250 mg magnesium.
    The diet pattern gives no calcium, so calcium is at least 500 and the ratio at least 500/250 = 2.0."""
    a = run_assess("western_woman.json", capsys)
    assert a["calcium_mg"] == {**a["calcium_mg"], "supplements": 500.0, "total": 500.0, "at_least": True}
    assert a["vitamin_d_iu"]["supplements"] == 1000.0
    assert (a["magnesium_mg"]["total"], a["magnesium_mg"]["at_least"]) == (250.0, False)
    assert (a["ratio"], a["ratio_bound"], a["balance"]["verdict"]) == (2.0, "at_least", "unknown")
    assert a["reference"]["magnesium"]["percent"] == 78.1  # 250 / 320
    assert [q["id"] for q in a["quotes"]] == ["dean-vitamin-d", "dean-soda-farming", "lam-western-diet"]


def test_food_questions_man(capsys):
    """Baseline 163 mg Ca / 117 mg Mg; dairy 2 x (340.67, 25.67); greens 133.75 / 23; nuts 53.5 / 86.83;
    whole grains 2 x (55.75, 42.5): diet 1143.08 mg Ca, 363.17 mg Mg. Magnesium oxide 2 x 400 x 60% = 480 mg.
    Ratio 1143.08 / 843.17 = 1.356."""
    a = run_assess("food_questions_man.json", capsys)
    assert (a["calcium_mg"]["total"], a["magnesium_mg"]["diet"], a["magnesium_mg"]["supplements"]) == (
        1143.1,
        363.2,
        480.0,
    )
    assert (a["ratio"], a["balance"]["verdict"]) == (1.36, "calcium_leaning")
    assert [w["code"] for w in a["warnings"]] == ["magnesium_supplement_above_ul"]
    dose = next(q for q in a["quotes"] if q["id"] == "lam-dose-500-1000")
    assert "350 mg" in dose["caveat"]


def test_balanced_woman(capsys):
    """Spinach adds 78 mg magnesium and no counted calcium: diet 900.72 mg Ca, 552.53 mg Mg; plus 200 mg
    magnesium glycinate (elemental): ratio 900.72 / 752.53 = 1.197, near 1:1."""
    a = run_assess("balanced_woman.json", capsys)
    assert (a["calcium_mg"]["total"], a["magnesium_mg"]["total"], a["ratio"]) == (900.7, 752.5, 1.2)
    assert a["balance"]["verdict"] == "balanced"
    assert [s["code"] for s in a["suggestions"]] == ["more_calcium_from_food", "more_vitamin_d_from_food"]


def test_pregnant_with_unknowns(capsys):
    a = run_assess("pregnant_with_unknowns.json", capsys)
    assert a["ratio"] is None
    assert a["balance"]["verdict"] == "unknown"
    assert [w["code"] for w in a["warnings"]] == [
        "kidney_disease",
        "kidney_disease_magnesium",
        "pregnancy",
        "supplement_amount_unknown",
    ]
    assert a["reference"]["magnesium"]["amount"] == 350  # pregnancy, 19-30
    assert a["reference"]["magnesium"]["percent"] is None
    assert set(a["unknowns"]) == {"diet", "soft drinks", "medicines"}


def test_invalid_file_reports_each_reason(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"age": 300, "supplements": [{"nutrient": "magnesium", "amount": 50, "unit": "g"}]}')
    assert main(["assess", str(bad)]) == 2
    out = capsys.readouterr().out
    assert "age: Input should be less than or equal to 120" in out
    assert "not a plausible amount" in out


def test_schema_is_the_answers_schema(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Answers"
    assert {"age", "sex", "diet", "supplements"} <= set(schema["properties"])


def test_chat_runs_the_interview_and_ends_with_the_summary():
    replies = iter(
        [
            "old enough",
            "42",
            "f",
            "neither",
            "2",
            "skip",
            "2 tablets of 500 mg calcium carbonate",
            "2",
            "none",
            "none",
            "",
        ]
    )
    said: list[str] = []
    assert chat(lambda _prompt: next(replies), said.append) == 0
    text = "\n".join(said)
    assert "Please type your age in years as a number" in text  # "old enough" is re-prompted
    assert "BALANCE NOT KNOWN YET" in text  # the Western pattern gives no calcium figure
    assert "Calcium: at least 400 mg a day" in text  # 2 x 500 mg carbonate compound = 400 mg, diet unknown
    assert "Magnesium: 250 mg a day" in text
    assert "not medical advice" in text


def test_chat_back_and_quit():
    replies = iter(["42", "back", "43", "quit"])
    said: list[str] = []
    assert chat(lambda _prompt: next(replies), said.append) == 1
    assert said.count("How old are you?") == 2
    assert "Nothing was saved" in said[-1]
