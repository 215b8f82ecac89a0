"""``camag assess`` on examples/ (figures worked out by hand), ``camag chat`` and ``camag schema``."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import pytest

from camag_core import guidance
from camag_core.cli import chat, main
from camag_core.i18n import LANGUAGES, shipped, texts
from tests.conftest import MARK, REPO, latin_words

EXAMPLES = REPO / "examples"


def run_assess(name: str, capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(["assess", str(EXAMPLES / name)]) == 0
    return json.loads(capsys.readouterr().out)


def test_western_woman(capsys):
    """Calcium carbonate 1250 mg compound x 40% = 500 mg; 25 mcg x 40 = 1000 IU. The Western pattern
    counts food at the survey means for women 31-50: 864 mg calcium (NHANES), 228 mg magnesium (CSFII,
    with Lam's 250 beside it), 144-276 IU vitamin D. Ratio 1364 / 228 = 5.98."""
    a = run_assess("western_woman.json", capsys)
    assert (a["calcium_mg"]["diet"], a["calcium_mg"]["total"], a["calcium_mg"]["diet_typical"]) == (864.0, 1364.0, True)
    assert (a["vitamin_d_iu"]["total"], a["vitamin_d_iu"]["total_max"]) == (1144.0, 1276.0)
    assert (a["magnesium_mg"]["total"], a["magnesium_mg"]["at_least"]) == (228.0, False)
    assert (a["ratio"], a["ratio_bound"], a["balance"]["verdict"]) == (5.98, "exact", "calcium_heavy")
    assert a["reference"]["magnesium"]["percent"] == 71.3  # 228 / 320
    assert any("Michael Lam puts it at 250 mg" in line for line in a["estimates"])
    assert [q["id"] for q in a["quotes"]] == ["dean-calcification", "dean-vitamin-d", "dean-soda-farming"]


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
    # already above the supplemental limit: no passage that urges more magnesium
    assert [q["id"] for q in a["quotes"]] == ["dean-calcification", "dean-vitamin-d", "dean-calcitonin"]


def test_balanced_woman(capsys):
    """Spinach adds 78 mg magnesium and no counted calcium: diet 900.72 mg Ca, 552.53 mg Mg; plus 200 mg
    magnesium glycinate (elemental): ratio 900.72 / 752.53 = 1.197, near 1:1."""
    a = run_assess("balanced_woman.json", capsys)
    assert (a["calcium_mg"]["total"], a["magnesium_mg"]["total"], a["ratio"]) == (900.7, 752.5, 1.2)
    assert a["balance"]["verdict"] == "balanced"
    # calcium is 99 mg short of 1,000: under the 10% worth a suggestion
    assert [s["code"] for s in a["suggestions"]] == ["more_vitamin_d_from_food"]


def test_pregnant_with_unknowns(capsys):
    """Diet not described: food at the survey means for women 19-30 (838 mg calcium, 228 mg magnesium);
    the magnesium supplement's amount is not known, so the ratio is at most 838 / 228 = 3.68."""
    a = run_assess("pregnant_with_unknowns.json", capsys)
    assert (a["ratio"], a["ratio_bound"], a["ratio_low"], a["ratio_high"]) == (3.68, "at_most", 0.0, 3.68)
    assert a["balance"]["verdict"] == "unknown"
    assert "more_magnesium" not in {advice for q in a["quotes"] for advice in q["advice"]}
    assert [w["code"] for w in a["warnings"]] == [
        "kidney_disease",
        "kidney_disease_magnesium",
        "pregnancy",
        "supplement_amount_unknown",
    ]
    assert a["reference"]["magnesium"]["amount"] == 350  # pregnancy, 19-30
    assert a["reference"]["magnesium"]["percent"] == 65.1  # at least 228 / 350
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


def test_schema_of_the_assessment_documents_the_new_fields(capsys):
    assert main(["schema", "--assessment"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert {"ratio_low", "ratio_high", "upper_limits", "scope_note"} <= set(schema["properties"])
    kind = schema["$defs"]["SafetyWarning"]["properties"]["kind"]
    assert kind["enum"] == ["upper_limit", "medicine", "condition", "note"]
    assert "most harmful first" in kind["description"]
    assert {"total_max", "diet_typical"} <= set(schema["$defs"]["Intake"]["properties"])


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
    assert "CALCIUM FAR AHEAD OF MAGNESIUM" in text  # the Western pattern counts the survey's figures
    assert "about 5.5:1" in text  # (864 + 2 x 500 mg carbonate compound = 400 mg) / 228
    assert "Calcium: 1,264 mg a day (food 864 mg, typical, supplements 400 mg)" in text
    assert "Magnesium: 228 mg a day" in text
    assert "not medical advice" in text


def _then_eof(typed: list[str]) -> Callable[[str], str]:
    """What a person types, answer by answer, then the end of the input (a piped file, Ctrl-D)."""
    replies = iter(typed)

    def ask(_prompt: str) -> str:
        try:
            return next(replies)
        except StopIteration:
            raise EOFError from None

    return ask


def test_chat_input_that_ends_at_the_review_shows_the_balance():
    """A file piped in, or Ctrl-D, after the last answer: the result, not a traceback."""
    said: list[str] = []
    assert chat(_then_eof(["42", "m", "western", "0", "none", "none", "none"]), said.append) == 0
    assert "not medical advice" in "\n".join(said)


def test_chat_reads_the_answer_to_how_many_a_week_per_week_and_keeps_what_a_list_made_clear():
    said: list[str] = []
    typed = ["42", "m", "western", "sometimes", "3"]  # soft drinks: "sometimes", then 3 (a week)
    typed += ["500 mg magnesium oxide, Tums 2 a day", "Tums Extra Strength 750, 2 a day", "1", "none", "none"]
    assert chat(_then_eof(typed), said.append) == 0
    text = "\n".join(said)
    assert "Got it: Soft drinks, 3 a week." in text
    assert "500 mg magnesium (as magnesium oxide), 1 a day; TUMS Extra Strength 750" in text


def test_chat_indents_every_line_of_a_hint_under_its_question():
    said: list[str] = []
    chat(_then_eof(["42", "m", "western", "0", "none", "none"]), said.append)  # ends at the medicines
    groups = next(s for s in said if "Bones:" in s)
    assert all(line.startswith("  ") for line in groups.splitlines())


def test_chat_back_and_quit():
    replies = iter(["42", "back", "43", "quit"])
    said: list[str] = []
    assert chat(lambda _prompt: next(replies), said.append) == 1
    assert said.count("How old are you? Please type it.") == 2
    assert "Nothing was saved" in said[-1]


def test_chat_back_keeps_the_answer_as_the_bot_does_and_enter_keeps_it():
    replies = iter(["42", "m", "western", "back", "", "2", "none", "none", "none", "6", "3", ""])
    said: list[str] = []
    assert chat(lambda _prompt: next(replies), said.append) == 0
    text = "\n".join(said)
    assert "Your answer so far: Typical Western diet (Enter keeps it)" in text  # back: asked again, kept
    assert "Got it: Soft drinks, 2 a day." in text
    assert "Your answer so far: None (Enter keeps it)" in text  # changed from the review: conditions
    assert "Got it: Conditions, Osteoporosis." in text
    assert "1. Age: 42" in text
    assert "Stopped" not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_chat_lang_speaks_a_shipped_language_and_says_when_one_is_not(
    language: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.setattr("sys.stdin", io.StringIO("quit\n"))
    assert main(["chat", "--lang", language]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == texts(language)._(
        'CaMag: your calcium : magnesium balance. Type your answer. "back" goes back, "skip" means '
        'I don\'t know, "quit" stops.'
    )
    assert (err == "") == (language in shipped())


@pytest.mark.parametrize(("language", "word"), [("en", "Quit"), ("ru", "стоп"), ("es", "salir"), ("de", "beenden")])
def test_chat_stops_on_the_word_its_greeting_names(language: str, word: str, monkeypatch, capsys):
    """The greeting names a stop word in each language, and typing it stops the chat."""
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{word}\n"))
    assert main(["chat", "--lang", language]) == 1
    out, _ = capsys.readouterr()
    assert word.lower() in out.splitlines()[0].lower()
    assert out.splitlines()[-1].endswith(texts(language)._("Stopped. Nothing was saved."))


def test_chat_lang_de_speaks_german_once_it_ships(german: None, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("42\nquit\n"))
    assert main(["chat", "--lang", "de"]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    assert "Beendet. Nichts wurde gespeichert." in out


def test_chat_lang_says_every_line_through_the_catalog(marked: None):
    """Through a catalog that marks each line of every message, each line of a chat in German
    that skips every question is marked, but for the articles' passages (quoted in English)."""
    said: list[str] = []
    assert chat(_then_eof(["skip"] * 40), said.append, t=texts("de")) == 0
    shown = "\n".join(said)
    quoted = [f"“{p.text}”" for p in guidance.passages() if f"“{p.text}”" in shown]
    assert quoted  # the passages were shown, word for word
    for passage in quoted:
        shown = shown.replace(passage, "")
    assert [line for line in shown.splitlines() if line.strip() and MARK[0] not in line] == []
    assert latin_words([shown]) == set()
