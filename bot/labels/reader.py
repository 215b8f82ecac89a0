"""The label photo reader: an OCR engine behind one function, loaded on the first photo and run
off the event loop.

The engine is RapidOCR on ONNX Runtime (``rapidocr-onnxruntime``): its detection, direction
and recognition models ship inside the package, so nothing is downloaded at run time. It is
imported on the first photo, not at start-up (idle memory and cold start stay as they were), and
reads one photo at a time on one core, in a thread of its own, with the update's working slot
handed back meanwhile: everyone else's replies go on while a label is read.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import Any

from bot.lanes import outside_the_slot
from camag_core.labels import Box, LabelReading, read_label

log = logging.getLogger(__name__)

# What the bot needs of an OCR engine: a photo's bytes in, the pieces of text found out.
Reader = Callable[[bytes], list[Box]]

READING = ThreadPoolExecutor(max_workers=1, thread_name_prefix="label")


class EngineUnavailable(RuntimeError):
    """The OCR engine can't be loaded here (not installed, or a system library it needs is missing)."""


@cache
def _engine() -> Any:
    try:
        from rapidocr_onnxruntime import RapidOCR  # type: ignore[import-untyped]  # about 100 MB once loaded
    except (ImportError, OSError) as error:
        log.warning("label photos can't be read: the OCR engine did not load (%s)", error)
        raise EngineUnavailable(str(error)) from None
    return RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)


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


async def read_photo(reader: Reader, photo: bytes) -> LabelReading:
    """What the label on ``photo`` says, read in the label thread."""
    boxes = await outside_the_slot(asyncio.get_running_loop().run_in_executor(READING, reader, photo))
    return read_label(boxes)
