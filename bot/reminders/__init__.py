"""Daily check-ins going out: what is due, claimed and sent once, at Telegram's pace."""
