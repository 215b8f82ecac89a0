"""Rate limits where Telegram applies them (issue #15): each chat its own pace, no global queue
for replies, 20 a minute in groups, the fan-out at the bulk rate, 429s honoured. A fake clock."""

from __future__ import annotations

import pytest
from telegram.error import RetryAfter

from bot.reminders.dispatcher import Dispatcher, Outcome, Result
from bot.store.interface import Due, Person, PersonSession
from bot.throttle import ChatRateLimiter, TokenBucket
from tests.bot.conftest import FakeClock
from tests.bot.test_reminders import NINE_PM, at_utc, set_reminder, store_at


class FakeTime:
    def __init__(self) -> None:
        self.current = 0.0
        self.slept: list[float] = []

    def now(self) -> float:
        return self.current

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.current += seconds


def limiter(clock: FakeTime) -> ChatRateLimiter:
    return ChatRateLimiter(max_retries=2, now=clock.now, sleep=clock.sleep)


async def call(rate: ChatRateLimiter, chat: int | None, outcome: object = True) -> object:
    async def send() -> object:
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    data = {} if chat is None else {"chat_id": chat}
    return await rate.process_request(send, (), {}, "sendMessage", data, None)


async def test_replies_to_different_people_never_wait_for_each_other():
    clock = FakeTime()
    rate = limiter(clock)
    for chat in range(1, 201):  # a crowd answering at once: one reply each
        await call(rate, chat)
    assert clock.slept == []


async def test_one_chat_gets_a_burst_then_about_one_a_second():
    clock = FakeTime()
    rate = limiter(clock)
    for _ in range(8):
        await call(rate, 42)
    assert clock.slept[:1] == [pytest.approx(1.0)]
    assert len(clock.slept) == 3  # 5 at once, then one a second
    assert clock.current == pytest.approx(3.0)


async def test_a_group_gets_twenty_a_minute():
    clock = FakeTime()
    rate = limiter(clock)
    for _ in range(21):
        await call(rate, -100123)
    assert clock.current == pytest.approx(3.0)  # the 21st waits for a twentieth of a minute


async def test_a_429_is_honoured_for_its_chat_and_the_call_tried_again():
    clock = FakeTime()
    rate = limiter(clock)
    attempts: list[float] = []

    async def flaky() -> bool:
        attempts.append(clock.current)
        if len(attempts) == 1:
            raise RetryAfter(7)
        return True

    assert await rate.process_request(flaky, (), {}, "sendMessage", {"chat_id": 42}, None) is True
    assert attempts[1] - attempts[0] == pytest.approx(7.1)
    await call(rate, 43)  # another chat is not held up
    assert clock.current == pytest.approx(attempts[1])


async def test_a_429_on_every_try_is_raised_in_the_end():
    clock = FakeTime()
    with pytest.raises(RetryAfter):
        await call(limiter(clock), 42, RetryAfter(1))


def test_the_bucket_refills_at_its_rate():
    clock = FakeTime()
    bucket = TokenBucket(30, 30, clock.now)
    waits = [bucket.wait() for _ in range(31)]
    assert waits[:30] == [0.0] * 30
    assert waits[30] == pytest.approx(1 / 30)
    clock.current += 1.0
    assert bucket.wait() == 0.0


async def test_the_fan_out_keeps_to_the_bulk_rate(tmp_path):
    clock = FakeTime()
    store = await store_at(tmp_path, FakeClock(at_utc(2026, 11, 21, 12)))
    for uid in range(1, 121):
        await set_reminder(store, uid, NINE_PM, "UTC")
    sent: list[float] = []

    async def send(person: Person, session: PersonSession, due: Due) -> Result:
        sent.append(clock.current)
        return Result(Outcome.SENT)

    dispatcher = Dispatcher(
        store,
        send,
        FakeClock(at_utc(2026, 11, 21, 21)),
        workers=1,
        pace=TokenBucket(30, 30, clock.now),
        sleep=clock.sleep,
    )
    assert await dispatcher.tick() == 120
    dispatcher.start()
    await dispatcher.drain()
    await dispatcher.stop()
    assert len(sent) == 120
    assert sent[-1] == pytest.approx(3.0)  # 30 at once, then 90 more at 30 a second
