"""``camag``: CaMag without Telegram.

camag assess FILE.json   print the assessment of a JSON answers file ("-" for stdin)
camag chat [--lang LANG] the same interview as the bot, in the terminal (en, ru, es, de)
camag schema             the JSON Schema of the answers
camag schema --assessment  the JSON Schema of the assessment ``camag assess`` prints
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from camag_core import navigation
from camag_core.answers import Answers
from camag_core.assessment import ASSESSMENT_JSON
from camag_core.balance import assess
from camag_core.i18n import ENGLISH, LANGUAGES, NATIVE_NAMES, Texts, shipped, texts
from camag_core.navigation import Move, Position
from camag_core.parsing import ParseError, plain_words
from camag_core.questionnaire import (
    FollowUp,
    Kind,
    Question,
    answer_choice,
    answer_text,
    applicable,
    follow_up_after,
    hint,
    label,
    prompt,
    short,
    shown,
    skip,
    to_answers,
    understood,
)
from camag_core.report import plain_text, report

Ask = Callable[[str], str]
Say = Callable[[str], None]


def _validation_lines(error: ValidationError) -> list[str]:
    return [
        f"{'.'.join(str(p) for p in e['loc']) or 'answers'}: {str(e['msg']).removeprefix('Value error, ')}"
        for e in error.errors()
    ]


def _assess_file(path: str, say: Say) -> int:
    try:
        raw = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        answers = Answers.model_validate_json(raw)
    except OSError as error:
        say(f"camag: cannot read {path}: {error.strerror}")
        return 2
    except ValidationError as error:
        say(f"camag: {path} is not valid answers:")
        for line in _validation_lines(error):
            say(f"  {line}")
        return 2
    say(ASSESSMENT_JSON.dump_json(assess(answers), indent=2).decode())
    return 0


def _show_question(q: Question, draft: dict[str, Any], say: Say, t: Texts) -> None:
    say("")
    say(prompt(q, draft, t=t))
    if q.kind is Kind.NUMBER:
        # TRANSLATORS: {choices} are the question's buttons, like "I don't know"
        say(
            "  " + t._("({choices}, or any number)", choices=", ".join(label(c, t=t) for c in q.choices))
            if q.choices
            else ""
        )
    else:
        for number, choice in enumerate(q.choices, start=1):
            say(f"  {number}. {label(choice, t=t)}")
    if q.kind is Kind.MULTI:
        say("  " + t._('Type the numbers that apply, like "1, 3", or "none".'))
    if (said := hint(q, t=t)) and q.kind is not Kind.NUMBER:
        say("  " + said.replace("\n", "\n  "))  # each of its lines under the question's
    if q.id in draft:
        say("  " + t._("Your answer so far: {answer} (Enter keeps it)", answer=shown(q, draft, t=t)))


def _answer(draft: dict[str, Any], q: Question, text: str, t: Texts, follow_up: FollowUp | None) -> dict[str, Any]:
    """Read a typed answer; choices may also be picked by their number."""
    numbers = [part.strip() for part in text.split(",") if part.strip()]
    picks_by_number = numbers and all(n.isdigit() for n in numbers) and q.kind is not Kind.NUMBER
    if picks_by_number:
        if not all(1 <= int(n) <= len(q.choices) for n in numbers):
            raise ParseError(t._("Please type numbers from 1 to {most}.", most=t.number(len(q.choices))))
        return answer_choice(draft, q.id, ",".join(q.choices[int(n) - 1].value for n in numbers), t=t)
    return answer_text(draft, q.id, text, t=t, follow_up=follow_up)


def _review(draft: dict[str, Any], ask: Ask, say: Say, t: Texts) -> Position | None:
    """Show the answers; ``None`` when the person is happy, else where to change one."""
    questions = applicable(draft)
    say("")
    say(t._("Your answers:"))
    for number, q in enumerate(questions, start=1):
        say(f"  {number}. {short(q, t=t)}: {shown(q, draft, t=t)}")
    try:
        reply = ask(t._("Press Enter to see your balance, or type a number to change that answer: ")).strip()
    except EOFError:  # the input ended (a piped file, Ctrl-D) with every question answered
        reply = ""
    if reply.isdigit() and 1 <= int(reply) <= len(questions):
        return navigation.change(questions[int(reply) - 1].id, t=t)
    return None


def _step(
    draft: dict[str, Any], position: Position, q: Question, text: str, t: Texts, follow_up: FollowUp | None = None
) -> tuple[dict[str, Any], Position]:
    """The draft and position after ``text`` typed at ``q``: a move (back, skip, keep) or an answer."""
    move = navigation.typed_move(text) or (Move.KEEP if not text and q.id in draft else None)
    if move is Move.BACK:
        return navigation.back(draft, position, q.id)
    if move is Move.SKIP:
        draft = skip(draft, q.id, t=t)
    elif move is not Move.KEEP or q.id not in draft:
        draft = _answer(draft, q, text, t, follow_up)
    return draft, navigation.after_answer(draft, position, q)


_QUIT = frozenset({"quit", "exit", "stop"})  # as read in any language ("стоп", "salir", "beenden")


def chat(ask: Ask = input, say: Say = print, *, t: Texts = ENGLISH) -> int:
    """The interview in the terminal, in ``t``'s language; returns the exit status."""
    say(
        t._(
            'CaMag: your calcium : magnesium balance. Type your answer. "back" goes back, "skip" means '
            'I don\'t know, "quit" stops.'
        )
    )
    draft: dict[str, Any] = {}
    position = navigation.START
    follow_up: FollowUp | None = None  # what the last re-prompt asked about part of an answer
    while True:
        q = navigation.current(draft, position)
        if q is None:
            change = _review(draft, ask, say, t)
            if change is None:
                break
            position = change
            continue
        _show_question(q, draft, say, t)
        try:
            text = ask("> ").strip()
        except EOFError:
            say(t._("Bye."))
            return 1
        if text.lower() == "/cancel" or plain_words(text) in _QUIT:
            say(t._("Stopped. Nothing was saved."))
            return 1
        try:
            changed, position = _step(draft, position, q, text, t, follow_up)
        except ParseError as error:
            follow_up = follow_up_after(error, follow_up)
            say(error.said(t))
            continue
        follow_up = None
        if changed is not draft:
            say("\n".join(understood(q, changed, t=t)))
        draft = changed
    say("")
    say(plain_text(report(assess(to_answers(draft), t=t), t=t)))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="camag", description="CaMag: your calcium : magnesium balance.")
    commands = parser.add_subparsers(dest="command", required=True)
    assess_cmd = commands.add_parser("assess", help="assess a JSON answers file")
    assess_cmd.add_argument("file", help='answers as JSON ("-" for standard input)')
    chat_cmd = commands.add_parser("chat", help="the interview in the terminal")
    chat_cmd.add_argument("--lang", choices=LANGUAGES, default=LANGUAGES[0], help="the language to speak (en)")
    schema_cmd = commands.add_parser("schema", help="print the JSON Schema of the answers")
    schema_cmd.add_argument("--assessment", action="store_true", help="the assessment's schema instead")
    args = parser.parse_args(argv)
    if args.command == "assess":
        return _assess_file(args.file, print)
    if args.command == "schema":
        schema = ASSESSMENT_JSON.json_schema() if args.assessment else Answers.model_json_schema()
        print(json.dumps(schema, indent=2))
        return 0
    if args.lang not in shipped():
        print(f"camag: {NATIVE_NAMES[args.lang]} is not translated yet; speaking English.", file=sys.stderr)
    return chat(t=texts(args.lang))


if __name__ == "__main__":
    sys.exit(main())
