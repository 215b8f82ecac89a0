"""Lasting state: the store interface (:mod:`bot.store.interface`) and its backends."""
