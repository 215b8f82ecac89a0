"""The Bot API transport: python-telegram-bot's request interface, carried by aiohttp.

PTB's own ``HTTPXRequest`` spends several times more CPU per Bot API call than aiohttp does
(benchmarks/README.md: end to end, this transport alone took CaMag from 13.3 to 8.9 ms of CPU
per update), and a tap costs two calls (answer the button, edit the message). aiohttp does not
log request URLs, which carry the bot token; the log formatter masks the token anyway.

Time-outs follow PTB's meaning: ``connect`` to open a connection, ``pool`` to wait for a free
one, ``read`` between bytes of the answer, ``write`` to send the request. aiohttp has no
per-write time-out, so the write allowance is part of an overall ceiling for the whole call.
``None`` means no limit.
"""

from __future__ import annotations

from typing import Any

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

POOL_SIZE = 256  # connections for bot calls (PTB's own default when updates run concurrently)


class NotSent(NetworkError):
    """The request never left this machine (no connection could be opened, or none was free):
    repeating it cannot duplicate anything. Every other network error may come after Telegram
    received the request."""


def _given(value: Any, default: float | None) -> float | None:
    """A time-out passed to one call, or this transport's default when the caller left it out."""
    return default if isinstance(value, DefaultValue) else value


def _total(*parts: float | None) -> float | None:
    return None if any(part is None for part in parts) else sum(part for part in parts if part is not None)


def _body(request_data: RequestData | None) -> dict[str, Any]:
    """The call's parameters as a JSON body (the Bot API takes JSON; percent-encoding PTB's form
    fields was a sixth of the event loop's CPU), or a multipart form when it uploads files."""
    if request_data is None:
        return {}
    if not request_data.contains_files:
        return {"json": request_data.parameters}
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mime_type) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mime_type)
    return {"data": form}


class AiohttpRequest(BaseRequest):
    """One aiohttp session, opened by :meth:`initialize` and closed by :meth:`shutdown`."""

    def __init__(
        self,
        connection_pool_size: int = POOL_SIZE,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self.connection_pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self.connection_pool_size),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    def _timeout(self, read: Any, write: Any, connect: Any, pool: Any, uploads: bool) -> aiohttp.ClientTimeout:
        read = _given(read, self._read_timeout)
        write = _given(write, self._media_write_timeout if uploads else self._write_timeout)
        connect = _given(connect, self._connect_timeout)
        pool = _given(pool, self._pool_timeout)
        return aiohttp.ClientTimeout(
            total=_total(pool, connect, write, read),
            connect=_total(pool, connect),
            sock_connect=connect,
            sock_read=read,
        )

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized")
        uploads = request_data is not None and request_data.contains_files
        timeout = self._timeout(read_timeout, write_timeout, connect_timeout, pool_timeout, uploads)
        try:
            async with self._session.request(method, url, timeout=timeout, **_body(request_data)) as response:
                return response.status, await response.read()
        except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError) as error:
            raise NotSent(f"aiohttp.{type(error).__name__}: {error}") from error
        except TimeoutError as error:  # aiohttp's time-outs are TimeoutErrors too
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error
