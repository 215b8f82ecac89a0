"""Generated label photos read by the real OCR engine, in its own process, through the running bot
(kept to a few photos: each takes a second or two on one core)."""

from __future__ import annotations

import asyncio
import dataclasses
import importlib.util
import logging
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from bot.labels import engine
from bot.labels.engine import EngineUnavailable, missing
from bot.labels.reader import NoReader, OcrProcess
from bot.services import KEY
from camag_core.labels import Box, read_label
from tests.bot.conftest import Harness, start_bot, stop_bot
from tests.label_photos import (
    CLEAR,
    Blemish,
    DrugFactsSpec,
    LabelSpec,
    Nutrient,
    make_drug_facts,
    make_label,
    photograph,
)

THREE = LabelSpec(
    nutrients=(
        Nutrient("calcium", 500, "calcium citrate"),
        Nutrient("magnesium", 250, "magnesium oxide"),
        Nutrient("vitamin_d", 25, "cholecalciferol", show_iu=True),
    ),
    serving_count=2,
    serving_unit="Capsules",
)


@pytest.fixture(scope="module")
def reader() -> Iterator[OcrProcess]:
    """One reader process for the module's tests (starting one takes a few seconds)."""
    found = OcrProcess(idle_seconds=1.0)
    yield found
    found.close()


async def test_a_generated_label_photo_read_by_the_real_engine(running: Harness, reader: OcrProcess):
    running.app.bot_data[KEY] = dataclasses.replace(running.services, label_reader=reader)  # type: ignore[attr-defined]
    ada = running.client()
    said = (await ada.send_photo(photograph(make_label(THREE), CLEAR)))[-1]
    assert "Serving size: 2 capsules" in said.text
    assert "• Calcium (as calcium citrate): 500 mg" in said.text
    assert "• Magnesium (as magnesium oxide): 250 mg" in said.text
    assert "• Vitamin D (as cholecalciferol): 25 mcg (1,000 IU)" in said.text
    assert "Add it to your supplements?" in said.text


async def test_the_reader_process_starts_on_a_photo_and_goes_when_idle(reader: OcrProcess):
    turned = Blemish(rotate=5.0, perspective=0.04, blur=0.8, shadow=0.3, quality=50)
    spec = LabelSpec(
        nutrients=(Nutrient("vitamin_d", 10, None, iu_only=True),), serving_count=1, serving_unit="Softgel"
    )
    found = read_label(await reader(photograph(make_label(spec), turned)))
    assert [(i.nutrient.value, i.amount, i.iu) for i in found.items] == [("vitamin_d", 10.0, 400.0)]
    assert reader.running
    assert read_label(await reader(b"not a picture at all")).items == ()
    await asyncio.sleep(1.5)
    assert not reader.running  # its memory given back


async def test_nothing_is_loaded_before_the_first_photo(running: Harness):
    assert not running.services.label_reader.running  # type: ignore[attr-defined]


def test_the_engine_and_its_bundled_models_are_installed():
    assert missing() is None


def test_what_is_missing_is_named(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(engine, "MODELS", {**engine.MODELS, "Rec.model_path": "PP-OCRv9_rec.onnx"})
    assert missing() == "rapidocr's bundled model PP-OCRv9_rec.onnx is missing"
    real = importlib.util.find_spec
    monkeypatch.setattr(engine, "find_spec", lambda name: None if name == "onnxruntime" else real(name))
    assert missing() == "the Python package providing 'onnxruntime' is not installed"


async def test_without_the_engine_start_up_says_why_once_and_a_photo_gets_the_typed_way(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, tmp_path: Path
):
    real = importlib.util.find_spec
    monkeypatch.setattr(engine, "find_spec", lambda name: None if name == "onnxruntime" else real(name))
    with caplog.at_level(logging.WARNING, logger="bot.labels"):
        harness = await start_bot(tmp_path / "data")
        try:
            off = [r.getMessage() for r in caplog.records if r.name.startswith("bot.labels")]
            assert off == [
                "Label photos are off: the Python package providing 'onnxruntime' is not installed. "
                "A photo is answered with the typed way; `make run` installs the OCR engine."
            ]
            assert isinstance(harness.services.label_reader, NoReader)  # type: ignore[attr-defined]
            ada = harness.client()
            for _ in range(2):
                said = (await ada.send_photo(photograph(make_label(THREE), CLEAR)))[-1]
                assert "Photos of labels can't be read on this server, sorry." in said.text
                assert "Type what the label says" in said.text
            assert len([r for r in caplog.records if r.name.startswith("bot.labels")]) == 1
        finally:
            await stop_bot(harness)


def cannot_load(photo: bytes) -> list[Box]:
    """The worker's engine as where a system library it needs is missing."""
    raise EngineUnavailable("the OCR engine did not load: libGL.so.1: cannot open shared object file")


async def test_an_engine_that_does_not_load_is_logged_once_and_not_started_again(caplog: pytest.LogCaptureFixture):
    reader = OcrProcess(read=cannot_load)
    try:
        with caplog.at_level(logging.WARNING, logger="bot.labels"):
            for _ in range(2):
                with pytest.raises(EngineUnavailable, match="libGL"):
                    await reader(b"a photo")
                await asyncio.sleep(0.1)
                assert not reader.running  # its process let go at once, and none started for the second
        assert [r.getMessage() for r in caplog.records] == [
            "Label photos are off: the OCR engine did not load: libGL.so.1: cannot open shared object file. "
            "A photo is answered with the typed way; `make run` installs the OCR engine."
        ]
    finally:
        reader.close()


async def test_a_generated_drug_facts_photo_gives_the_elemental_calcium(reader: OcrProcess):
    tums = DrugFactsSpec(carbonate=750, wording="provides", unit="chewable tablet", face="serif")
    turned = Blemish(rotate=-4.0, blur=0.7, shadow=0.3, quality=55)
    found = read_label(await reader(photograph(make_drug_facts(tums), turned)))
    assert found.sure
    assert [(i.nutrient.value, i.amount) for i in found.items] == [("calcium", 300.0)]  # never its 750 mg


class Recognition:
    """RapidOCR's recognition alone, as the engine calls it for a second reading: it reads every
    crop as ``again``."""

    def __init__(self, again: tuple[str, float]) -> None:
        self.again = again
        self.crops: list[tuple[int, ...]] = []

    def __call__(self, crop: np.ndarray, *, use_det: bool, use_cls: bool, use_rec: bool) -> SimpleNamespace:
        assert (use_det, use_cls, use_rec) == (False, False, True)
        self.crops.append(crop.shape)
        return SimpleNamespace(txts=(self.again[0],), scores=(self.again[1],))


PAGE = np.full((200, 400, 3), 255, dtype=np.uint8)
LINE = ((10.0, 50.0), (300.0, 50.0), (300.0, 80.0), (10.0, 80.0))  # 290 by 30 pixels


@pytest.mark.parametrize(
    ("first", "again", "kept"),
    [
        # Blurred zeros merged into one ("1000 mg" as "10 mg"), the engine sure of it: asked about
        (("Calcium carbonate USP 10 mg ....", 0.92), ("Calcium carbonate USP 1000 mg", 0.95), 0.0),
        (("Calcium carbonate USP 1000 mg", 0.95), ("Calcium carbonate USP 100 mg", 0.91), 0.0),
        (("calcium 400mg", 0.85), ("calcium 400 mg", 0.97), ("calcium 400 mg", 0.97)),  # the surer reading
        (("calcium 400mg", 0.97), ("calcium 400 mg", 0.90), ("calcium 400mg", 0.97)),
        (("Dire s o s . ocr", 0.68), ("Directions", 0.98), ("Directions", 0.98)),  # unsure, no figure
        (("125 mcg (5,000 IU)", 0.99), ("125 mcg (5,000 1U)", 0.95), ("125 mcg (5,000 IU)", 0.99)),  # I as 1: no figure
    ],
)
def test_a_line_with_a_figure_is_read_twice_and_a_figure_read_two_ways_is_not_sure(first, again, kept):
    recognition = Recognition(again)
    text, score = engine._checked(recognition, PAGE, LINE, *first)
    assert (text, score) == (first[0], 0.0) if kept == 0.0 else kept
    (shape,) = recognition.crops
    assert shape[0] >= 30 * (1 + 2 * engine.MARGIN) * engine.SCALE - 1  # more margin, scaled up
    assert shape[1] >= 290 * engine.SCALE - 1


def test_a_sure_line_without_a_figure_is_read_once():
    recognition = Recognition(("Wamings", 0.99))
    assert engine._checked(recognition, PAGE, LINE, "Warnings", 0.97) == ("Warnings", 0.97)
    assert recognition.crops == []
