"""Label photos in the running bot: everyone else's replies while labels are read, the time from
photo to reading, and the bot's memory once the OCR engine is loaded.

    python -m benchmarks.label_load [--users 40] [--photos 8]

The real bot process, as shipped, against the fake Bot API on 127.0.0.1 (which serves getFile and
the photo's download): its RSS at idle; ``--users`` people doing the check at once, alone; the same
crowd (new people) while one person sends ``--photos`` generated label photos one after another
(each once the last one's reading was said back: the time to "reading your label…" and to the
reading are measured); then its RSS (the engine runs in a process of its own: the bot's should not grow with photos).
For idle memory and start-up before and after, run ``benchmarks.memory`` on both trees.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.e2e import crowd, running
from benchmarks.memory import rss_mb
from bot.labels.views import reading_now
from tests.fake_api_server import FakeBotApiServer
from tests.label_photos import make_label, photograph, random_blemish, random_spec

PHOTO_USER = 900_000


async def _send_photos(server: FakeBotApiServer, photos: list[bytes], seconds: list[float], acks: list[float]) -> None:
    """Each photo in turn, once the last one's reading was said back; ``acks``: photo to "reading your label…"."""
    for photo in photos:
        sent = len(server.sent[PHOTO_USER])
        began = time.perf_counter()
        server.photo(PHOTO_USER, photo)
        deadline = began + 120
        while not [m for m in server.sent[PHOTO_USER][sent:] if m["text"] != reading_now()]:
            if len(server.sent[PHOTO_USER]) > sent and len(acks) < len(seconds) + 1:
                acks.append(time.perf_counter() - began)
            if time.perf_counter() > deadline:
                raise TimeoutError("a label photo was never read")
            await asyncio.sleep(0.005)
        seconds.append(time.perf_counter() - began)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--photos", type=int, default=8)
    args = parser.parse_args()
    rng = random.Random(3)
    photos = [photograph(make_label(random_spec(rng)), random_blemish(rng), seed=i) for i in range(args.photos)]
    server = FakeBotApiServer().start()
    try:
        with (
            tempfile.TemporaryDirectory() as tmp,
            running("bot", server, Path(tmp) / "camag", TELEGRAM_API_BASE_FILE_URL=server.base_file_url) as bot,
        ):
            time.sleep(1.0)
            idle = rss_mb(bot.pid)
            alone = crowd("alone", bot, server, range(1, args.users + 1))
            checked = rss_mb(bot.pid)  # results drawn: matplotlib loaded
            seconds: list[float] = []
            acks: list[float] = []
            sender = threading.Thread(target=server.run, args=(_send_photos(server, photos, seconds, acks), 900))
            sender.start()
            during = crowd("during", bot, server, range(args.users + 1, 2 * args.users + 1))
            sender.join()
            loaded = rss_mb(bot.pid)
    finally:
        server.stop()
    print(
        f"bot RSS at idle {idle:.0f} MB; after the first crowd's checks {checked:.0f} MB; after "
        f"{len(seconds)} label photos and the second crowd {loaded:.0f} MB (the engine is in its own process)"
    )
    for run in (alone, during):
        print(
            f"{args.users} people doing the check, {run.name}"
            f"{' the photos' if run.name == 'during' else ''}: "
            f"p50 {run.percentile(50):.0f} ms, p99 {run.percentile(99):.0f} ms, {run.per_second:.0f} updates/s"
        )
    print(
        f"photo -> reading said back: first {seconds[0]:.2f} s (the engine loads), then median "
        f"{sorted(seconds[1:])[len(seconds[1:]) // 2]:.2f} s, max {max(seconds[1:]):.2f} s; "
        f'photo -> "reading your label…": median {sorted(acks)[len(acks) // 2] * 1000:.0f} ms, '
        f"max {max(acks) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
