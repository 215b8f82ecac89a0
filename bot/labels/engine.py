"""The OCR engine, as run in the label reader's own process (:mod:`bot.labels.reader`).

RapidOCR 3 (``rapidocr``) on ONNX Runtime, with OpenCV's headless build (no ``libGL``): its
detection, direction and recognition models ship inside its wheel and are named here by path, so
nothing is downloaded at run time. This module imports nothing of the bot, so the reader's
process starts small.

Each figure is read twice: recognition works on each line of text by itself, and, like every
engine of its kind (CTC decoding), it can merge a digit with the same digit next to it when the
print is blurred ("1000 mg" read as "10 mg", sure of itself). So each line with a digit in it, and
each line the engine was unsure of, is read again from a crop with more margin and scaled up;
where the two readings disagree on a figure, the line is returned with no confidence at all (the
label reader then asks), and otherwise the surer of the two is kept.
"""

from __future__ import annotations

import logging
import os
import re
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
            # Each line recognised by itself, not padded to the widest of a batch of six: padding
            # changed what was read of a line, and cost time.
            "Rec.rec_batch_num": 1,
        }
    )


AGAIN_BELOW = 0.9  # a line read less sure than this is read again, as is every line with a digit
MARGIN = 0.15  # the second reading's crop: this share of the line's height added above and below
SCALE = 1.5  # and scaled up so


def _again(engine: Any, image: Any, corners: Any) -> tuple[str, float]:
    """The line at ``corners`` read again by itself, from a crop with more margin, scaled up."""
    import cv2
    import numpy as np
    from rapidocr.utils.process_img import get_rotate_crop_image

    points = np.array(corners, dtype=np.float32)
    up = (points[3] - points[0]) * MARGIN  # along the line's own height, on a photo at a slant too
    grown = points + np.array([-up, -up, up, up], dtype=np.float32)
    crop = cv2.resize(get_rotate_crop_image(image, grown), None, fx=SCALE, fy=SCALE, interpolation=cv2.INTER_CUBIC)
    found = engine(crop, use_det=False, use_cls=False, use_rec=True)
    return str(found.txts[0]), float(found.scores[0])


def _figures(text: str) -> list[str]:
    """The figures on a line; the 1 of "IU" read as "1U" is none."""
    return re.findall(r"\d+", re.sub(r"\b1(?=U\b)", "I", text))


def _checked(engine: Any, image: Any, corners: Any, text: str, score: float) -> tuple[str, float]:
    """A line's text and confidence, once read again where it holds a figure or was unsure."""
    figures = _figures(text)
    if score >= AGAIN_BELOW and not figures:
        return text, score
    again, surer = _again(engine, image, corners)
    if _figures(again) != figures:
        return text, 0.0  # the two readings disagree on a figure: not sure of it at all
    return (again, surer) if surer > score else (text, score)


def rapidocr(photo: bytes) -> list[Box]:
    """The text RapidOCR finds on ``photo`` (a JPEG or PNG); none for a file it can't open.
    Raises :class:`EngineUnavailable` when the engine can't be loaded."""
    engine = _engine()
    try:
        found = engine(photo, use_det=True, use_cls=True, use_rec=True)  # a second reading leaves rec only on
    except Exception as error:  # a file that is no picture: nothing read
        log.info("a photo could not be read: %s", type(error).__name__)
        return []
    if found.boxes is None or found.txts is None or found.scores is None:
        return []
    boxes = []
    for corners, text, score in zip(found.boxes, found.txts, found.scores, strict=True):
        text, score = _checked(engine, found.img, corners, str(text), float(score))
        boxes.append(Box(text, tuple((float(x), float(y)) for x, y in corners), score))
    return boxes
