"""Pure view functions: every text and keyboard the bot shows. HTML, with all text escaped.

Nothing here talks to Telegram or the store; handlers pass data in and send what comes out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import partial
from html import escape as _html_escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import Action, encode
from camag_core import Answers, Assessment, Supplement
from camag_core.answers import describe_all
from camag_core.citation import cited
from camag_core.daily import DoseAnswer, Period
from camag_core.guidance import passages_on, quote, topics
from camag_core.i18n import Texts
from camag_core.questionnaire import (
    Draft,
    Kind,
    Question,
    applicable,
    draft_from,
    previous_question,
    progress,
    prompt,
    shown,
    understood,
)
from camag_core.report import Line, Section, Style, short_report
from camag_core.report import details as report_details
from camag_core.routine import Proposal
from camag_core.schedule import MAX_DOSES, MAX_PACK, REFILL_WARNING_DAYS, WEEKDAYS, Dose, Low, Plan, repeats

MAX_MESSAGE = 4096
escape = partial(_html_escape, quote=False)  # text, never attributes: quotes need no escaping
DISCLAIMER_SHORT = "CaMag gives information, not medical advice."


@dataclass(frozen=True, slots=True)
class Reply:
    text: str
    keyboard: InlineKeyboardMarkup | None = None


def _button(label: str, action: Action, question: str = "", value: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=encode(action, question, value))


def _rows(buttons: Sequence[InlineKeyboardButton], per_row: int) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row)]


# Commands and fixed texts

COMMANDS = (
    ("check", "Work out your calcium : magnesium balance"),
    ("summary", "Show your latest result again"),
    ("remind", "Reminders at the times you pick, daily or weekly (/remind off to stop)"),
    ("history", "Your last 7 and 30 days"),
    ("settings", "Your reminders and time zone"),
    ("refill", "Count down a pack's tablets and hear before it runs out"),
    ("report", "A report for your doctor (PDF) and your check-ins (CSV)"),
    ("guidance", "Read what the articles say, by topic"),
    ("sources", "The articles and official references"),
    ("cancel", "Stop the current check"),
    ("privacy", "What is stored about you, where, and how to erase it"),
    ("mydata", "Everything stored about you, as a file"),
    ("forget", "Erase everything stored about you"),
    ("help", "What CaMag can do"),
)


def welcome(t: Texts, first_name: str | None) -> Reply:
    hello = t._("Hi {name}!", name=escape(first_name)) if first_name else t._("Hi!")
    # TRANSLATORS: {hello} is "Hi Anna!" or "Hi!" above; keep the HTML tags <b>, <i>
    text = t._(
        "{hello} I'm <b>CaMag</b>. I ask what you eat, drink and take, work out your daily "
        "calcium, magnesium and vitamin D, and show how your <b>calcium : magnesium balance</b> "
        "compares with official reference values, with quotes from two articles on magnesium "
        "and bone health.\n\nIt takes about a minute of tapping.\n\n"
        "<i>CaMag gives information, not medical advice. Talk to your doctor before changing "
        "supplements or medicines.</i>",
        hello=hello,
    )
    return Reply(text, InlineKeyboardMarkup([[_button(t.pgettext("button", "Check my balance"), Action.BEGIN)]]))


def help_text() -> str:
    lines = "\n".join(f"/{name} – {escape(about)}" for name, about in COMMANDS)
    return (
        f"<b>CaMag</b> works out your calcium : magnesium balance.\n\n{lines}\n\n"
        "During a check, tap the buttons or type your answer; every question has "
        "“I don't know”, and Back takes you to the previous one.\n\n"
        f"<i>{DISCLAIMER_SHORT}</i>"
    )


def sources_text() -> str:
    return (
        "<b>The articles</b> (opinion, quoted word for word)\n"
        "• “Magnesium’s Role In Osteoporosis”, EmpowHER, quoting Dr. Carolyn Dean, MD, ND\n"
        "• “The Connection between Magnesium and Reversing Osteoporosis”, Michael Lam, MD, MPH\n\n"
        "<b>Official figures</b>\n"
        "• Reference values and upper limits: Dietary Reference Intakes, National Academies "
        "(Institute of Medicine, 1997, 2000 and 2011)\n"
        "• Foods: USDA National Nutrient Database for Standard Reference, Legacy Release 28\n"
        "• Supplement forms: HealthLinkBC (BC Ministry of Health), Calcium supplements; NIH Office of "
        "Dietary Supplements, Magnesium fact sheet for consumers; labels on DailyMed (US National Library "
        "of Medicine)\n"
        "• Medicines and safety notes: the drugs' labels on DailyMed, NIH Office of Dietary Supplements "
        "fact sheets and FDA Drug Safety Communications, each named where CaMag shows the note\n\n"
        "Where an article disagrees with an official limit, CaMag shows both."
    )


def group_notice(bot_username: str | None, flow: str = "check") -> str:
    """The pointer from a group to the private chat; the link opens ``flow`` there."""
    where = (
        f'<a href="https://t.me/{escape(bot_username)}?start={escape(flow)}">open our private chat</a>'
        if bot_username
        else "message me privately"
    )
    return f"Health answers are personal, so I don't collect or show them in groups. Please {where}."


def damaged_data(*, unwritable: bool = False) -> Reply:
    problem = (
        "I can't save anything more in the data I keep for you: my side can't write to it"
        if unwritable
        else "I couldn't read the data I had saved for you: the file is damaged"
    )
    return Reply(
        f"Sorry, {problem}. I can put it aside (it is kept, not deleted) and you can start again with a fresh check.",
        InlineKeyboardMarkup([[_button("Start again", Action.SET_ASIDE)]]),
    )


def set_aside_done() -> str:
    return "Done: your old data is put aside. Send /check to work out your balance again."


def nothing_to_set_aside() -> str:
    return "Your data reads fine now, so I kept it as it is. Send /check to go on."


def group_button_notice() -> str:
    return "Health answers stay in the private chat: message me privately to use CaMag."


def nothing_to_show() -> str:
    return "No result yet. Send /check to work out your balance."


def not_in_a_check() -> str:
    return "Send /check to work out your calcium : magnesium balance, or /help for everything I can do."


def cant_answer() -> str:
    return "I can't answer questions typed in words, sorry. " + not_in_a_check()


def cancelled(*, kept: bool) -> str:
    if kept:
        return "Stopped. Your answers so far are kept: send /check and tap Continue to carry on."
    return "Stopped. Send /check whenever you want to work out your balance."


def unknown_command(command: str) -> str:
    return f"I don't know {command[:40]}. /help lists what I can do."


_NOT_TEXT = {
    "voice": "I can't listen to voice messages, sorry.",
    "audio": "I can't listen to audio, sorry.",
    "video_note": "I can't watch video messages, sorry.",
    "video": "I can't watch videos, sorry.",
    "sticker": "Nice sticker!",
    "animation": "Nice GIF!",
    "document": "I can't open files, sorry.",
    "location": "I don't need your location: a city name is enough for reminders (/remind).",
    "contact": "I don't need anyone's contact details.",
    "edited": "I saw you edited a message, but I only read new ones.",
}


NOT_TEXT_KINDS = tuple(k for k in _NOT_TEXT if k != "edited")


def not_text(kind: str) -> str:
    """A reply to something other than a new text message, naming what was sent."""
    said = _NOT_TEXT.get(kind, "I can only read text messages.")
    if kind == "edited":
        return f"{said} To answer, please send it again as a new message."
    return f"{said} To answer a question, please type your answer or tap a button; /help shows what I can do."


def stale_button() -> str:
    return "That button belongs to an earlier question."


def expired_button() -> str:
    return "That button has expired. Send /check to start a check."


def something_went_wrong() -> str:
    return "Sorry, something went wrong on my side, so that may not have been taken in. Please try again."


def not_saved_yet() -> str:
    return (
        "Sorry, I couldn't save that just now (my storage isn't reachable), so it isn't recorded yet. "
        "I'll take it in by myself as soon as I can; what you saved before is safe."
    )


# The interview


def change_or_afresh() -> Reply:
    keyboard = InlineKeyboardMarkup(
        [[_button("✏️ Change an answer", Action.FROM_LAST), _button("Start afresh", Action.RESTART)]]
    )
    return Reply(
        "You have a result already. Change one of its answers (the rest stay as they were), or start afresh?",
        keyboard,
    )


def review_typed_hint() -> str:
    return 'Type "show my balance" to see it, or "change" and the answer\'s name, like "change my age".'


def resume_prompt(t: Texts, answered: int) -> Reply:
    keyboard = InlineKeyboardMarkup(
        [
            [
                _button(t.pgettext("button", "Continue"), Action.RESUME),
                _button(t.pgettext("button", "Start over"), Action.RESTART),
            ]
        ]
    )
    return Reply(
        t.ngettext(
            "You have an unfinished check with {n} answer. Carry on where you left off, or start over?",
            "You have an unfinished check with {n} answers. Carry on where you left off, or start over?",
            answered,
        ),
        keyboard,
    )


def _progress(q: Question, draft: Draft) -> str:
    where = progress(q, draft)
    text = f"Part {where.part} of {where.parts}: {where.name}"
    if where.step is not None:
        text += f" · food {where.step} of {where.steps}"
    return text


def heard(q: Question, draft: Draft) -> str:
    """A typed answer said back as it was understood: "✓ Got it: Canned fish with bones, 1 a week."."""
    said, *notes = understood(q, draft)
    return "\n".join([f"✓ {said}", *notes])


def question(
    q: Question,
    draft: Draft,
    pending: Sequence[str] = (),
    problem: str | None = None,
    *,
    editing: bool = False,
    understood: str | None = None,
) -> Reply:
    """A question with its buttons; ``problem`` is a re-prompt for an answer that couldn't be read,
    ``understood`` the previous typed answer said back. A question answered before shows that
    answer (ticked, marked, or offered to keep)."""
    parts = [escape(understood)] if understood else []
    if problem:
        parts.append(f"⚠️ {escape(problem)}")
    parts.append(f"<i>{escape(_progress(q, draft))}</i>\n<b>{escape(prompt(q, draft))}</b>")
    if q.kind is Kind.MULTI:
        parts.append("Tap all that apply, then Done.")
    if q.hint:
        parts.append(escape(q.hint))
    earlier = q.id in draft
    if earlier and q.kind in (Kind.NUMBER, Kind.SUPPLEMENTS):
        parts.append(f"Your answer so far: <b>{escape(shown(q, draft))}</b>")
    rows: list[list[InlineKeyboardButton]] = []
    if q.kind is Kind.MULTI:
        ticked = set(pending)
        toggles = [
            _button(("✅ " if c.value in ticked else "▫️ ") + c.label, Action.TOGGLE, q.id, c.value) for c in q.choices
        ]
        rows += _rows(toggles, 2 if len(toggles) > 6 else 1)
        rows.append([_button("Done" if ticked else "None of these", Action.DONE, q.id)])
    else:
        chosen = draft.get(q.id) if q.kind is Kind.CHOICE else None
        short = all(len(c.label) <= 6 for c in q.choices)
        picks = [
            _button(("✓ " if c.value == chosen else "") + c.label, Action.ANSWER, q.id, c.value) for c in q.choices
        ]
        rows += _rows(picks, 5 if short else 1)
        if earlier and q.kind in (Kind.NUMBER, Kind.SUPPLEMENTS):
            rows.append([_button(f"↩️ Keep: {_clip(shown(q, draft), 40)}", Action.AS_BEFORE, q.id)])
    nav = []
    if editing or previous_question(draft, q.id) is not None:
        nav.append(_button("⬅️ Back to the review" if editing else "⬅️ Back", Action.BACK, q.id))
    nav.append(_button("🤷 I don't know", Action.SKIP, q.id))
    rows.append(nav)
    return Reply("\n\n".join(parts), InlineKeyboardMarkup(rows))


def _clip(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def review(draft: Draft, understood: str | None = None) -> Reply:
    questions = applicable(draft)
    lines = [f"• {escape(q.short)}: <b>{escape(shown(q, draft))}</b>" for q in questions]
    said_back = escape(understood) + "\n\n" if understood else ""
    ending = "\n\nTap an answer to change it, or see your balance."
    text = said_back + "<b>Your answers</b>\n" + "\n".join(lines) + ending
    edits = [_button(f"✏️ {q.short}", Action.EDIT, q.id) for q in questions]
    rows = [[_button("✅ Show my balance", Action.COMPUTE)], *_rows(edits, 3)]
    return Reply(text, InlineKeyboardMarkup(rows))


# The result

_STYLE = {
    Style.CAUTION: "⚠️ {}",
    Style.QUOTE: "<blockquote>{}</blockquote>",
    Style.ATTRIBUTION: "<i>— {}</i>",
    Style.CAVEAT: "ℹ️ <i>{}</i>",
    Style.NOTE: "<i>{}</i>",
    Style.TEXT: "{}",
}


def _line(line: Line) -> str:
    return _STYLE[line.style].format(escape(line.text))


def _section(section: Section) -> str:
    body = "\n".join(_line(line) for line in section.lines)
    return f"<b>{escape(section.title)}</b>\n{body}" if section.title else body


def _fit(blocks: Sequence[str], ending: str, more: str) -> str:
    """Whole blocks, in order, while they fit in one message with ``ending``; ``more`` if some don't."""
    kept: list[str] = []
    for index, block in enumerate(blocks):
        tail = [ending] if index == len(blocks) - 1 else [more, ending]
        if len("\n\n".join([*kept, block, *tail])) > MAX_MESSAGE:
            kept.append(more)
            break
        kept.append(block)
    return "\n\n".join([*kept, ending] if ending else kept)


DETAILS = (
    ("notes", "⚠️ Every note in full"),
    ("totals", "📊 Totals and food ideas"),
    ("quotes", "📖 What the articles say"),
    ("sources", "🔗 Sources"),
)
MORE_NOTES = "More notes than fit in one message: tap ⚠️ Every note in full."


def _summary_text(sections: tuple[Section, ...]) -> tuple[str, bool]:
    """The first message, and whether some cautions had to wait behind a button: cautions come
    first, most harmful first, and the least harmful give way until the message fits."""
    blocks = [_section(s) for s in sections]
    if len("\n\n".join(blocks)) <= MAX_MESSAGE:
        return "\n\n".join(blocks), False
    rest = [block for block, s in zip(blocks, sections, strict=True) if not s.caution]
    room = MAX_MESSAGE - len("\n\n".join([*rest, _line(Line(MORE_NOTES, Style.NOTE))])) - 2
    kept: list[str] = []
    for section in (s for s in sections if s.caution):
        lines: list[Line] = []
        for line in section.lines:
            trial = _section(Section(section.title, (*lines, line)))
            if len("\n\n".join([*kept, trial])) + 2 > room:
                break
            lines.append(line)
        if lines:
            kept.append(_section(Section(section.title, tuple(lines))))
        if len(lines) < len(section.lines):
            break
    return "\n\n".join([*kept, _line(Line(MORE_NOTES, Style.NOTE)), *rest]), True


def summary(assessment: Assessment, number: int, *, can_plan: bool = False) -> Reply:
    """The result as a person first sees it: every caution (most harmful first), the one thing
    most worth doing, the ratio and its verdict and the medical note, short enough for a phone
    screen; the rest behind buttons (``number`` is the result's place in the person's history,
    so an old summary's buttons open that result). Cautions too many for one message wait, least
    harmful first, behind "Every note in full"."""
    text, cut = _summary_text(short_report(assessment))
    buttons = [
        _button(label, Action.DETAIL, part, str(number))
        for part, label in DETAILS
        if (cut if part == "notes" else _has(assessment, part))
    ]
    if can_plan:  # reminders for what they take, planned by the timing rules
        buttons.append(_button("🗓 Plan reminders for what I take", Action.PLAN_DAY))
    return Reply(text, InlineKeyboardMarkup(_rows(buttons, 1)))


def _has(assessment: Assessment, part: str) -> bool:
    if part == "notes":
        return any(w.level == "caution" for w in assessment.warnings)
    if part == "totals":
        return assessment.scope_note is None
    if part == "quotes":
        return bool(assessment.quotes)
    return True


def detail_messages(assessment: Assessment, part: str) -> list[str]:
    """One part of a result as messages: every caution, in as many messages as it takes; any
    other part in one."""
    if part != "notes":
        return [details(assessment, part)]
    messages: list[str] = []
    for block in (_section(s) for s in report_details(assessment, part)):
        if messages and len(f"{messages[-1]}\n\n{block}") <= MAX_MESSAGE:
            messages[-1] = f"{messages[-1]}\n\n{block}"
        else:
            messages.append(block)
    return messages or [details(assessment, "totals")]


def details(assessment: Assessment, part: str) -> str:
    """One part of a result in full, within one message."""
    if part == "sources":
        return sources_text()
    blocks = [_section(s) for s in report_details(assessment, part)]
    return _fit(blocks, f"<i>{DISCLAIMER_SHORT}</i>", "<i>More from the articles: /guidance</i>")


def chart_caption(assessment: Assessment) -> str:
    return escape(assessment.balance.headline)


# /guidance


def guidance_topics() -> Reply:
    buttons = [_button(label, Action.TOPIC, value=topic) for topic, label in topics().items()]
    return Reply("<b>What the articles say</b>\nPick a topic:", InlineKeyboardMarkup(_rows(buttons, 1)))


def guidance_topic(topic: str) -> str:
    label = topics().get(topic)
    if label is None:
        return "That topic isn't in the library any more. Send /guidance for the list."
    blocks = []
    for passage in passages_on(topic):
        q = quote(passage)
        block = f"<blockquote>{escape(q.text)}</blockquote>\n<i>— {escape(q.author)}, in {escape(q.source)}</i>"
        if q.caveat:
            block += f"\nℹ️ <i>{escape(q.caveat)}</i>"
        blocks.append(block)
    return _fit([f"<b>{escape(label)}</b>", *blocks], "", "<i>…and more on this topic.</i>")


# Reminders and check-ins

REMIND_TIMES = ("07:00", "08:00", "09:00", "12:00", "18:00", "20:00", "21:00", "22:00")
CHECKIN_CHOICES = (
    ("all", "✅ Took everything as usual"),
    ("some", "🌓 Took part of it"),
    ("none", "⭕ Took none"),
    ("log", "📝 Log what I took"),
    ("snooze", "⏰ Snooze 1 hour"),
    ("skipped", "⏭️ Skip today"),
)
STATUS_WORDS = {
    "all": "took everything as usual",
    "some": "took part of it",
    "none": "took none",
    "skipped": "skipped",
    "logged": "logged what you took",
}


def _day(day: date) -> str:
    return day.strftime("%a %d %b").replace(" 0", " ")


def _when(dose: Dose) -> str:
    return f"{dose.repeats} at <b>{dose.at:%H:%M}</b>"


def remind_time_prompt(
    problem: str | None = None, *, moving: Dose | None = None, plan: Plan | None = None, can_plan: bool = False
) -> Reply:
    buttons = [_button(t, Action.REMIND_AT, value=t) for t in REMIND_TIMES]
    rows = _rows(buttons, 4)
    if can_plan and moving is None:
        rows.insert(0, [_button("🗓 Plan my day from what I take", Action.PLAN_DAY)])
    if moving is not None:
        text = f"<b>Move the reminder {_when(moving)} to which time?</b>\nTap a time or type one, like 8:30."
    else:
        text = (
            "<b>When should I check in?</b>\nTap a time or type one or more, like 21:30, "
            "“7:00 and 21:00” or “Mondays 7:00” for a weekly one."
        )
        if plan is not None:
            have = "; ".join(_when(d) for d in plan.doses)
            text += f"\nYour reminders now: {have}. A new time is added to them (/settings to move or drop one)."
    if problem:
        text = f"⚠️ {escape(problem)}\n\n{text}"
    return Reply(text, InlineKeyboardMarkup(rows))


def remind_zone_prompt(default_zone: str, problem: str | None = None) -> Reply:
    text = (
        "<b>Which time zone are you in?</b>\nType a big city near you (Berlin, New York), "
        "a zone name (Europe/Berlin) or an offset (UTC+2)."
    )
    if problem:
        text = f"⚠️ {escape(problem)}\n\n{text}"
    keyboard = InlineKeyboardMarkup([[_button(f"Use {default_zone}", Action.ZONE, value=default_zone)]])
    return Reply(text, keyboard)


def zone_saved(zone_name: str) -> str:
    return f"Time zone set to <b>{escape(zone_name)}</b>."


def _dose_line(dose: Dose) -> str:
    what = f": {escape(', '.join(dose.what))}" if dose.what else ""
    return f"• {_when(dose)}{what}"


def _dose_lines(plan: Plan) -> str:
    return "\n".join(_dose_line(d) for d in sorted(plan.doses, key=lambda d: (d.at, d.weekday or 0)))


def reminders_set(plan: Plan, zone_name: str) -> str:
    if len(plan.doses) == 1:
        return (
            f"Done: I'll check in {_when(plan.doses[0])} ({escape(zone_name)}). "
            "Change it with /settings, stop it with /remind off."
        )
    return (
        f"Done. Your check-ins ({escape(zone_name)}):\n{_dose_lines(plan)}\n"
        "Move or drop one with /settings, stop them all with /remind off."
    )


def _proposed_line(at: time, weekday: int | None, what: Sequence[str]) -> str:
    return f"• {repeats(weekday)} at <b>{at:%H:%M}</b>: {escape(', '.join(what))}"


def proposal(found: Proposal, zone_name: str, plan: Plan | None, weekday: int | None) -> Reply:
    """A day plan from what the person takes, each rule behind it with its source; the person
    uses it, picks their own times, or says on which weekday a weekly medicine is taken."""
    lines = "\n".join(_proposed_line(d.at, d.weekday, d.what) for d in found.doses)
    if found.day_needed and found.weekly_medicine is not None:
        lines += f"\n• once a week, on the day you tap below: {escape(found.weekly_medicine)}"
    head = f"<b>A day plan from what you take</b> ({escape(zone_name)})\n{lines}"
    rules = [
        f"• {escape(r.rule)}\n<i>“{escape(r.quote)}”</i> — {escape(cited(r.cited))}"
        + (f' <a href="{escape(r.url)}">link</a>' if r.url else "")
        for r in found.rules
    ]
    blocks = [head]
    if rules:
        blocks.append("<b>Why these times</b> (official sources)\n" + "\n".join(rules))
    if found.ask_pharmacist:
        blocks.append("⚠️ Some of what you take has timing rules I can't settle for you: ask your pharmacist.")
    ending = f"Meal and bed times are my guesses: move any reminder in /settings. {DISCLAIMER_SHORT}"
    if plan is not None:
        ending = f"This replaces your {len(plan.doses)} reminder(s) now set. " + ending
    value = "" if weekday is None else str(weekday)
    rows = [
        [_button("✅ Use this plan", Action.PLAN_ACCEPT, value=value)],
        [_button("Pick my own times", Action.ADD_TIME)],
    ]
    if found.weekly_medicine is not None:
        days = [_button(name[:2].title(), Action.PLAN_DAY, value=str(n)) for n, name in enumerate(WEEKDAYS)]
        if found.said_weekly:
            ending = f"On which day do you take the {found.weekly_medicine.lower()}? Tap it. " + ending
        else:
            rows.insert(1, [_button(f"{found.weekly_medicine} every day", Action.PLAN_DAY)])
            ending = f"Take the {found.weekly_medicine.lower()} once a week? Tap its day. " + ending
        rows.insert(1, days)
    return Reply(_fit(blocks, ending, "<i>…and more rules.</i>"), InlineKeyboardMarkup(rows))


def report_caption() -> str:
    return (
        "Your CaMag report for your doctor: totals, supplements and when you take them, medicines, "
        "adherence, cautions and sources."
    )


def checkins_csv_caption() -> str:
    return "Your check-ins, a row a day (opens in any spreadsheet)."


def nothing_to_plan() -> str:
    return (
        "Your latest check lists no supplements or medicines to plan around. Pick your own times, "
        "or /check again with what you take."
    )


def refill_prompt(items: Sequence[str], plan: Plan | None) -> Reply:
    if not items:
        return Reply(
            "Refills are counted for the supplements in your reminders: use /remind and “Plan my day from "
            "what I take” first."
        )
    packs = {p.item: p.left for p in plan.packs} if plan is not None else {}
    lines = "\n".join(
        f"• {escape(i)}: {packs[i]} tablets left" if i in packs else f"• {escape(i)}: not counted" for i in items
    )
    buttons = [_button(_clip(i, 40), Action.REFILL, value=str(n)) for n, i in enumerate(items)]
    text = f"<b>Refills</b>\n{lines}\nWhich one did you get a new pack of?"
    return Reply(text, InlineKeyboardMarkup(_rows(buttons, 1)))


def refill_count_prompt(item: str, *, problem: bool = False) -> str:
    ask = f"How many tablets of <b>{escape(item)}</b> are there now? Type a number, like 60."
    return f"⚠️ Please type just the number of tablets, from 0 to {MAX_PACK}.\n\n{ask}" if problem else ask


def refill_set(item: str, left: int, per_day: float) -> str:
    lasts = f", about {left / per_day:.0f} days at {per_day:g} a day" if per_day else ""
    return (
        f"Noted: {left} tablets of <b>{escape(item)}</b>{lasts}. I count one tablet each time you tick it "
        f"taken, and tell you when about {REFILL_WARNING_DAYS} days are left."
    )


def running_low(low: Sequence[Low]) -> str:
    lines = "\n".join(f"• {escape(p.item)}: {p.left} left, about {p.days:.0f} days" for p in low)
    return f"🛒 <b>Running low</b>\n{lines}\nTime to get the next pack; /refill when you have it."


def plan_full() -> str:
    return f"You have {MAX_DOSES} reminders already, the most I keep. Drop one in /settings first."


def reminder_off() -> str:
    return "Daily check-ins are off. /remind turns them on again."


def settings_view(plan: Plan | None, zone_name: str | None) -> Reply:
    if plan is None:
        text = "<b>Settings</b>\nDaily check-ins: off"
    else:
        state = " (paused while you had me blocked)" if plan.paused else ""
        heading = "Daily check-ins" if not any(d.weekly for d in plan.doses) else "Check-ins"
        text = f"<b>Settings</b>\n{heading}{state}:\n{_dose_lines(plan)}"
    text += f"\nTime zone: <b>{escape(zone_name or 'not set')}</b>"
    rows = []
    for dose in plan.doses if plan is not None else ():
        rows.append(
            [
                _button(f"Move {dose.at:%H:%M}", Action.MOVE_DOSE, value=str(dose.number)),
                _button(f"Drop {dose.at:%H:%M}", Action.DROP_DOSE, value=str(dose.number)),
            ]
        )
    rows.append([_button("Add a time", Action.ADD_TIME), _button("Change time zone", Action.CHANGE_ZONE)])
    if plan is not None:
        rows.append([_button("Turn check-ins off", Action.REMIND_OFF)])
    return Reply(text, InlineKeyboardMarkup(rows))


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def week_summary(week: Period) -> str:
    average = "not known" if week.average_ratio is None else f"{week.average_ratio:.1f}:1"
    return (
        f"<b>Your week</b>: checked in on {week.checked_in} of {_days(week.days)}; adherence "
        f"{week.adherence:.0%}; average calcium : magnesium ratio {average}."
    )


def checkin_target(question: str) -> tuple[date, int]:
    """The day and the dose a check-in button is for (buttons of a plan's first dose name no dose)."""
    day, _, dose = question.partition("/")
    return date.fromisoformat(day), int(dose) if dose else 1


def _target(day: date, dose: int) -> str:
    return day.isoformat() if dose == 1 else f"{day.isoformat()}/{dose}"


def _part_of_day(at: time) -> str:
    if at.hour < 12:
        return "morning"
    if at.hour < 17:
        return "afternoon"
    return "evening" if at.hour < 21 else "night"


def checkin(day: date, dose: Dose, week: Period | None = None, *, several: bool = False, ticked: int = 0) -> Reply:
    """The check-in for a dose: what is due now, worded for its time of day (a morning one asks
    about the dose just due, not about a day barely begun). A dose of named items, or one of
    several, is a tick-list answered on its own (``ticked``: the items ticked so far, a bit each)."""
    part = _part_of_day(dose.at)
    text = f"<b>Daily check-in, {_day(day)}</b>\n"
    if dose.what:
        lines = "\n".join(f"• {escape(w)}" for w in dose.what)
        when = "tonight" if part == "night" else f"this {part}"
        text += f"Due {when} ({dose.at:%H:%M}):\n{lines}\nDid you take it?"
    elif several or part == "morning":
        text += f"Time for your {part} supplements ({dose.at:%H:%M}). Did you take them?"
    else:
        text += "How did your supplements go today?"
    if week is not None:
        text += "\n\n" + week_summary(week)
    target = _target(day, dose.number)
    if not (dose.what or several):
        buttons = [_button(label, Action.CHECKIN, target, value) for value, label in CHECKIN_CHOICES]
        return Reply(text, InlineKeyboardMarkup(_rows(buttons, 2)))
    rows = []
    if len(dose.what) > 1:
        for n, item in enumerate(dose.what):
            mark = "✅" if ticked >> n & 1 else "▫️"
            rows.append([_button(f"{mark} {_clip(item, 40)}", Action.CHECKIN, target, f"t{ticked ^ 1 << n}")])
        text += "\nTick what you took, or answer for all of it."
    if ticked:
        rows.append([_button("☑️ Only the ticked ones", Action.CHECKIN, target, f"m{ticked}")])
    answers = [(v, label) for v, label in DOSE_CHOICES]
    rows += _rows([_button(label, Action.CHECKIN, target, value) for value, label in answers], 2)
    return Reply(text, InlineKeyboardMarkup(rows))


DOSE_CHOICES = (
    ("all", "✅ Took it"),
    ("none", "⭕ Didn't take it"),
    ("snooze", "⏰ Snooze 1 hour"),
    ("skipped", "⏭️ Skip this one"),
)
DOSE_WORDS = {"all": "took it", "some": "took part of it", "none": "didn't take it", "skipped": "skipped it"}


def dose_recorded(day: date, answered: Sequence[tuple[Dose, DoseAnswer]]) -> Reply:
    """What was noted for each dose answered, with buttons to change the last one."""
    lines = []
    for dose, answer in answered:
        said = DOSE_WORDS.get(answer.status, STATUS_WORDS.get(answer.status, answer.status))
        if answer.taken:
            said = f"took only {', '.join(answer.taken)}"
        lines.append(f"• {dose.at:%H:%M}: {escape(said)}")
    text = f"<b>{_day(day)}</b>: Noted!\n" + "\n".join(lines) + "\nTap another answer to change it."
    dose = answered[-1][0]
    target = _target(day, dose.number)
    buttons = [_button(label, Action.CHECKIN, target, value) for value, label in DOSE_CHOICES if value != "snooze"]
    return Reply(text, InlineKeyboardMarkup(_rows(buttons, 3)))


def checkin_recorded(day: date, status: str, ratio: float | None) -> Reply:
    text = f"<b>{_day(day)}</b>: {STATUS_WORDS[status]}. Noted!"
    if ratio is not None:
        text += f" That day's calcium : magnesium ratio comes to about {ratio:.1f}:1."
    text += "\nTap another answer to change it."
    buttons = [
        _button(label, Action.CHECKIN, day.isoformat(), value)
        for value, label in CHECKIN_CHOICES
        if value not in ("snooze", "log")
    ]
    return Reply(text, InlineKeyboardMarkup(_rows(buttons, 2)))


def snoozed(until: str) -> str:
    return f"⏰ Snoozed: I'll ask again at {escape(until)}."


def log_supplements_prompt(day: date, problem: str | None = None) -> str:
    """Asked again with ``problem`` (which may quote what was typed) when the answer was not read."""
    text = (
        f"<b>{_day(day)}</b>: which supplements did you take? Several at once are fine, like "
        "“500 mg calcium citrate, 1000 IU vitamin D”, or “none”."
    )
    return text if problem is None else f"⚠️ {escape(problem)}\n\n{text}"


def log_amount_missing(typed: str) -> str:
    return (
        f"I read “{escape(typed)}”, but not how much is in each. Please add the amount from the label, like "
        "“2 pills of 200 mg magnesium citrate”, or type “don't know” to log them without an amount."
    )


def logged(day: date, taken: Sequence[Supplement]) -> str:
    what = escape(describe_all(taken)) or "no supplements"
    return f"<b>{_day(day)}</b>: logged {what}."


def log_food_prompt() -> str:
    return "Anything notable you ate or drank today (spinach, a lot of dairy, soft drinks)? Or type “no”."


def history(week: Period, month: Period, streak_days: int) -> str:
    def block(p: Period) -> str:
        ratios = " → ".join(f"{r:.1f}" for _, r in p.ratios[-10:]) or "no ratios yet"
        average = "–" if p.average_ratio is None else f"{p.average_ratio:.1f}:1"
        return (
            f"Checked in on {p.checked_in} of {_days(p.days)} · took all {p.took_all}, part {p.took_some}, "
            f"none {p.took_none}, skipped {p.skipped}\nAdherence {p.adherence:.0%} · average ratio {average}\n"
            f"Ratio trend: {ratios}"
        )

    def title(p: Period, most: int) -> str:
        return f"Last {most} days" if p.days == most else f"Since your first check-in ({_days(p.days)})"

    text = f"<b>Your history</b>\nStreak: {_days(streak_days)} in a row\n\n<b>{title(week, 7)}</b>\n{block(week)}"
    if month.days > week.days:
        text += f"\n\n<b>{title(month, 30)}</b>\n{block(month)}"
    return text


def history_caption(month: Period) -> str:
    return (
        f"Your calcium : magnesium ratio on the days it could be worked out, over {_days(month.days)}, "
        "against the articles' 1:1 and the traditional 2:1."
    )


def no_history(first: datetime | None = None, today: date | None = None) -> str:
    """Nothing answered yet; ``first``: when the first check-in comes (local), when reminders are set."""
    if first is None or today is None:
        return "No check-ins yet. /remind sets up a daily check-in."
    day = {0: "today", 1: "tomorrow"}.get((first.date() - today).days, f"on {first:%A}")
    return (
        f"No check-ins answered yet. Your reminders are set: the first check-in comes {day} at "
        f"<b>{first:%H:%M}</b>. /settings shows them all."
    )


# Privacy


def privacy_policy() -> str:
    return (
        "<b>Your privacy</b>\n"
        "<b>What I store</b>: your Telegram user and chat ids; your check answers (age, sex, pregnancy, "
        "food, soft drinks, supplements, conditions, medicines) and each result; your daily check-ins "
        "(how the day went, supplements logged, any food note); your reminder time and time zone; an "
        "unfinished check; a label read from a photo, until you confirm it (then only what you confirmed, "
        "as your supplements). Not your name, username or phone number, and never the photo itself: a "
        "photo of a label is read and then dropped, on this machine, by an OCR engine that sends nothing "
        "anywhere.\n"
        "<b>Where</b>: on the machine that runs this bot, in files only it can read. Nothing is shared "
        "with anyone, and logs never hold what you typed.\n"
        "<b>For how long</b>: until you erase it.\n"
        "<b>Your data, your call</b>: /mydata sends you everything as a file; /forget erases all of it.\n\n"
        f"<i>{DISCLAIMER_SHORT}</i>"
    )


def mydata_caption() -> str:
    return "Everything CaMag has stored about you. /forget erases it."


def mydata_summary(
    latest: Answers | None, results: int, checkins: int, reminder: str | None, unfinished: int | None
) -> str:
    """What is stored, in a few lines beside the file: the latest answers, how many results and
    check-ins, the reminder, an unfinished check."""
    lines = ["<b>What CaMag keeps about you</b>"]
    if latest is not None:
        draft = draft_from(latest)
        said = "; ".join(f"{q.short}: {shown(q, draft)}" for q in applicable(draft))
        lines.append(f"• Your latest answers: {escape(_clip(said, 2500))}")
    lines.append(f"• Results: {results}" if results else "• No results")
    lines.append(f"• Daily check-ins: {checkins}" if checkins else "• No daily check-ins")
    lines.append(f"• Reminder: {escape(reminder)}" if reminder else "• No reminder")
    if unfinished:
        lines.append(f"• An unfinished check with {unfinished} answer{'s' if unfinished != 1 else ''}")
    lines.append("The file holds all of it, word for word. /forget erases everything.")
    return "\n".join(lines)


def forget_confirm() -> Reply:
    text = (
        "<b>Erase everything?</b>\nYour answers, results, check-ins, reminder and any unfinished "
        "check will be deleted for good. This can't be undone."
    )
    keyboard = InlineKeyboardMarkup(
        [[_button("Yes, erase everything", Action.FORGET), _button("No, keep it", Action.KEEP)]]
    )
    return Reply(text, keyboard)


def forgotten() -> str:
    return "Done: everything CaMag stored about you has been erased. /start begins afresh."


def kept() -> str:
    return "Nothing was erased."


def kept_typed() -> str:
    return 'Nothing was erased: only a plain "yes" (or the button above) erases everything. /forget asks again.'
