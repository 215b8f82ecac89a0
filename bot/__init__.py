"""CaMag's Telegram bot: the imperative shell around :mod:`camag_core`."""
