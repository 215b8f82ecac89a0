"""CaMag as ``python -m bot`` builds it, without Telegram's per-chat pacing: its capacity, for
comparing with the replay bot (which has none). Not for use against Telegram. On PostgreSQL when
``CAMAG_DATABASE_URL`` is set (migrated), else on the data folder.

    TELEGRAM_BOT_TOKEN=... TELEGRAM_API_BASE_URL=... CAMAG_DATA_DIR=... python -m benchmarks.unpaced_bot
"""

from __future__ import annotations

from bot.__main__ import ALLOWED_UPDATES
from bot.app import build_application
from bot.clock import SystemClock
from bot.settings import Settings
from bot.store.interface import Store
from bot.store.tinydb_store import TinyDBStore


def main() -> None:
    settings, clock = Settings(), SystemClock()
    url = settings.database_url()
    store: Store
    if url is not None:
        from bot import database

        store = database.store(settings, url, clock)
    else:
        store = TinyDBStore(settings.camag_data_dir, clock)
    build_application(settings, store, clock, rate_limiter=None).run_polling(allowed_updates=ALLOWED_UPDATES)


if __name__ == "__main__":
    main()
