"""Issue #13: kill -9 the real bot at random moments while people answer, switch flows and check
in; restart it each time. Telegram's getUpdates semantics (an update stays until a later offset
confirms it) come from the fake Bot API, so a killed bot gets its last batch again.

Each simulated person acts only on what the bot last showed them, as a person would, and when no
reply comes they start over the way a person would (/check, /remind, the check-in button again),
never by repeating an answer blindly. Every answer differs from its neighbours, so an answer
applied twice, or to the next question, shows in what is stored. At the end: every person got
through (nobody stuck), and what is stored is exactly what they answered (nothing acknowledged
lost, nothing applied twice)."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from datetime import time as clock_time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.store.tinydb_store import PersonFiles
from camag_core import Nutrient
from camag_core.questionnaire import QUESTIONS
from tests.bot.test_process import environment
from tests.fake_api_server import FakeBotApiServer

PEOPLE = range(501, 507)
KILLS = 20
FOODS = [q.id for q in QUESTIONS if q.id.startswith("servings.")]
RECOVER_AFTER = 4.0  # seconds without a reply before a person tries again, at first
PATIENCE = 3.0  # then: this many times the slowest reply they have had (a busy machine answers slowly)
ROUND = ["interview", "remind", "interview", "checkin"]
INTERVIEW_ACTIONS = {"a", "t", "d", "s", "b", "k"}  # answer, tick, done, skip, back, keep (bot/callbacks.py)
SETTLE = 0.15  # a reply may be several messages: act once they stop coming


def start(server: FakeBotApiServer, tmp_path: Path) -> subprocess.Popen[bytes]:
    """The bot, logging to a file (a pipe nobody reads would fill, and stall it)."""
    with (tmp_path / "bot.log").open("ab") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "bot"], cwd=tmp_path, env=environment(server, tmp_path), stdout=log, stderr=log
        )


def age_of(uid: int) -> int:
    return 30 + uid % 40


def serving_of(food: str) -> int:
    return FOODS.index(food) % 5 + 1  # 1 2 3 4 5 1 2 ...: neighbours always differ


def berlin_today() -> str:
    return datetime.now(ZoneInfo("Europe/Berlin")).date().isoformat()


def buttons(message: dict[str, Any]) -> list[tuple[str, str]]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [(b["text"], b["callback_data"]) for row in rows for b in row]


@dataclass
class Person:
    uid: int
    day: str  # the local day they check in for (fixed, should the test run across midnight)
    tasks: list[str] = field(default_factory=lambda: [*ROUND, "done"])
    rounds: int = 1  # each round: half the check, a reminder, the rest of the check, a check-in
    seen: int = 0
    acted_at: float = 0.0
    grew_at: float = 0.0
    answered_diet: bool = False
    answering: tuple[str, float] | None = None  # the question last answered, and when
    patience: float = RECOVER_AFTER  # seconds without a reply before trying again
    back_at: float = 0.0  # when the bot last came back after a kill: no reply is due while it is down
    results: int = 0  # the number of the latest result this person has seen
    finishing: bool = False  # "Show my balance" tapped in this round: a result may be on its way
    transcript: list[str] = field(default_factory=list)  # what happened, for a failure's message

    @property
    def task(self) -> str:
        return self.tasks[0]

    def step(self, server: FakeBotApiServer, now: float) -> bool:
        """Act on what the bot last said, if it is time to; whether this person acted."""
        messages = server.sent[self.uid]
        if len(messages) > self.seen:
            if self.acted_at > self.grew_at:  # the first reply to the last action: how long it took
                self.patience = max(self.patience, PATIENCE * (now - max(self.acted_at, self.back_at)))
            for message in messages[self.seen :]:
                said = f"{message['method']}: {message['text'][:50]!r} {buttons(message)[:3]}"
                self.transcript.append(f"{now:.2f} bot {said}")
            self.seen, self.grew_at = len(messages), now
            return False
        if self.task == "done" or now - self.grew_at < SETTLE:
            return False
        if now - max(self.acted_at, self.grew_at, self.back_at) > self.patience:  # no reply, or none that makes sense
            self.transcript.append(f"{now:.2f} {self.task}: nothing to go on for {self.patience:.1f} s, starts again")
            if self.task == "interview":
                self.say(server, "/summary", now)  # did my check go through?
            else:
                self.start_task(server, now)
            return True
        if self.acted_at < self.grew_at:  # a reply since the last action
            self.decide(server, messages, now)
        return self.acted_at == now

    def say(self, server: FakeBotApiServer, text: str, now: float) -> None:
        self.transcript.append(f"{now:.2f} {self.task}: says {text!r}")
        server.message(self.uid, text)
        self.acted_at = now

    def tap(self, server: FakeBotApiServer, message: dict[str, Any], data: str, now: float) -> None:
        self.transcript.append(f"{now:.2f} {self.task}: taps {data!r}")
        server.tap(self.uid, {**message, "chat": {"id": self.uid, "type": "private"}}, data)
        self.acted_at = now

    def start_task(self, server: FakeBotApiServer, now: float) -> None:
        if self.task == "interview":
            self.say(server, "/check", now)
        elif self.task == "remind":
            self.say(server, "/remind", now)
        elif self.task == "checkin":
            checkin = {"message_id": 900_000 + self.uid, "date": 0, "text": "Daily check-in"}
            self.tap(server, checkin, f"c|{self.day}|log", now)

    def next_task(self, server: FakeBotApiServer, now: float) -> None:
        self.tasks.pop(0)
        self.finishing = False
        if self.task != "done":
            self.start_task(server, now)

    def another_round(self) -> None:
        self.tasks, self.answered_diet = [*ROUND, "done"], False
        self.rounds += 1

    def decide(self, server: FakeBotApiServer, messages: list[dict[str, Any]], now: float) -> None:
        """Answer what the bot last said, if it is something this person knows how to answer."""
        last = next(m for m in reversed(messages) if m["method"] != "sendPhoto")  # a result's picture says nothing new
        text = last["text"]
        if self.task == "interview":
            shown = [int(d.split("|")[2]) for _, d in buttons(last) if d.startswith("dt|")]
            if shown and shown[0] > self.results:  # a new result: the check is done
                self.results = shown[0]
                self.next_task(server, now)
            elif shown or "No result yet" in text:  # no new result: the check goes on
                self.say(server, "/check", now)
            else:
                self.interview(server, last, now)
        elif self.task == "remind":
            if "every day at <b>21:00</b>" in text:
                self.next_task(server, now)
            elif "Which time zone" in text:
                self.say(server, "Berlin", now)
            elif "When should I check in" in text:
                self.say(server, "9pm", now)
        elif self.task == "checkin":
            if "Noted!" in text and "logged" in text.lower():
                self.next_task(server, now)
            elif "which supplements did you take" in text:
                self.say(server, "magnesium 100 mg", now)
            elif "Anything notable" in text:
                self.say(server, "no", now)

    def interview(self, server: FakeBotApiServer, last: dict[str, Any], now: float) -> None:
        datas = {data: label for label, data in buttons(last)}
        if "re" in datas:
            self.tap(server, last, "re", now)
            return
        if "rl" in datas and self.finishing:  # a result already, after "Show my balance": is it mine?
            self.say(server, "/summary", now)
            return
        if "rl" in datas:  # after a result: start afresh rather than change one of its answers
            self.tap(server, last, "rs", now)
            return
        if "ok" in datas:
            self.tap(server, last, "ok", now)
            self.finishing = True
            return
        asked = next((d.split("|")[1] for d in datas if d.split("|")[0] in INTERVIEW_ACTIONS and "|" in d), None)
        if asked is None:
            return  # not a question (yet): wait for more
        if self.answered_diet and self.tasks[:2] == ["interview", "remind"]:
            self.tasks.pop(0)  # half-way through: set a reminder, then come back to the check
            self.start_task(server, now)
            return
        if self.answering == (asked, self.acted_at):
            return  # the question shown again (a late reply to something else) before this answer's reply: wait
        self.answering = (asked, now)
        typed = {"age": str(age_of(self.uid)), "soda_per_day": "0", "supplements": "magnesium 200 mg"}
        if asked in typed:
            self.say(server, typed[asked], now)
        elif asked in FOODS:
            self.say(server, str(serving_of(asked)), now)
        elif asked in ("conditions", "medications"):
            self.tap(server, last, f"d|{asked}", now)
        else:
            choice = {"sex": "a|sex|female", "life_stage": "a|life_stage|neither", "diet": "a|diet|servings"}
            self.tap(server, last, choice.get(asked) or next(d for d in datas if d.startswith("a|")), now)
            self.answered_diet |= asked == "diet"


def test_kill_9_at_random_moments_loses_no_acknowledged_answer_and_applies_none_twice(tmp_path: Path):
    rng = random.Random(13)
    server = FakeBotApiServer().start()
    people = [Person(uid, berlin_today()) for uid in PEOPLE]
    kills = 0
    bot, polls_before = start(server, tmp_path), 0
    next_kill: float | None = None
    restarted = False
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline and not all(p.task == "done" for p in people):
            now = time.monotonic()
            up = server.methods().count("getUpdates") > polls_before
            if up and restarted:  # back: the wait for a reply starts again
                for person in people:
                    person.back_at = now
                restarted = False
            acted = [person.step(server, now) for person in people]
            if kills < KILLS:  # until then, whoever is through goes round again
                for person in people:
                    if person.task == "done":
                        person.another_round()
                        person.start_task(server, now)
            if up and next_kill is None and any(acted) and kills < KILLS:
                next_kill = now + rng.uniform(0.0, 0.3)  # while that answer is on its way, or being applied
            if next_kill is not None and now >= next_kill:
                bot.send_signal(signal.SIGKILL)
                bot.wait()
                kills += 1
                for person in people:
                    person.transcript.append(f"{now:.2f} KILLED")
                polls_before, next_kill, restarted = server.methods().count("getUpdates"), None, True
                bot = start(server, tmp_path)
            time.sleep(0.01)
        polls = server.methods().count("getUpdates")
        assert server.wait_for(lambda: server.methods().count("getUpdates") > polls, 30)  # up, and listening
    finally:
        bot.send_signal(signal.SIGTERM)
        bot.wait(30)
        server.stop()
    log = (tmp_path / "bot.log").read_text()
    for person in people:
        print(f"--- {person.uid}", *person.transcript[-60:], sep="\n")  # shown by pytest when an assertion fails
    stuck = {p.uid: p.tasks for p in people if p.task != "done"}
    assert not stuck, f"stuck after {kills} kills: {stuck}"
    results = {p.uid: p.results for p in people}
    assert results == {p.uid: p.rounds for p in people}
    assert kills >= KILLS
    assert bot.returncode == 0
    assert "Traceback" not in log
    for uid in PEOPLE:
        files = PersonFiles(tmp_path / "data" / "people" / str(uid))
        person = files.read_person()
        assert person is not None
        assert (person.interview, person.flow) == (None, None)  # nothing left half-done
        assert person.zone == "Europe/Berlin"
        assert person.reminder is not None
        assert person.reminder.doses[0].at == clock_time(21, 0)
        assert person.assessments == results[uid]  # one result per check, none twice
        for number in range(1, results[uid] + 1):
            stored = files.assessment(number)
            assert stored is not None
            answers = stored.answers
            assert answers.age == age_of(uid)
            assert answers.diet is not None
            assert answers.diet.servings == {food.split(".")[1]: serving_of(food) for food in FOODS}
            assert answers.soda_per_day == 0
            assert [(s.nutrient, s.amount) for s in answers.supplements or []] == [(Nutrient.MAGNESIUM, 200)]
        today = datetime.fromisoformat(people[0].day).date()
        (checkin,) = files.checkins(today, today)
        assert checkin.status == "logged"
        assert [(s.nutrient, s.amount) for s in checkin.supplements or []] == [(Nutrient.MAGNESIUM, 100)]
        assert checkin.note is None
