"""Pure view functions: every text and keyboard the bot shows. HTML, with all text escaped.

Nothing here talks to Telegram or the store; handlers pass data in and send what comes out. Each
view takes the person's :class:`~camag_core.i18n.Texts` first and says whole messages through it
(camag_core/i18n.py says how to write one); callback data and command names are never translated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial
from html import escape as _html_escape

from babel.numbers import format_decimal
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import Action, encode
from camag_core import Answers, Assessment, Supplement
from camag_core.answers import describe_all
from camag_core.citation import cited
from camag_core.daily import DoseAnswer, Period, days_went, is_offset
from camag_core.guidance import QUOTED_IN_ENGLISH, attribution, passages_on, quote, topics
from camag_core.guidance import cautions as passage_cautions
from camag_core.guidance import summary as in_short
from camag_core.i18n import LANGUAGES, N_, NATIVE_NAMES, Texts
from camag_core.questionnaire import (
    Draft,
    FollowUp,
    Kind,
    Question,
    applicable,
    draft_from,
    hint,
    label,
    none_of_these,
    previous_question,
    progress,
    prompt,
    short,
    shown,
    understood,
)
from camag_core.report import Line, Section, Style, short_report
from camag_core.report import details as report_details
from camag_core.routine import BOTH_FIRST_THING, WHOLE_TABLET, Clash, DoseCautions, Proposal, TimingRule
from camag_core.schedule import MAX_DOSES, MAX_PACK, REFILL_WARNING_DAYS, Dose, Low, Plan, repeats
from camag_core.situation import Situation

MAX_MESSAGE = 4096
escape = partial(_html_escape, quote=False)  # text, never attributes: quotes need no escaping


@dataclass(frozen=True, slots=True)
class Reply:
    text: str
    keyboard: InlineKeyboardMarkup | None = None


def _button(label: str, action: Action, question: str = "", value: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=encode(action, question, value))


def _rows(buttons: Sequence[InlineKeyboardButton], per_row: int) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row)]


def _disclaimer(t: Texts) -> str:
    return t._("CaMag gives information, not medical advice.")


def _one_place(t: Texts, value: float) -> str:
    """A ratio's first number with one decimal, as the locale writes it: 1.6 / 1,6."""
    return format_decimal(value, "0.0", locale=t.locale)


# Commands and fixed texts

# The command menu, in order; what each does is translated where it is shown.
COMMANDS = (
    ("check", N_("Work out your calcium : magnesium balance")),
    ("summary", N_("Show your latest result again")),
    ("remind", N_("Reminders at the times you pick, daily or weekly (/remind off to stop)")),
    ("history", N_("Your last 7 and 30 days")),
    ("settings", N_("Your reminders and time zone")),
    ("refill", N_("Count down a pack's tablets and hear before it runs out")),
    ("report", N_("A report for your doctor (PDF) and your check-ins (CSV)")),
    ("guidance", N_("Read what the articles say, by topic")),
    ("sources", N_("The articles and official references")),
    ("cancel", N_("Stop the current check")),
    ("privacy", N_("What is stored about you, where, and how to erase it")),
    ("mydata", N_("Everything stored about you, as a file")),
    ("forget", N_("Erase everything stored about you")),
    ("language", N_("Choose the language I speak")),
    ("help", N_("What CaMag can do")),
)


def commands(t: Texts, names: frozenset[str] | None = None) -> list[tuple[str, str]]:
    """The menu in ``t``'s language: every command, or only those ``names`` (a group's)."""
    return [(name, t._(about)) for name, about in COMMANDS if names is None or name in names]


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


def help_text(t: Texts) -> str:
    lines = "\n".join(f"/{name} – {escape(about)}" for name, about in commands(t))
    # TRANSLATORS: {commands} is the list of commands, a line each; keep the HTML tags
    return t._(
        "<b>CaMag</b> works out your calcium : magnesium balance.\n\n{commands}\n\n"
        "During a check, tap the buttons or type your answer; every question has "
        "“I don't know”, and Back takes you to the previous one.\n\n"
        "<i>CaMag gives information, not medical advice.</i>",
        commands=lines,
    )


def sources_text(t: Texts) -> str:
    # TRANSLATORS: the articles' titles stay in English (they are quoted); their authors' names too
    return t._(
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


def group_notice(t: Texts, bot_username: str | None, flow: str = "check") -> str:
    """The pointer from a group to the private chat; the link opens ``flow`` there."""
    if not bot_username:
        return t._(
            "Health answers are personal, so I don't collect or show them in groups. Please message me privately."
        )
    link = f"https://t.me/{escape(bot_username)}?start={escape(flow)}"
    # TRANSLATORS: keep the link's HTML: <a href="{link}">…</a>
    return t._(
        "Health answers are personal, so I don't collect or show them in groups. "
        'Please <a href="{link}">open our private chat</a>.',
        link=link,
    )


def damaged_data(t: Texts, *, unwritable: bool = False) -> Reply:
    if unwritable:
        text = t._(
            "Sorry, I can't save anything more in the data I keep for you: my side can't write to it. "
            "I can put it aside (it is kept, not deleted) and you can start again with a fresh check."
        )
    else:
        text = t._(
            "Sorry, I couldn't read the data I had saved for you: the file is damaged. "
            "I can put it aside (it is kept, not deleted) and you can start again with a fresh check."
        )
    return Reply(text, InlineKeyboardMarkup([[_button(t.pgettext("button", "Start again"), Action.SET_ASIDE)]]))


def set_aside_done(t: Texts) -> str:
    return t._("Done: your old data is put aside. Send /check to work out your balance again.")


def nothing_to_set_aside(t: Texts) -> str:
    return t._("Your data reads fine now, so I kept it as it is. Send /check to go on.")


def group_button_notice(t: Texts) -> str:
    return t._("Health answers stay in the private chat: message me privately to use CaMag.")


def nothing_to_show(t: Texts) -> str:
    return t._("No result yet. Send /check to work out your balance.")


def not_in_a_check(t: Texts) -> str:
    return t._("Send /check to work out your calcium : magnesium balance, or /help for everything I can do.")


def cant_answer(t: Texts) -> str:
    return t._("I can't answer questions typed in words, sorry.") + " " + not_in_a_check(t)


def cancelled(t: Texts, *, kept: bool) -> str:
    if kept:
        return t._("Stopped. Your answers so far are kept: send /check and tap Continue to carry on.")
    return t._("Stopped. Send /check whenever you want to work out your balance.")


def unknown_command(t: Texts, command: str) -> str:
    # TRANSLATORS: {command} is what was typed, like /foo
    return t._("I don't know {command}. /help lists what I can do.", command=command[:40])


_NOT_TEXT = {
    "voice": N_("I can't listen to voice messages, sorry."),
    "audio": N_("I can't listen to audio, sorry."),
    "video_note": N_("I can't watch video messages, sorry."),
    "video": N_("I can't watch videos, sorry."),
    "sticker": N_("Nice sticker!"),
    "animation": N_("Nice GIF!"),
    "document": N_("I can't open files, sorry."),
    "location": N_("I don't need your location: a city name is enough for reminders (/remind)."),
    "contact": N_("I don't need anyone's contact details."),
    "edited": N_("I saw you edited a message, but I only read new ones."),
}


NOT_TEXT_KINDS = tuple(k for k in _NOT_TEXT if k != "edited")


def not_text(t: Texts, kind: str) -> str:
    """A reply to something other than a new text message, naming what was sent."""
    said = t._(_NOT_TEXT.get(kind, N_("I can only read text messages.")))
    if kind == "edited":
        return said + " " + t._("To answer, please send it again as a new message.")
    return said + " " + t._("To answer a question, please type your answer or tap a button; /help shows what I can do.")


def stale_button(t: Texts) -> str:
    return t._("That button belongs to an earlier question.")


def expired_button(t: Texts) -> str:
    return t._("That button has expired. Send /check to start a check.")


def something_went_wrong(t: Texts) -> str:
    return t._("Sorry, something went wrong on my side, so that may not have been taken in. Please try again.")


def not_saved_yet(t: Texts) -> str:
    return t._(
        "Sorry, I couldn't save that just now (my storage isn't reachable), so it isn't recorded yet. "
        "I'll take it in by myself as soon as I can; what you saved before is safe."
    )


# The person's language


def language_menu(t: Texts, offered: Sequence[str]) -> Reply:
    """A button per language offered (each named in itself); the languages still being translated
    are named, so nobody looks for theirs in vain."""
    buttons = [_button(NATIVE_NAMES[code], Action.LANGUAGE, value=code) for code in offered]
    text = t._("Which language should I speak with you?")
    coming = [NATIVE_NAMES[code] for code in LANGUAGES if code not in offered]
    if coming:
        # TRANSLATORS: {languages} lists languages, each in its own name ("Русский, Español and Deutsch")
        text += "\n" + t._(
            "{languages}: their translations are on the way. Until they are done, I answer in English.",
            languages=t.join(coming),
        )
    return Reply(text, InlineKeyboardMarkup(_rows(buttons, 2)))


def language_set(t: Texts) -> str:
    """Said in the language just chosen."""
    # TRANSLATORS: {language} is this language's own name ("Deutsch")
    return t._("From now on I speak {language} with you. /language changes it.", language=NATIVE_NAMES[t.language])


# The interview


def change_or_afresh(t: Texts) -> Reply:
    keyboard = InlineKeyboardMarkup(
        [
            [
                _button("✏️ " + t.pgettext("button", "Change an answer"), Action.FROM_LAST),
                _button(t.pgettext("button", "Start afresh"), Action.RESTART),
            ]
        ]
    )
    return Reply(
        t._("You have a result already. Change one of its answers (the rest stay as they were), or start afresh?"),
        keyboard,
    )


def review_typed_hint(t: Texts) -> str:
    return t._('Type "show my balance" to see it, or "change" and the answer\'s name, like "change my age".')


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


def _progress(t: Texts, q: Question, draft: Draft) -> str:
    where = progress(q, draft, t=t)
    if where.step is None:
        # TRANSLATORS: where the person is in the check, e.g. "Part 2 of 4: Food and drink"
        return t._(
            "Part {part} of {parts}: {name}", part=t.number(where.part), parts=t.number(where.parts), name=where.name
        )
    # TRANSLATORS: e.g. "Part 2 of 4: Food and drink · food 3 of 9"
    return t._(
        "Part {part} of {parts}: {name} · food {step} of {steps}",
        part=t.number(where.part),
        parts=t.number(where.parts),
        name=where.name,
        step=t.number(where.step),
        steps=t.number(where.steps or 0),
    )


def heard(t: Texts, q: Question, draft: Draft) -> str:
    """A typed answer said back as it was understood: "✓ Got it: Canned fish with bones, 1 a week."."""
    said, *notes = understood(q, draft, t=t)
    return "\n".join([f"✓ {said}", *notes])


def question(
    t: Texts,
    q: Question,
    draft: Draft,
    pending: Sequence[str] = (),
    problem: str | None = None,
    *,
    editing: bool = False,
    understood: str | None = None,
    follow_up: FollowUp | None = None,
) -> Reply:
    """A question with its buttons; ``problem`` is a re-prompt for an answer that couldn't be read,
    ``understood`` the previous typed answer said back, ``follow_up`` what was kept of an answer
    while its unclear part is asked about. A question answered before shows that answer (ticked,
    marked, or offered to keep)."""
    parts = [escape(understood)] if understood else []
    if problem:
        parts.append(f"⚠️ {escape(problem)}")
    if follow_up is not None and follow_up.kept:
        kept = escape(shown(q, {q.id: follow_up.kept}, t=t))
        parts.append(
            t._(
                "I've kept the rest: <b>{answer}</b>. Please type only the one I couldn't read, or “none” to "
                "leave it out.",
                answer=kept,
            )
        )
    parts.append(f"<i>{escape(_progress(t, q, draft))}</i>\n<b>{escape(prompt(q, draft, t=t))}</b>")
    if q.kind is Kind.MULTI:
        parts.append(t._("Tap all that apply, then Done."))
    if said := hint(q, t=t):
        parts.append(escape(said))
    earlier = q.id in draft
    if earlier and q.kind in (Kind.NUMBER, Kind.SUPPLEMENTS):
        parts.append(t._("Your answer so far: <b>{answer}</b>", answer=escape(shown(q, draft, t=t))))
    rows: list[list[InlineKeyboardButton]] = []
    if q.kind is Kind.MULTI:
        ticked = set(pending)
        toggles = [
            _button(("✅ " if c.value in ticked else "▫️ ") + label(c, t=t), Action.TOGGLE, q.id, c.value)
            for c in q.choices
        ]
        rows += _rows(toggles, 2 if len(toggles) > 6 else 1)
        done = t.pgettext("button", "Done") if ticked else none_of_these(q, t=t)
        rows.append([_button(done, Action.DONE, q.id)])
    else:
        chosen = draft.get(q.id) if q.kind is Kind.CHOICE else None
        narrow = all(len(label(c, t=t)) <= 6 for c in q.choices)
        picks = [
            _button(("✓ " if c.value == chosen else "") + label(c, t=t), Action.ANSWER, q.id, c.value)
            for c in q.choices
        ]
        rows += _rows(picks, 5 if narrow else 1)
        if earlier and draft[q.id] is not None and q.kind in (Kind.NUMBER, Kind.SUPPLEMENTS):
            # an earlier "I don't know" is kept by the "I don't know" button itself
            # TRANSLATORS: a button keeping the earlier answer, e.g. "Keep: 45"
            keep = t.pgettext("button", "Keep: {answer}", answer=_clip(shown(q, draft, t=t), 40))
            rows.append([_button("↩️ " + keep, Action.AS_BEFORE, q.id)])
    nav = []
    if editing or previous_question(draft, q.id) is not None:
        back = t.pgettext("button", "Back to the review") if editing else t.pgettext("button", "Back")
        nav.append(_button("⬅️ " + back, Action.BACK, q.id))
    nav.append(_button("🤷 " + t.pgettext("button", "I don't know"), Action.SKIP, q.id))
    rows.append(nav)
    return Reply("\n\n".join(parts), InlineKeyboardMarkup(rows))


def _clip(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def review(t: Texts, draft: Draft, understood: str | None = None) -> Reply:
    questions = applicable(draft)
    lines = "\n".join(f"• {escape(short(q, t=t))}: <b>{escape(shown(q, draft, t=t))}</b>" for q in questions)
    said_back = escape(understood) + "\n\n" if understood else ""
    # TRANSLATORS: {answers} is the list of answers, a line each; keep the HTML tags
    text = said_back + t._(
        "<b>Your answers</b>\n{answers}\n\nTap an answer to change it, or see your balance.", answers=lines
    )
    edits = [_button(f"✏️ {short(q, t=t)}", Action.EDIT, q.id) for q in questions]
    rows = [[_button("✅ " + t.pgettext("button", "Show my balance"), Action.COMPUTE)], *_rows(edits, 3)]
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


FROM_RESULT = "result"  # a day plan asked for from a result: shown as a new message, the result kept

# A result's parts behind its buttons (callback data: the part), each button's label.
DETAILS = (
    ("notes", "⚠️ ", N_("Every note in full")),
    ("totals", "📊 ", N_("Totals and food ideas")),
    ("quotes", "📖 ", N_("What the articles say")),
    ("sources", "🔗 ", N_("Sources")),
)


def more_notes(t: Texts) -> str:
    return t._("More notes than fit in one message: tap ⚠️ Every note in full.")


def _summary_text(t: Texts, sections: tuple[Section, ...]) -> tuple[str, bool]:
    """The first message, and whether some cautions had to wait behind a button: cautions come
    first, most harmful first, and the least harmful give way until the message fits."""
    blocks = [_section(s) for s in sections]
    if len("\n\n".join(blocks)) <= MAX_MESSAGE:
        return "\n\n".join(blocks), False
    more = _line(Line(more_notes(t), Style.NOTE))
    rest = [block for block, s in zip(blocks, sections, strict=True) if not s.caution]
    room = MAX_MESSAGE - len("\n\n".join([*rest, more])) - 2
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
    return "\n\n".join([*kept, more, *rest]), True


def summary(t: Texts, assessment: Assessment, number: int, *, can_plan: bool = False) -> Reply:
    """The result as a person first sees it: every caution (most harmful first), the one thing
    most worth doing, the ratio and its verdict and the medical note, short enough for a phone
    screen; the rest behind buttons (``number`` is the result's place in the person's history,
    so an old summary's buttons open that result). Cautions too many for one message wait, least
    harmful first, behind "Every note in full"."""
    text, cut = _summary_text(t, short_report(assessment, t=t))
    buttons = [
        _button(mark + t._(label), Action.DETAIL, part, str(number))
        for part, mark, label in DETAILS
        if (cut if part == "notes" else _has(assessment, part))
    ]
    if can_plan:  # reminders for what they take, planned by the timing rules
        plan = t.pgettext("button", "Plan reminders for what I take")
        buttons.append(_button("🗓 " + plan, Action.PLAN_DAY, FROM_RESULT))  # the plan below the result, not over it
    return Reply(text, InlineKeyboardMarkup(_rows(buttons, 1)))


def _has(assessment: Assessment, part: str) -> bool:
    if part == "notes":
        return any(w.level == "caution" for w in assessment.warnings)
    if part == "totals":
        return assessment.scope_note is None
    if part == "quotes":
        return bool(assessment.quotes)
    return True


def earlier_result(t: Texts, day: date) -> str:
    return t._(
        "This is from your check of {date}, not your latest: /summary shows the latest.", date=escape(t.date(day))
    )


def detail_messages(t: Texts, assessment: Assessment, part: str) -> list[str]:
    """One part of a result as messages: every caution, in as many messages as it takes; any
    other part in one."""
    if part != "notes":
        return [details(t, assessment, part)]
    messages: list[str] = []
    for block in (_section(s) for s in report_details(assessment, part, t=t)):
        if messages and len(f"{messages[-1]}\n\n{block}") <= MAX_MESSAGE:
            messages[-1] = f"{messages[-1]}\n\n{block}"
        else:
            messages.append(block)
    return messages or [details(t, assessment, "totals")]


def details(t: Texts, assessment: Assessment, part: str) -> str:
    """One part of a result in full, within one message."""
    if part == "sources":
        return sources_text(t)
    blocks = [_section(s) for s in report_details(assessment, part, t=t)]
    return _fit(blocks, f"<i>{_disclaimer(t)}</i>", "<i>" + t._("More from the articles: /guidance") + "</i>")


def chart_caption(t: Texts, assessment: Assessment) -> str:
    return escape(assessment.balance.headline)


# /guidance


def guidance_topics(t: Texts) -> Reply:
    buttons = [_button(name, Action.TOPIC, value=topic) for topic, name in topics(t=t).items()]
    return Reply(t._("<b>What the articles say</b>\nPick a topic:"), InlineKeyboardMarkup(_rows(buttons, 1)))


def guidance_topic(t: Texts, topic: str, person: Situation | None = None) -> str:
    """A topic's passages, each with its official caveat (filled in with ``person``'s figures, if
    there is a result), and the official notes their conditions, medicines, pregnancy or
    breastfeeding put beside a passage whose advice they bear on."""
    name = topics(t=t).get(topic)
    if name is None:
        return t._("That topic isn't in the library any more. Send /guidance for the list.")
    blocks = []
    for passage in passages_on(topic):
        q = quote(passage, person, t=t)
        said_by = escape(attribution(q, t=t))
        block = f"<blockquote>{escape(q.text)}</blockquote>\n<i>— {said_by}</i>\n{escape(in_short(q, t=t))}"
        for caution in passage_cautions(passage, person) if person is not None else ():
            block += f"\n⚠️ {escape(caution)}"
        if q.caveat:
            block += f"\nℹ️ <i>{escape(q.caveat)}</i>"
        blocks.append(block)
    heading = f"<b>{escape(name)}</b>\n<i>{escape(t._(QUOTED_IN_ENGLISH))}</i>"
    return _fit([heading, *blocks], "", "<i>" + t._("…and more on this topic.") + "</i>")


# Reminders and check-ins

REMIND_TIMES = ("07:00", "08:00", "09:00", "12:00", "18:00", "20:00", "21:00", "22:00")
# A check-in's answers (callback data: the value) and their buttons' labels.
CHECKIN_CHOICES = (
    ("all", "✅ ", N_("Took everything as usual")),
    ("some", "🌓 ", N_("Took part of it")),
    ("none", "⭕ ", N_("Took none")),
    ("log", "📝 ", N_("Log what I took")),
    ("snooze", "⏰ ", N_("Snooze 1 hour")),
    ("skipped", "⏭️ ", N_("Skip today")),
)
# A day's answer noted, said back whole.
_NOTED = {
    "all": N_("<b>{day}</b>: took everything as usual. Noted!"),
    "some": N_("<b>{day}</b>: took part of it. Noted!"),
    "none": N_("<b>{day}</b>: took none. Noted!"),
    "skipped": N_("<b>{day}</b>: skipped. Noted!"),
    "logged": N_("<b>{day}</b>: logged what you took. Noted!"),
}


def _day(t: Texts, day: date) -> str:
    return t.date(day)


def _when(t: Texts, dose: Dose, *, bold: bool = True) -> str:
    """When a reminder comes, its time in bold unless said inside bold text."""
    if not bold:
        return t._("{repeats} at {times}", repeats=repeats(dose.weekday, t=t), times=t.time(dose.at))
    # TRANSLATORS: when a reminder comes: {repeats} is "every day" or "Mondays", {time} like 21:30
    return t._("{repeats} at <b>{time}</b>", repeats=repeats(dose.weekday, t=t), time=t.time(dose.at))


def remind_time_prompt(
    t: Texts,
    problem: str | None = None,
    *,
    moving: Dose | None = None,
    plan: Plan | None = None,
    can_plan: bool = False,
) -> Reply:
    buttons = [_button(at, Action.REMIND_AT, value=at) for at in REMIND_TIMES]
    rows = _rows(buttons, 4)
    if can_plan and moving is None:
        rows.insert(0, [_button("🗓 " + t.pgettext("button", "Plan my day from what I take"), Action.PLAN_DAY)])
    if moving is not None:
        text = t._(
            "<b>Move the reminder {when} to which time?</b>\nTap a time or type one, like 8:30.",
            when=_when(t, moving, bold=False),
        )
    else:
        text = t._(
            "<b>When should I check in?</b>\nTap a time or type one or more, like 21:30, "
            "“7:00 and 21:00” or “Mondays 7:00” for a weekly one."
        )
        if plan is not None:
            have = "; ".join(_when(t, d) for d in plan.doses)
            text += "\n" + t._(
                "Your reminders now: {reminders}. A new time is added to them (/settings to move or drop one).",
                reminders=have,
            )
    if problem:
        text = f"⚠️ {escape(problem)}\n\n{text}"
    return Reply(text, InlineKeyboardMarkup(rows))


def remind_zone_prompt(t: Texts, default_zone: str, problem: str | None = None) -> Reply:
    text = t._(
        "<b>Which time zone are you in?</b>\nType a big city near you (Berlin, New York), "
        "a zone name (Europe/Berlin) or an offset (UTC+2)."
    )
    if problem:
        text = f"⚠️ {escape(problem)}\n\n{text}"
    use = t.pgettext("button", "Use {zone}", zone=default_zone)
    return Reply(text, InlineKeyboardMarkup([[_button(use, Action.ZONE, value=default_zone)]]))


def zone_saved(t: Texts, zone_name: str) -> str:
    said = t._("Time zone set to <b>{zone}</b>.", zone=escape(zone_name))
    if is_offset(zone_name):
        said += " " + t._(
            "An offset stays the same all year: if your clocks change in summer, type a city instead so "
            "reminders follow them."
        )
    return said


def _dose_line(t: Texts, dose: Dose) -> str:
    what = f": {escape(', '.join(dose.what))}" if dose.what else ""
    return f"• {_when(t, dose)}{what}"


def _source(notes: DoseCautions | None, cautions: Sequence[str]) -> list[str]:
    """Where the limits come from, after an upper limit's caution."""
    return [f"<i>{escape(notes.source)}</i>"] if notes is not None and notes.limits.intersection(cautions) else []


def _cautions(notes: DoseCautions | None, cautions: Sequence[str]) -> list[str]:
    """Cautions as the result says them, then where the limits come from (after a limit's)."""
    if notes is None or not cautions:
        return []
    return [f"⚠️ {escape(c)}" for c in cautions] + _source(notes, cautions)


def _noted(lines: Sequence[tuple[str, Sequence[str]]], notes: DoseCautions | None) -> str:
    """Lines of a plan, each with the cautions on what it has the person take: a caution said under
    the first line it concerns, a later line it concerns marked ⚠️; then the limits' source."""
    said: list[str] = []
    shown = []
    for line, cautions in lines:
        new = [c for c in cautions if c not in said]
        shown.append(line + (" ⚠️" if len(new) < len(cautions) else ""))
        shown += [f"⚠️ {escape(c)}" for c in new]
        said += new
    return "\n".join(shown + _source(notes, said))


def _dose_lines(t: Texts, plan: Plan, notes: DoseCautions | None = None) -> str:
    doses = sorted(plan.doses, key=lambda d: (d.at, d.weekday or 0))
    return _noted([(_dose_line(t, d), notes.for_dose(d) if notes else ()) for d in doses], notes)


def reminders_set(t: Texts, plan: Plan, zone_name: str, notes: DoseCautions | None = None) -> str:
    """The reminders now set; ``notes``: the cautions on what they have the person take."""
    if len(plan.doses) == 1:
        done = t._(
            "Done: I'll check in {when} ({zone}). Change it with /settings, stop it with /remind off.",
            when=_when(t, plan.doses[0]),
            zone=escape(zone_name),
        )
        return "\n".join([done, *_cautions(notes, notes.for_dose(plan.doses[0]) if notes else ())])
    return t._(
        "Done. Your check-ins ({zone}):\n{reminders}\nMove or drop one with /settings, stop them all with /remind off.",
        zone=escape(zone_name),
        reminders=_dose_lines(t, plan, notes),
    )


def _proposed_line(t: Texts, at: time, weekday: int | None, what: Sequence[str]) -> str:
    when = t._("{repeats} at <b>{time}</b>", repeats=repeats(weekday, t=t), time=t.time(at))
    return f"• {when}: {escape(', '.join(what))}"


def _weekday_short(t: Texts, number: int) -> str:
    """A weekday's short name for a button, Monday being 0: Mo / пн / Mo."""
    return str(t.locale.days["stand-alone"]["short"][number])


def _whole_tablet(t: Texts, product: str, mg: float) -> str:
    return t._(WHOLE_TABLET, product=escape(product), amount=t.amount(mg, "mg"))


def _rule(t: Texts, rule: TimingRule) -> str:
    """A timing rule as the plan quotes it: what it asks, the source's own words, and the source."""
    # TRANSLATORS: the text of a link to a timing rule's source
    word = t._("link")
    link = f' <a href="{escape(rule.url)}">{word}</a>' if rule.url else ""
    return f"• {escape(t._(rule.rule))}\n<i>“{escape(rule.quote)}”</i> — {escape(cited(t._(rule.cited)))}{link}"


def _gap(t: Texts, gap: timedelta) -> str:
    minutes = int(gap.total_seconds() // 60)
    if minutes % 60 == 0:
        return t.ngettext("{n} hour", "{n} hours", minutes // 60)
    return t.ngettext("{n} minute", "{n} minutes", minutes)


def move_clash(t: Texts, dose: Dose, at: time, found: Sequence[Clash]) -> Reply:
    """A move that would break the plan's spacing rules, not applied: each rule with its source,
    then keep the old time or pick another; where no rule broken is the official text's own (a
    precaution), the move also applies once the person says their doctor or pharmacist agreed it."""
    lines = [
        t._(
            "⚠️ At {time}, this reminder would be less than {gap} from the one at {other} ({items}). "
            "The plan keeps them apart by this rule:",
            time=t.time(at),
            gap=_gap(t, clash.gap),
            other=t.time(clash.near.at),
            items=escape(", ".join(clash.near.what)),
        )
        + "\n"
        + _rule(t, clash.rule)
        for clash in found
    ]
    firm = any(clash.firm for clash in found)
    if firm:
        ending = t._(
            "This gap is in the official text itself, so the reminder stays at {time}: keep it, or pick a time "
            "that keeps the gap.",
            time=t.time(dose.at),
        )
    else:
        ending = t._(
            "This gap is a precaution, not the official text's own words: the reminder stays at {time} unless "
            "your doctor or pharmacist agreed the new time with you.",
            time=t.time(dose.at),
        )
    number = str(dose.number)
    rows = [
        [
            _button(t.pgettext("button", "Keep {time}", time=t.time(dose.at)), Action.KEEP_TIME, value=number),
            _button(t.pgettext("button", "Pick another time"), Action.MOVE_DOSE, value=number),
        ]
    ]
    if not firm:
        agreed = t.pgettext("button", "My doctor or pharmacist agreed {time}", time=t.time(at))
        rows.append([_button(agreed, Action.MOVE_AGREED, number, at.strftime("%H:%M"))])
    return Reply("\n\n".join([*lines, ending]), InlineKeyboardMarkup(rows))


def proposal(
    t: Texts,
    found: Proposal,
    zone_name: str,
    plan: Plan | None,
    weekday: int | None,
    stamp: str,
    *,
    stale: bool = False,
    notes: DoseCautions | None = None,
) -> Reply:
    """A day plan from what the person takes, each rule behind it with its source; the person
    uses it, picks their own times, or says on which weekday a weekly medicine is taken.
    ``stamp``: what it was made from (the button uses it only while that is so); ``stale``: an
    earlier one was tapped after the reminders or the check changed, and is shown afresh instead;
    ``notes``: the result's cautions, each said beside the doses it concerns."""
    lines = _noted(
        [(_proposed_line(t, d.at, d.weekday, d.what), notes.for_dose(d) if notes else ()) for d in found.doses], notes
    )
    if found.day_needed and found.weekly_medicine is not None:
        lines += "\n• " + t._(
            "once a week, on the day you tap below: {medicine}", medicine=escape(found.weekly_medicine)
        )
    head = t._("<b>A day plan from what you take</b> ({zone})\n{lines}", zone=escape(zone_name), lines=lines)
    rules = [_rule(t, r) for r in found.rules]
    blocks = [head]
    if stale:
        changed = t._(
            "⚠️ Your reminders or your check have changed since that plan was shown, so I didn't use it. "
            "Here is the plan from what you have now:"
        )
        blocks.insert(0, changed)
    if found.both_first_thing:  # before the rules too: never what gives way to the length
        blocks.append("⚠️ " + t._(BOTH_FIRST_THING))
    blocks += ["⚠️ " + _whole_tablet(t, product, mg) for product, mg in found.whole]
    if found.ask_pharmacist:  # before the rules, so that it is never what gives way to the length
        blocks.append("⚠️ " + t._("Some of what you take has timing rules I can't settle for you: ask your pharmacist."))
    if rules:  # each rule a block of its own: as many as fit are shown, in full
        blocks.append(t._("<b>Why these times</b> (official sources)") + "\n" + rules[0])
        blocks.extend(rules[1:])
    ending = t._("Meal and bed times are my guesses: move any reminder in /settings.") + " " + _disclaimer(t)
    if plan is not None:
        replaces = t.ngettext(
            "This replaces your {n} reminder now set.", "This replaces your {n} reminders now set.", len(plan.doses)
        )
        ending = replaces + " " + ending
    value = "" if weekday is None else str(weekday)
    rows = [
        [_button("✅ " + t.pgettext("button", "Use this plan"), Action.PLAN_ACCEPT, stamp, value)],
        [_button(t.pgettext("button", "Pick my own times"), Action.ADD_TIME)],
    ]
    if found.weekly_medicine is not None:
        days = [_button(_weekday_short(t, n), Action.PLAN_DAY, value=str(n)) for n in range(7)]
        medicine = found.weekly_medicine
        if not found.said_weekly:
            every_day = t.pgettext("button", "{medicine} every day", medicine=medicine)
            rows.insert(1, [_button(every_day, Action.PLAN_DAY)])
        if any(d.weekday is not None for d in found.doses):  # its day is known: said, or tapped
            ask = t._("Another day for the {medicine}? Tap it.", medicine=escape(medicine.lower()))
        elif found.said_weekly:
            ask = t._("On which day do you take the {medicine}? Tap it.", medicine=escape(medicine.lower()))
        else:
            ask = t._("Take the {medicine} once a week? Tap its day.", medicine=escape(medicine.lower()))
        ending = ask + " " + ending
        rows.insert(1, days)
    return Reply(_fit(blocks, ending, "<i>" + t._("…and more rules.") + "</i>"), InlineKeyboardMarkup(rows))


def report_caption(t: Texts) -> str:
    return t._(
        "Your CaMag report for your doctor: totals, supplements and when you take them, medicines, "
        "adherence, cautions and sources."
    )


def checkins_csv_caption(t: Texts) -> str:
    # TRANSLATORS: the words in quotes are the file's own column headings and answers (msgctxt "csv
    # column" and "csv status"): write them as translated there
    return t._(
        "Your check-ins, a row a day (opens in any spreadsheet). “share taken” goes from 0 (nothing) to 1 "
        "(everything); “doses” gives each reminder's answer by its number (“2: all taken” is the day's "
        "reminder 2), with what was taken when only part was; “ratio” is the day's calcium : magnesium "
        "ratio, where it could be worked out."
    )


def nothing_to_plan(t: Texts) -> str:
    return t._(
        "Your latest check lists no supplements or medicines to plan around. Pick your own times, "
        "or /check again with what you take."
    )


def refill_prompt(t: Texts, items: Sequence[str], plan: Plan | None) -> Reply:
    if not items:
        return Reply(
            t._(
                "Refills are counted for the supplements in your reminders: use /remind and “Plan my day from "
                "what I take” first."
            )
        )
    packs = {p.item: p.left for p in plan.packs} if plan is not None else {}
    lines = "\n".join(
        "• "
        + (
            t.ngettext("{item}: {n} tablet left", "{item}: {n} tablets left", packs[i], item=escape(i))
            if i in packs
            else t._("{item}: not counted", item=escape(i))
        )
        for i in items
    )
    buttons = [_button(_clip(i, 40), Action.REFILL, value=str(n)) for n, i in enumerate(items)]
    text = t._("<b>Refills</b>\n{lines}\nWhich one did you get a new pack of?", lines=lines)
    return Reply(text, InlineKeyboardMarkup(_rows(buttons, 1)))


def refill_count_prompt(t: Texts, item: str, *, problem: bool = False) -> str:
    ask = t._("How many tablets of <b>{item}</b> are there now? Type a number, like 60.", item=escape(item))
    if not problem:
        return ask
    return (
        "⚠️ " + t._("Please type just the number of tablets, from 0 to {most}.", most=t.number(MAX_PACK)) + "\n\n" + ask
    )


def refill_set(t: Texts, item: str, left: int, per_day: float) -> str:
    said = [
        t.ngettext(
            "Noted: {n} tablet of <b>{item}</b>.", "Noted: {n} tablets of <b>{item}</b>.", left, item=escape(item)
        )
    ]
    if per_day:
        said.append(
            t.ngettext(
                "At {per_day} a day, that lasts about {n} day.",
                "At {per_day} a day, that lasts about {n} days.",
                round(left / per_day),
                per_day=t.decimal(per_day, 2),
            )
        )
    said.append(
        t.ngettext(
            "I count one tablet each time you tick it taken, and tell you when about {n} day is left.",
            "I count one tablet each time you tick it taken, and tell you when about {n} days are left.",
            REFILL_WARNING_DAYS,
        )
    )
    return " ".join(said)


def running_low(t: Texts, low: Sequence[Low], notes: DoseCautions | None = None) -> str:
    """Packs running low; ``notes``: the cautions, beside an item that holds the nutrient."""
    lines = _noted(
        [
            (
                "• "
                + t.ngettext(
                    "{item}: {left} left, about {n} day",
                    "{item}: {left} left, about {n} days",
                    round(p.days),
                    item=escape(p.item),
                    left=t.number(p.left),
                ),
                notes.for_items([p.item]) if notes else (),
            )
            for p in low
        ],
        notes,
    )
    return t._("🛒 <b>Running low</b>\n{lines}\nTime to get the next pack; /refill when you have it.", lines=lines)


def plan_full(t: Texts) -> str:
    return t._(
        "You have {most} reminders already, the most I keep. Drop one in /settings first.", most=t.number(MAX_DOSES)
    )


def reminder_off(t: Texts) -> str:
    return t._("Check-ins are off, and their times are cleared. /remind sets new ones.")


def settings_view(t: Texts, plan: Plan | None, zone_name: str | None, notes: DoseCautions | None = None) -> Reply:
    """The reminders and the time zone, with buttons to change them; ``notes``: the upper-limit
    cautions on what the reminders have the person take."""
    if plan is None:
        text = t._("<b>Settings</b>\nDaily check-ins: off")
    else:
        weekly = any(d.weekly for d in plan.doses)
        if plan.paused:
            heading = (
                t._("<b>Settings</b>\nCheck-ins (paused while you had me blocked):")
                if weekly
                else t._("<b>Settings</b>\nDaily check-ins (paused while you had me blocked):")
            )
        else:
            heading = t._("<b>Settings</b>\nCheck-ins:") if weekly else t._("<b>Settings</b>\nDaily check-ins:")
        text = heading + "\n" + _dose_lines(t, plan, notes)
    zone = escape(zone_name) if zone_name else t._("not set")
    text += "\n" + t._("Time zone: <b>{zone}</b>", zone=zone)
    rows = []
    for dose in plan.doses if plan is not None else ():
        at = t.time(dose.at)
        rows.append(
            [
                _button(t.pgettext("button", "Move {time}", time=at), Action.MOVE_DOSE, value=str(dose.number)),
                _button(t.pgettext("button", "Drop {time}", time=at), Action.DROP_DOSE, value=str(dose.number)),
            ]
        )
    rows.append(
        [
            _button(t.pgettext("button", "Add a time"), Action.ADD_TIME),
            _button(t.pgettext("button", "Change time zone"), Action.CHANGE_ZONE),
        ]
    )
    if plan is not None:
        rows.append([_button(t.pgettext("button", "Turn check-ins off"), Action.REMIND_OFF)])
    return Reply(text, InlineKeyboardMarkup(rows))


def week_summary(t: Texts, week: Period) -> str:
    average = t._("not known") if week.average_ratio is None else t.ratio(week.average_ratio)
    return t.ngettext(
        "<b>Your week</b>: checked in on {checked} of {n} day; adherence {adherence}; "
        "average calcium : magnesium ratio {average}.",
        "<b>Your week</b>: checked in on {checked} of {n} days; adherence {adherence}; "
        "average calcium : magnesium ratio {average}.",
        week.counted,
        checked=t.number(week.checked_in),
        adherence=t.percent(week.adherence),
        average=average,
    )


def checkin_target(question: str) -> tuple[date, int, str | None]:
    """The day, the dose and the dose's stamp a check-in button is for (buttons made before
    stamps name none; those of a plan's first dose, no dose either)."""
    day, _, rest = question.partition("/")
    dose, _, stamp = rest.partition("/")
    return date.fromisoformat(day), int(dose) if dose else 1, stamp or None


def _target(day: date, dose: Dose) -> str:
    """A dose's check-in: its day, its number and its stamp (what it is: a time, a weekday, items)."""
    return f"{day.isoformat()}/{dose.number}/{dose.stamp}"


def _part_of_day(at: time) -> str:
    if at.hour < 12:
        return "morning"
    if at.hour < 17:
        return "afternoon"
    return "evening" if at.hour < 21 else "night"


# What is due at a dose's time, by the part of the day it falls in.
_DUE = {
    "morning": N_("Due this morning ({time}):\n{items}\nDid you take it?"),
    "afternoon": N_("Due this afternoon ({time}):\n{items}\nDid you take it?"),
    "evening": N_("Due this evening ({time}):\n{items}\nDid you take it?"),
    "night": N_("Due tonight ({time}):\n{items}\nDid you take it?"),
}
_TIME_FOR = {
    "morning": N_("Time for your morning supplements ({time}). Did you take them?"),
    "afternoon": N_("Time for your afternoon supplements ({time}). Did you take them?"),
    "evening": N_("Time for your evening supplements ({time}). Did you take them?"),
    "night": N_("Time for your night supplements ({time}). Did you take them?"),
}


def checkin(
    t: Texts,
    day: date,
    dose: Dose,
    week: Period | None = None,
    *,
    several: bool = False,
    ticked: int = 0,
    notes: DoseCautions | None = None,
) -> Reply:
    """The check-in for a dose: what is due now, worded for its time of day (a morning one asks
    about the dose just due, not about a day barely begun). A dose of named items, or one of
    several, is a tick-list answered on its own (``ticked``: the items ticked so far, a bit each).
    ``notes``: the result's cautions, said under the items they concern."""
    part = _part_of_day(dose.at)
    if dose.weekly:
        text = t._("<b>Weekly check-in, {day}</b>", day=_day(t, day)) + "\n"
    else:
        text = t._("<b>Daily check-in, {day}</b>", day=_day(t, day)) + "\n"
    if dose.what:
        cautions = _cautions(notes, notes.for_dose(dose) if notes else ())
        items = "\n".join([*(f"• {escape(w)}" for w in dose.what), *cautions])
        text += t._(_DUE[part], time=t.time(dose.at), items=items)
    elif several or part == "morning":
        text += t._(_TIME_FOR[part], time=t.time(dose.at))
    else:
        text += t._("How did your supplements go today?")
    if week is not None:
        text += "\n\n" + week_summary(t, week)
    target = _target(day, dose)
    if not (dose.what or several):
        buttons = [_button(mark + t._(label), Action.CHECKIN, target, value) for value, mark, label in CHECKIN_CHOICES]
        return Reply(text, InlineKeyboardMarkup(_rows(buttons, 2)))
    rows = []
    if len(dose.what) > 1:
        for n, item in enumerate(dose.what):
            mark = "✅" if ticked >> n & 1 else "▫️"
            rows.append([_button(f"{mark} {_clip(item, 40)}", Action.CHECKIN, target, f"t{ticked ^ 1 << n}")])
        text += "\n" + t._("Tick what you took, or answer for all of it.")
    if ticked:
        rows.append(
            [_button("☑️ " + t.pgettext("button", "Only the ticked ones"), Action.CHECKIN, target, f"m{ticked}")]
        )
    rows += _rows([_button(mark + t._(label), Action.CHECKIN, target, value) for value, mark, label in DOSE_CHOICES], 2)
    return Reply(text, InlineKeyboardMarkup(rows))


# A dose's answers (callback data: the value) and their buttons' labels.
DOSE_CHOICES = (
    ("all", "✅ ", N_("Took it")),
    ("none", "⭕ ", N_("Didn't take it")),
    ("snooze", "⏰ ", N_("Snooze 1 hour")),
    ("skipped", "⏭️ ", N_("Skip this one")),
)
# A dose's answer in a list of what was noted ("• 07:00: took it").
_DOSE_WORDS = {
    "all": N_("took it"),
    "some": N_("took part of it"),
    "none": N_("didn't take it"),
    "skipped": N_("skipped it"),
    "logged": N_("logged what you took"),
}


def dose_recorded(t: Texts, day: date, answered: Sequence[tuple[Dose, DoseAnswer]]) -> Reply:
    """What was noted for each dose answered, with buttons to change the last one."""
    lines = []
    for dose, answer in answered:
        said = t._(_DOSE_WORDS[answer.status]) if answer.status in _DOSE_WORDS else answer.status
        if answer.taken:
            said = t._("took only {items}", items=", ".join(answer.taken))
        lines.append(f"• {t.time(dose.at)}: {escape(said)}")
    text = t._(
        "<b>{day}</b>: Noted!\n{lines}\nTap another answer to change it.", day=_day(t, day), lines="\n".join(lines)
    )
    dose = answered[-1][0]
    target = _target(day, dose)
    buttons = [
        _button(mark + t._(label), Action.CHECKIN, target, value)
        for value, mark, label in DOSE_CHOICES
        if value != "snooze"
    ]
    return Reply(text, InlineKeyboardMarkup(_rows(buttons, 3)))


def checkin_not_yet(t: Texts, comes: datetime, today: date) -> str:
    """A check-in answer typed before the day's first check-in was sent: when it comes (local)."""
    if comes.date() == today:
        return t._("Today's check-in comes at <b>{time}</b>: answer it then.", time=t.time(comes.time()))
    return t._(
        "Your next check-in comes on {weekday} at <b>{time}</b>: answer it then.",
        weekday=t.weekday(comes.weekday()),
        time=t.time(comes.time()),
    )


def checkin_answered_already(t: Texts) -> str:
    return t._("Today's check-in is answered already. To change the answer, tap a button on the check-in.")


def checkin_recorded(t: Texts, day: date, status: str, ratio: float | None) -> Reply:
    text = t._(_NOTED[status], day=_day(t, day))
    if ratio is not None:
        text += " " + t._("That day's calcium : magnesium ratio comes to about {ratio}.", ratio=t.ratio(ratio))
    text += "\n" + t._("Tap another answer to change it.")
    buttons = [
        _button(mark + t._(label), Action.CHECKIN, day.isoformat(), value)
        for value, mark, label in CHECKIN_CHOICES
        if value not in ("snooze", "log")
    ]
    return Reply(text, InlineKeyboardMarkup(_rows(buttons, 2)))


def checkin_changed(t: Texts) -> str:
    """A check-in tapped after its reminder was moved, dropped or replaced by a new plan."""
    return t._(
        "This check-in is for a reminder that has changed since, so I didn't note anything. "
        "Please answer the latest check-in, or type what you took."
    )


def checkin_after_erase(t: Texts) -> str:
    """A check-in tapped by someone with nothing stored: their data was erased since it was sent."""
    return t._("Your data was erased, reminders included, so I didn't note this check-in. Send /check to start again.")


def snooze_answered(t: Texts, day: date) -> str:
    """Snooze tapped on a check-in already answered: nothing more is asked."""
    return "✅ " + t._("The check-in for {day} is answered already, so I won't ask about it again.", day=_day(t, day))


def snoozed(t: Texts, until: time) -> str:
    return "⏰ " + t._("Snoozed: I'll ask again at {time}.", time=t.time(until))


def log_supplements_prompt(t: Texts, day: date, problem: str | None = None) -> str:
    """Asked again with ``problem`` (which may quote what was typed) when the answer was not read."""
    text = t._(
        "<b>{day}</b>: which supplements did you take? Several at once are fine, like "
        "“500 mg calcium citrate, 1000 IU vitamin D”, or “none”.",
        day=_day(t, day),
    )
    return text if problem is None else f"⚠️ {escape(problem)}\n\n{text}"


def log_amount_missing(t: Texts, typed: str) -> str:
    return t._(
        "I read “{typed}”, but not how much is in each. Please add the amount from the label, like "
        "“2 pills of 200 mg magnesium citrate”, or type “don't know” to log them without an amount.",
        typed=escape(typed),
    )


def logged(t: Texts, day: date, taken: Sequence[Supplement]) -> str:
    if not taken:
        return t._("<b>{day}</b>: logged no supplements.", day=_day(t, day))
    return t._("<b>{day}</b>: logged {supplements}.", day=_day(t, day), supplements=escape(describe_all(taken, t=t)))


def log_food_prompt(t: Texts) -> str:
    return t._("Anything notable you ate or drank today (spinach, a lot of dairy, soft drinks)? Or type “no”.")


def history(t: Texts, week: Period, month: Period, streak_days: int, latest: Assessment | None = None) -> str:
    """The week's and the month's check-ins; a period without a day's own ratio says why, and
    gives the ratio of the ``latest`` check instead, where it has one."""
    if latest is not None and latest.ratio is not None and latest.ratio_bound == "exact":
        none_yet = t._(
            "no day's own ratio yet (a day has one once all its doses are answered, or its supplements "
            "logged); your latest check: about {ratio}",
            ratio=t.ratio(latest.ratio),
        )
    else:
        none_yet = t._("no ratios yet")

    def block(p: Period) -> str:
        if not p.counted:
            return t._("No day to count yet: today counts once its check-in is answered.")
        ratios = " → ".join(_one_place(t, r) for _, r in p.ratios[-10:]) or none_yet
        average = "–" if p.average_ratio is None else t.ratio(p.average_ratio)
        checked = t.ngettext(
            "Checked in on {checked} of {n} day",
            "Checked in on {checked} of {n} days",
            p.counted,
            checked=t.number(p.checked_in),
        )
        went = days_went(p, t=t)
        figures = t._(
            "Adherence {adherence} · average ratio {average}", adherence=t.percent(p.adherence), average=average
        )
        trend = t._("Ratio trend: {ratios}", ratios=ratios)
        # TRANSLATORS: the days checked in, then how they went: "Checked in on 3 of 4 days: 2 days all taken ..."
        checked = t._("{checked}: {went}", checked=checked, went=went) if went else checked
        return f"{checked}\n{figures}\n{trend}"

    def title(p: Period, most: int) -> str:
        if p.days == most:
            return t.ngettext("Last {n} day", "Last {n} days", most)
        return t.ngettext("Since your first check-in ({n} day)", "Since your first check-in ({n} days)", p.days)

    streak = t.ngettext("Streak: {n} day in a row", "Streak: {n} days in a row", streak_days)
    text = t._("<b>Your history</b>") + f"\n{streak}\n\n<b>{title(week, 7)}</b>\n{block(week)}"
    if month.days > week.days:
        text += f"\n\n<b>{title(month, 30)}</b>\n{block(month)}"
    return text


def history_caption(t: Texts, month: Period) -> str:
    return t.ngettext(
        "Your calcium : magnesium ratio on the days it could be worked out, over {n} day, "
        "against the articles' 1:1 and the traditional 2:1.",
        "Your calcium : magnesium ratio on the days it could be worked out, over {n} days, "
        "against the articles' 1:1 and the traditional 2:1.",
        month.days,
    )


def history_waiting(t: Texts) -> str:
    """Today's check-in was sent and waits for its answer: today is counted once it is answered."""
    return "⏳ " + t._(
        "Today's check-in is waiting for your answer: tap a button on it, or type how it went "
        "(like “took them all”). Today counts once you answer."
    )


def no_history(t: Texts, first: datetime | None = None, today: date | None = None) -> str:
    """Nothing answered yet; ``first``: when the first check-in comes (local), when reminders are set."""
    if first is None or today is None:
        return t._("No check-ins yet. /remind sets up a daily check-in.")
    at = t.time(first.time())
    ahead = (first.date() - today).days
    if ahead == 0:
        comes = t._(
            "No check-ins answered yet. Your reminders are set: the first check-in comes today at <b>{time}</b>.",
            time=at,
        )
    elif ahead == 1:
        comes = t._(
            "No check-ins answered yet. Your reminders are set: the first check-in comes tomorrow at <b>{time}</b>.",
            time=at,
        )
    else:
        comes = t._(
            "No check-ins answered yet. Your reminders are set: the first check-in comes on {weekday} "
            "at <b>{time}</b>.",
            weekday=t.weekday(first.weekday()),
            time=at,
        )
    return comes + " " + t._("/settings shows them all.")


# Privacy


def privacy_policy(t: Texts) -> str:
    return t._(
        "<b>Your privacy</b>\n"
        "<b>What I store</b>: your Telegram user and chat ids; your check answers (age, sex, pregnancy, "
        "food, soft drinks, supplements, conditions, medicines) and each result; your daily check-ins "
        "(how the day went, supplements logged, any food note); your reminder time and time zone; your "
        "language; an unfinished check; a label read from a photo, until you confirm it (then only what you "
        "confirmed, as your supplements); while a photo is being read, Telegram's id for it and its caption. Not "
        "your name, username or phone number, and never the photo itself: "
        "a photo of a label is read and then dropped, on this machine, by an OCR engine that sends nothing "
        "anywhere.\n"
        "<b>Where</b>: on the machine that runs this bot, in files only it can read. Nothing is shared "
        "with anyone, and logs never hold what you typed.\n"
        "<b>For how long</b>: until you erase it.\n"
        "<b>Your data, your call</b>: /mydata sends you everything as a file; /forget erases all of it.\n\n"
        "<i>CaMag gives information, not medical advice.</i>"
    )


def mydata_caption(t: Texts) -> str:
    return t._("Everything CaMag has stored about you. /forget erases it.")


def mydata_summary(
    t: Texts, latest: Answers | None, results: int, checkins: int, reminder: str | None, unfinished: int | None
) -> str:
    """What is stored, in a few lines beside the file: the latest answers, how many results and
    check-ins, the reminder, an unfinished check."""
    lines = [t._("<b>What CaMag keeps about you</b>")]
    if latest is not None:
        draft = draft_from(latest)
        said = "; ".join(f"{short(q, t=t)}: {shown(q, draft, t=t)}" for q in applicable(draft))
        lines.append("• " + t._("Your latest answers: {answers}", answers=escape(_clip(said, 2500))))
    lines.append("• " + (t._("Results: {count}", count=t.number(results)) if results else t._("No results")))
    lines.append(
        "• " + (t._("Daily check-ins: {count}", count=t.number(checkins)) if checkins else t._("No daily check-ins"))
    )
    lines.append("• " + (t._("Reminder: {reminder}", reminder=escape(reminder)) if reminder else t._("No reminder")))
    if unfinished:
        lines.append(
            "• " + t.ngettext("An unfinished check with {n} answer", "An unfinished check with {n} answers", unfinished)
        )
    lines.append(t._("The file holds all of it, word for word. /forget erases everything."))
    return "\n".join(lines)


def forget_confirm(t: Texts) -> Reply:
    text = t._(
        "<b>Erase everything?</b>\nYour answers, results, check-ins, reminder and any unfinished "
        "check will be deleted for good. This can't be undone."
    )
    keyboard = InlineKeyboardMarkup(
        [
            [
                _button(t.pgettext("button", "Yes, erase everything"), Action.FORGET),
                _button(t.pgettext("button", "No, keep it"), Action.KEEP),
            ]
        ]
    )
    return Reply(text, keyboard)


def forgotten(t: Texts) -> str:
    return t._("Done: everything CaMag stored about you has been erased. /start begins afresh.")


def kept(t: Texts) -> str:
    return t._("Nothing was erased.")


def kept_typed(t: Texts) -> str:
    return t._('Nothing was erased: only a plain "yes" (or the button above) erases everything. /forget asks again.')
