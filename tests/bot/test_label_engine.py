"""Generated label photos read by the real OCR engine, in its own process, through the running bot
(kept to a few photos: each takes a second or two on one core)."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterator

import pytest

from bot.labels.reader import OcrProcess
from bot.services import KEY
from camag_core.labels import read_label
from tests.bot.conftest import Harness
from tests.label_photos import CLEAR, Blemish, LabelSpec, Nutrient, make_label, photograph

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
