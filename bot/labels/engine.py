"""The OCR engine, as run in the label reader's own process (:mod:`bot.labels.reader`).

RapidOCR on ONNX Runtime (``rapidocr-onnxruntime``): its detection, direction and recognition
models ship inside the package, so nothing is downloaded at run time. This module imports
nothing of the bot, so the reader's process starts small.
"""

from __future__ import annotations

import logging
import os
from functools import cache
from typing import Any

from camag_core.labels import Box

log = logging.getLogger(__name__)


def lower_priority() -> None:
    """The reader's process yields the CPU to the bot's: a reply waits for no label."""
    os.nice(10)


class EngineUnavailable(RuntimeError):
    """The OCR engine can't be loaded here (not installed, or a system library it needs is missing)."""


@cache
def _engine() -> Any:
    try:
        from rapidocr_onnxruntime import RapidOCR  # type: ignore[import-untyped]
    except (ImportError, OSError) as error:
        raise EngineUnavailable(f"the OCR engine did not load: {error}") from None
    return RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)  # one core


def rapidocr(photo: bytes) -> list[Box]:
    """The text RapidOCR finds on ``photo`` (a JPEG or PNG); none for a file it can't open.
    Raises :class:`EngineUnavailable` when the engine can't be loaded."""
    engine = _engine()
    try:
        found, _ = engine(photo)
    except Exception as error:  # a file that is no picture: nothing read
        log.info("a photo could not be read: %s", type(error).__name__)
        return []
    return [
        Box(str(text), tuple((float(x), float(y)) for x, y in corners), float(score))
        for corners, text, score in found or []
    ]
