"""The OCR engine, as run in the label reader's own process (:mod:`bot.labels.reader`).

RapidOCR 3 (``rapidocr``) on ONNX Runtime, with OpenCV's headless build (no ``libGL``): its
detection, direction and recognition models ship inside its wheel and are named here by path, so
nothing is downloaded at run time. This module imports nothing of the bot, so the reader's
process starts small.
"""

from __future__ import annotations

import logging
import os
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from camag_core.labels import Box

log = logging.getLogger(__name__)

# The models in rapidocr's wheel (3.10): PP-OCRv6 small detection and recognition (the
# recognition model carries its own character list), and the mobile text-direction classifier.
MODELS = {
    "Det.model_path": "PP-OCRv6_det_small.onnx",
    "Rec.model_path": "PP-OCRv6_rec_small.onnx",
    "Cls.model_path": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
}
MODULES = ("rapidocr", "onnxruntime", "cv2")


def lower_priority() -> None:
    """The reader's process yields the CPU to the bot's: a reply waits for no label."""
    os.nice(10)


class EngineUnavailable(RuntimeError):
    """The OCR engine can't be loaded here (not installed, or a system library it needs is missing)."""


def missing() -> str | None:
    """Why the engine can't load on this machine, found without loading it; ``None`` when it is all there."""
    for name in MODULES:
        if find_spec(name) is None:
            return f"the Python package providing {name!r} is not installed"
    found = find_spec("rapidocr")
    models = Path(found.origin).parent / "models" if found and found.origin else None
    absent = [file for file in MODELS.values() if models is None or not (models / file).is_file()]
    return f"rapidocr's bundled model {absent[0]} is missing" if absent else None


@cache
def _engine() -> Any:
    try:
        import rapidocr
    except (ImportError, OSError) as error:
        raise EngineUnavailable(f"the OCR engine did not load: {error}") from None
    models = Path(rapidocr.__file__).parent / "models"
    return rapidocr.RapidOCR(
        params={
            **{key: str(models / file) for key, file in MODELS.items()},
            "Global.log_level": "error",  # its info lines name files; nothing read is logged
            "EngineConfig.onnxruntime.intra_op_num_threads": 1,  # one core
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        }
    )


def rapidocr(photo: bytes) -> list[Box]:
    """The text RapidOCR finds on ``photo`` (a JPEG or PNG); none for a file it can't open.
    Raises :class:`EngineUnavailable` when the engine can't be loaded."""
    engine = _engine()
    try:
        found = engine(photo)
    except Exception as error:  # a file that is no picture: nothing read
        log.info("a photo could not be read: %s", type(error).__name__)
        return []
    if found.boxes is None or found.txts is None or found.scores is None:
        return []
    return [
        Box(str(text), tuple((float(x), float(y)) for x, y in corners), float(score))
        for corners, text, score in zip(found.boxes, found.txts, found.scores, strict=True)
    ]
